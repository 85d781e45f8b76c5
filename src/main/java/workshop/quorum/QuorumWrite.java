package workshop.quorum;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides a quorum write from the replicas' acknowledgements: it succeeds when at least W stored
 * the new version. A failed write is <em>not undone</em> on the replicas that did store it (nobody
 * rolls back in Dynamo-style stores), so a later read may still return it: "failed" means "not
 * promised", not "did not happen".
 *
 * <p>An answer is not an acknowledgement. A replica that already holds a newer version of the key
 * answers, but keeps its own: it <em>refused</em> the write, and a refusal counts against W exactly
 * as silence does (the original counted it as an ack, and then answered "success" for a value no
 * read would ever return). The result says which replicas refused and what they hold, so the caller
 * can tell a conflict from an outage.
 */
public final class QuorumWrite {
  private QuorumWrite() {}

  /** How one replica answered a write. */
  public enum Outcome {
    /** It holds the written version now. */
    STORED,
    /** It answered, but holds another value at a version at least as high, and kept it. */
    REFUSED,
    /** No answer, or not one that says anything (down, cut off, timed out, an error). */
    UNREACHABLE
  }

  /**
   * One replica's answer to a write.
   *
   * @param holds the version the replica said it holds (0 when it did not say)
   */
  public record Ack(String replica, Outcome outcome, String reason, long holds) {
    public static Ack stored(String replica) {
      return new Ack(replica, Outcome.STORED, "stored", 0);
    }

    /** No usable answer: down, cut off, timed out, or an error status. */
    public static Ack failed(String replica, String reason) {
      return new Ack(replica, Outcome.UNREACHABLE, reason, 0);
    }

    /**
     * What a replica's answer to a write of {@code sent} means: {@code kept} is whether it says it
     * took the value, {@code held} what it holds now ({@code held.value()} may be unknown: null).
     *
     * <p>A replica that holds the very version sent holds this write: versions name writes (every
     * coordinator's clock gives each write its own), so another copy of it (anti-entropy, a read
     * repair) got there first. Unless it says it holds another value at that version: then two
     * writers used one version, and the replica keeps what it had.
     */
    public static Ack answer(String replica, Versioned sent, boolean kept, Held held) {
      if (kept) {
        return stored(replica);
      }
      if (held.version() == sent.version()
          && (held.value() == null || held.value().equals(sent.value()))) {
        return stored(replica);
      }
      String why =
          held.version() > sent.version()
              ? "holds v" + held.version() + ", newer than v" + sent.version()
              : held.version() == sent.version()
                  ? "holds another value at v" + held.version()
                  : "did not store it (holds v" + held.version() + ")";
      return new Ack(replica, Outcome.REFUSED, "refused: " + why, held.version());
    }

    public boolean stored() {
      return outcome == Outcome.STORED;
    }
  }

  /** What a replica says it holds after a write: a version, and the value when it says it. */
  public record Held(String value, long version) {}

  public record Result(
      boolean ok, Versioned value, List<String> acked, List<Ack> failed, String reason) {
    /** Replicas that answered but kept a value of their own. */
    public List<Ack> refused() {
      return failed.stream().filter(a -> a.outcome() == Outcome.REFUSED).toList();
    }

    /** The highest version a refusing replica holds, or 0: a retry must write above it. */
    public long highestHeld() {
      return failed.stream().mapToLong(Ack::holds).max().orElse(0);
    }
  }

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
      List<String> refusals =
          failed.stream()
              .filter(a -> a.outcome() == Outcome.REFUSED)
              .map(a -> a.replica() + " " + a.reason())
              .toList();
      reason =
          "FAILURE. Only "
              + acked.size()
              + "/"
              + acks.size()
              + " nodes stored it. W="
              + config.w()
              + " not met."
              + (refusals.isEmpty() ? "" : " (" + String.join("; ", refusals) + ")")
              + (acked.isEmpty()
                  ? ""
                  : " ("
                      + String.join(", ", acked)
                      + " kept it anyway: a failed write is not undone.)");
    }
    return new Result(ok, value, List.copyOf(acked), List.copyOf(failed), reason);
  }
}
