package workshop.gossip;

/**
 * What gossip nodes send each other. Peers are numbers the shell maps to addresses (an index into
 * {@code --neighbors} over HTTP, a node number in the simulator).
 */
public sealed interface GossipMessage {
  int from();

  int to();

  GossipState state();

  /** "Here is what I know": the receiver merges and answers nothing. */
  record Push(int from, int to, GossipState state) implements GossipMessage {}

  /**
   * "What do you know?", carrying the sender's state in push-pull mode (empty in pull mode): the
   * receiver merges it and answers with a {@link PullReply}.
   */
  record PullRequest(int from, int to, GossipState state) implements GossipMessage {}

  /** The answer to a {@link PullRequest}: the replier's state after merging the request. */
  record PullReply(int from, int to, GossipState state) implements GossipMessage {}
}
