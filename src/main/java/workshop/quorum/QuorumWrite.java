package workshop.quorum;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides a quorum write from the replicas' acknowledgements: it succeeds when at least W stored
 * the new version. A failed write is <em>not undone</em> on the replicas that did store it (nobody
 * rolls back in Dynamo-style stores), so a later read may still return it: "failed" means "not
 * promised", not "did not happen".
 */
public final class QuorumWrite {
  private QuorumWrite() {}

  /** One replica's answer to a write. */
  public record Ack(String replica, boolean stored, String reason) {
    public static Ack stored(String replica) {
      return new Ack(replica, true, "stored");
    }

    public static Ack failed(String replica, String reason) {
      return new Ack(replica, false, reason);
    }
  }

  public record Result(
      boolean ok, Versioned value, List<String> acked, List<Ack> failed, String reason) {}

  public static Result decide(QuorumConfig config, Versioned value, List<Ack> acks) {
    List<String> acked = new ArrayList<>();
    List<Ack> failed = new ArrayList<>();
    for (Ack ack : acks) {
      if (ack.stored()) {
        acked.add(ack.replica());
      } else {
        failed.add(ack);
      }
    }
    boolean ok = acked.size() >= config.w();
    String reason;
    if (ok) {
      reason =
          (failed.isEmpty() ? "SUCCESS" : "SUCCESS (Quorum Met)")
              + ". Version "
              + value.version()
              + " stored on "
              + Names.python(acked);
    } else {
      reason =
          "FAILURE. Only "
              + acked.size()
              + "/"
              + acks.size()
              + " nodes stored it. W="
              + config.w()
              + " not met."
              + (acked.isEmpty()
                  ? ""
                  : " ("
                      + String.join(", ", acked)
                      + " kept it anyway: a failed write is not undone.)");
    }
    return new Result(ok, value, List.copyOf(acked), List.copyOf(failed), reason);
  }
}
