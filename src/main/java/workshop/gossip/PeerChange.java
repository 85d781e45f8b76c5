package workshop.gossip;

import java.time.Instant;

/**
 * A peer became suspected or trusted again, and why.
 *
 * @param peer the peer's number
 */
public record PeerChange(int peer, boolean suspected, String reason, Instant at) {
  public String describe(String peerName) {
    return (suspected ? "suspect " : "trust ") + peerName + ": " + reason;
  }
}
