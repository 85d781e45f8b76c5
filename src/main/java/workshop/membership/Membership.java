package workshop.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's view of the cluster: who is alive, judged by heartbeats with a timeout (a
 * fixed-timeout failure detector, as in the original and in Consul's simplest mode).
 *
 * <p>Invariants: a member is ALIVE only if it was heard from within {@code timeout}; a heartbeat
 * from any member, known or not, makes it ALIVE, so members re-register by themselves after a
 * registry restart and come back after a pause; a member that LEFT on purpose stays out until it
 * heartbeats again as a new incarnation would. Every change is returned as an event with its
 * reason.
 *
 * <p>Where a member is reached is believed as far as the heartbeat that said so proved the
 * cluster's token: an address from such a heartbeat is {@link Member#provedToken}, and only another
 * heartbeat that proves the token may move that member elsewhere ({@link #refusal}). A heartbeat
 * without the token may still register a member or move one whose address no token vouched for, as
 * the original's nodes re-register by {@code node_id} alone; that is all a registry without a token
 * (on loopback) ever sees.
 *
 * <p>Trade-off: a fixed timeout is simple and predictable but cannot tell a slow member from a dead
 * one; a pause longer than the timeout gets a live member declared dead (the "gray failure"
 * discussion). Phi-accrual detectors adapt the threshold to observed jitter instead.
 *
 * <p>Not thread-safe; the registry serializes access. Time is always an argument.
 */
public final class Membership {
  /** The original's cluster health: healthy with 2 or more alive, degraded with 1, critical 0. */
  public enum Health {
    HEALTHY,
    DEGRADED,
    CRITICAL;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The health of a cluster with this many members serving. */
    public static Health of(int serving) {
      return serving >= 2 ? HEALTHY : serving == 1 ? DEGRADED : CRITICAL;
    }
  }

  private final MembershipConfig config;
  private final Map<String, Member> members = new LinkedHashMap<>();

  public Membership(MembershipConfig config) {
    this.config = config;
  }

  public MembershipConfig config() {
    return config;
  }

  /** A heartbeat from {@code id} that says nothing of its data: admits or refreshes it. */
  public Optional<MembershipEvent> heartbeat(String id, String address, Instant now) {
    return heartbeat(id, address, 0, false, now);
  }

  /** A heartbeat without the token from {@code id}, which holds {@code dataCount} keys. */
  public Optional<MembershipEvent> heartbeat(
      String id, String address, int dataCount, Instant now) {
    return heartbeat(id, address, dataCount, false, now);
  }

  /**
   * Why a heartbeat from {@code id} naming {@code address} may not be taken, if it may not: it
   * would move a member whose address a heartbeat with the token set, without proving the token.
   */
  public Optional<String> refusal(String id, String address, boolean provedToken) {
    Member before = members.get(id);
    if (provedToken
        || before == null
        || !before.provedToken()
        || before.address().equals(address)) {
      return Optional.empty();
    }
    return Optional.of(
        id
            + " is at "
            + before.address()
            + ", as heartbeats that proved the cluster's token said; one without the token may"
            + " not move it to "
            + address);
  }

  /**
   * A heartbeat from {@code id}, which holds {@code dataCount} keys and did or did not prove the
   * cluster's token: admits or refreshes it. Returns the change, if its status changed.
   *
   * @throws IllegalStateException when {@link #refusal} refuses it: ask first
   */
  public Optional<MembershipEvent> heartbeat(
      String id, String address, int dataCount, boolean provedToken, Instant now) {
    refusal(id, address, provedToken)
        .ifPresent(
            why -> {
              throw new IllegalStateException("a refused heartbeat: " + why);
            });
    Member before = members.get(id);
    String reason =
        before == null
            ? "first heartbeat"
            : switch (before.status()) {
              case ALIVE -> "heartbeat";
              case STARTING -> "first heartbeat after start";
              case DEAD ->
                  "heartbeat again after "
                      + seconds(Duration.between(before.lastHeard(), now))
                      + " of silence";
              case LEFT -> "heartbeat after it had left: rejoined";
            };
    // The same address keeps the proof it had; a new one has the proof of this heartbeat.
    boolean proved =
        provedToken || (before != null && before.provedToken() && before.address().equals(address));
    members.put(id, new Member(id, address, MemberStatus.ALIVE, now, reason, dataCount, proved));
    if (before != null && before.status() == MemberStatus.ALIVE) {
      return Optional.empty();
    }
    return Optional.of(
        new MembershipEvent(
            id, before == null ? null : before.status(), MemberStatus.ALIVE, now, reason));
  }

  /** Announces a member that is being started, so views show it before its first heartbeat. */
  public Optional<MembershipEvent> expect(String id, String address, Instant now) {
    Member before = members.get(id);
    if (before != null && before.status() == MemberStatus.ALIVE) {
      return Optional.empty();
    }
    String reason = "started; waiting for its first heartbeat";
    boolean proved = before != null && before.provedToken() && before.address().equals(address);
    members.put(id, new Member(id, address, MemberStatus.STARTING, now, reason, 0, proved));
    return Optional.of(
        new MembershipEvent(
            id, before == null ? null : before.status(), MemberStatus.STARTING, now, reason));
  }

  /** A member leaves on purpose (it said goodbye, or was killed through the registry). */
  public Optional<MembershipEvent> leave(String id, Instant now, String reason) {
    Member before = members.get(id);
    if (before == null || before.status() == MemberStatus.LEFT) {
      return Optional.empty();
    }
    members.put(id, before.with(MemberStatus.LEFT, now, reason));
    return Optional.of(new MembershipEvent(id, before.status(), MemberStatus.LEFT, now, reason));
  }

  /**
   * Declares a member dead at once, without waiting for the timeout (it was killed on purpose; it
   * stays part of the cluster and comes back with its next heartbeat).
   */
  public Optional<MembershipEvent> kill(String id, Instant now, String reason) {
    Member before = members.get(id);
    if (before == null || before.status() == MemberStatus.DEAD) {
      return Optional.empty();
    }
    members.put(id, before.with(MemberStatus.DEAD, now, reason));
    return Optional.of(new MembershipEvent(id, before.status(), MemberStatus.DEAD, now, reason));
  }

  /**
   * Declares dead every ALIVE or STARTING member silent for longer than the timeout. Call it about
   * once a second.
   */
  public List<MembershipEvent> sweep(Instant now) {
    List<MembershipEvent> events = new ArrayList<>();
    for (Member m : List.copyOf(members.values())) {
      boolean watched = m.status() == MemberStatus.ALIVE || m.status() == MemberStatus.STARTING;
      Duration silent = Duration.between(m.lastHeard(), now);
      if (watched && silent.compareTo(config.timeout()) > 0) {
        String reason =
            m.status() == MemberStatus.STARTING
                ? "never sent a heartbeat within " + seconds(config.timeout()) + " of starting"
                : "missed heartbeats: silent for "
                    + seconds(silent)
                    + " (timeout "
                    + seconds(config.timeout())
                    + ")";
        members.put(m.id(), m.with(MemberStatus.DEAD, m.lastHeard(), reason));
        events.add(new MembershipEvent(m.id(), m.status(), MemberStatus.DEAD, now, reason));
      }
    }
    return events;
  }

  public Optional<Member> get(String id) {
    return Optional.ofNullable(members.get(id));
  }

  /** Every member ever seen, in order of first contact. */
  public List<Member> all() {
    return List.copyOf(members.values());
  }

  /** The ALIVE members, sorted by id so every caller sees the same order. */
  public List<Member> alive() {
    return members.values().stream()
        .filter(m -> m.status() == MemberStatus.ALIVE)
        .sorted(Comparator.comparing(Member::id))
        .toList();
  }

  public Health health() {
    return Health.of(alive().size());
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
