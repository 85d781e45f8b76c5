package workshop.gossip;

/** A peer became suspected or trusted again, and why. */
public record PeerChange(String peer, boolean suspected, String reason) {
  /** {@code suspect node-3}, {@code trust node-3}: the event's "what". */
  public String what() {
    return (suspected ? "suspect " : "trust ") + peer;
  }
}
