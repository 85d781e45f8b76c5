package workshop.membership;

import java.time.Instant;

/**
 * One member as the registry sees it.
 *
 * @param lastHeard the last heartbeat (or the announcement, while {@link MemberStatus#STARTING})
 * @param reason why it has its current status, for logs and the dashboard
 */
public record Member(
    String id, String address, MemberStatus status, Instant lastHeard, String reason) {}
