package workshop.quorum;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a quorum read from the replies: it succeeds when at least R replicas answered, returns
 * the highest version among them (highest version wins), and names the replicas that answered with
 * something older or nothing at all so the coordinator can repair them (read repair, Dynamo section
 * 4.7). Pure: the shell asks the replicas and carries out the repairs.
 */
public final class QuorumRead {
  private QuorumRead() {}

  /**
   * @param answered replicas that answered, in order
   * @param unreachable replicas that did not answer, with why
   * @param latest the highest version among the answers, if any had the key
   * @param stale replicas that answered with an older version or none: the read-repair plan
   * @param reason one line in the original workshop's words
   */
  public record Result(
      boolean ok,
      List<String> answered,
      List<ReplicaReply.Unreachable> unreachable,
      Optional<Versioned> latest,
      List<String> stale,
      String reason) {}

  public static Result decide(QuorumConfig config, List<ReplicaReply> replies) {
    List<String> answered = new ArrayList<>();
    List<ReplicaReply.Unreachable> down = new ArrayList<>();
    Versioned latest = null;
    for (ReplicaReply reply : replies) {
      switch (reply) {
        case ReplicaReply.Found f -> {
          answered.add(f.replica());
          if (f.value().newerThan(latest)) {
            latest = f.value();
          }
        }
        case ReplicaReply.Missing m -> answered.add(m.replica());
        case ReplicaReply.Unreachable u -> down.add(u);
      }
    }
    boolean ok = answered.size() >= config.r();
    List<String> stale = new ArrayList<>();
    if (ok && latest != null) {
      for (ReplicaReply reply : replies) {
        boolean behind =
            reply instanceof ReplicaReply.Missing
                || (reply instanceof ReplicaReply.Found f
                    && f.value().version() < latest.version());
        if (behind) {
          stale.add(reply.replica());
        }
      }
    }
    return new Result(
        ok,
        List.copyOf(answered),
        List.copyOf(down),
        Optional.ofNullable(latest),
        stale,
        reason(config, ok, answered, replies.size(), latest, down.isEmpty()));
  }

  private static String reason(
      QuorumConfig config,
      boolean ok,
      List<String> answered,
      int asked,
      Versioned latest,
      boolean allAnswered) {
    if (!ok) {
      return "FAILURE. Only "
          + answered.size()
          + "/"
          + asked
          + " nodes alive. R="
          + config.r()
          + " not met.";
    }
    String got = latest == null ? "no value" : "Version " + latest.version();
    return (allAnswered ? "SUCCESS" : "SUCCESS (Quorum Met)")
        + ". Got "
        + got
        + " from "
        + Names.python(answered);
  }
}
