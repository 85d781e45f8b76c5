package workshop.gossip;

import java.util.List;
import java.util.Map;

/**
 * Everything gossip says: what peers send each other, what clients ask, and what nodes answer. A
 * sender is known by its name, which travels beside the message (the driver's envelope), so the
 * messages carry only what they mean.
 */
public sealed interface GossipMessage {
  // ---- between nodes --------------------------------------------------------------------------

  /** "Here is what I know": the receiver merges and answers nothing. */
  record Push(GossipState state) implements GossipMessage {
    @Override
    public String toString() {
      return "Push {" + state + "}";
    }
  }

  /**
   * "What do you know?", carrying the sender's state in push-pull mode (empty in pull mode): the
   * receiver merges it and answers with a {@link PullReply}.
   */
  record PullRequest(GossipState state) implements GossipMessage {
    @Override
    public String toString() {
      return "PullRequest {" + state + "}";
    }
  }

  /** The answer to a {@link PullRequest}: the replier's state after merging the request. */
  record PullReply(GossipState state) implements GossipMessage {
    @Override
    public String toString() {
      return "PullReply {" + state + "}";
    }
  }

  // ---- client requests ------------------------------------------------------------------------

  /** Bump this node's own version, with an optional value ({@code POST /update}). */
  record Update(String value) implements GossipMessage {
    @Override
    public String toString() {
      return value == null ? "Update" : "Update " + value;
    }
  }

  /** What do you know? ({@code GET /}, {@code GET /stats}) */
  record Read() implements GossipMessage {
    @Override
    public String toString() {
      return "Read";
    }
  }

  /**
   * Merge this state and show me yours: the original's {@code POST /gossip}, sent by a process that
   * is not one of our peers (a Python node, curl), which expects the merged state as the answer.
   */
  record Merge(GossipState state) implements GossipMessage {
    @Override
    public String toString() {
      return "Merge {" + state + "}";
    }
  }

  // ---- replies --------------------------------------------------------------------------------

  record Updated(long version) implements GossipMessage {
    @Override
    public String toString() {
      return "Updated to version " + version;
    }
  }

  record Merged(GossipState state) implements GossipMessage {
    @Override
    public String toString() {
      return "Merged {" + state + "}";
    }
  }

  /**
   * A node's state and counters.
   *
   * @param learnedAtMillis per node id, when (on this node's clock, epoch milliseconds) it learned
   *     its current entry
   */
  record Snapshot(
      int nodeId,
      GossipState state,
      Map<Integer, Long> learnedAtMillis,
      long rounds,
      long intervalMillis,
      String mode,
      int fanout,
      List<String> suspected,
      long messagesSent,
      long messagesReceived,
      long failedCalls)
      implements GossipMessage {
    public Snapshot {
      learnedAtMillis = Map.copyOf(learnedAtMillis);
      suspected = List.copyOf(suspected);
    }

    @Override
    public String toString() {
      return "Snapshot {" + state + "}";
    }
  }
}
