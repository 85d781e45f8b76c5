package workshop.gossip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A gossip node as a pure state machine (Demers et al. 1987; DDIA ch. 5, "anti-entropy"). Each
 * {@link #tick} is one round: pick {@code fanout} random peers and return the messages to send
 * them; {@link #receive} merges what a peer sent and returns the reply, if any. The shell (an HTTP
 * server, or the simulator) delivers the messages and reports each call's outcome with {@link
 * #onDelivered} or {@link #onFailed}, which drives peer suspicion.
 *
 * <p>Invariants: the state only grows under {@link GossipState#merge}, so delivering a message
 * twice or late is harmless; the node's own version only changes through {@link #update}. With
 * fanout 1, an update reaches all N nodes of a full mesh in about log2(N) + ln(N) rounds with push
 * (Pittel 1987), fewer with push-pull. Trade-off: every message carries the whole state, which is
 * simple and self-healing but grows with the cluster; real systems (Cassandra, Serf) send digests
 * first.
 *
 * <p>Not thread-safe; callers serialize access.
 */
public final class GossipNode {
  private final int id;
  private final PeerSet peers;
  private final GossipConfig config;
  private final PeerSuspicion suspicion;
  private final Map<Integer, Instant> learnedAt = new HashMap<>();
  private GossipState state;
  private long rounds;
  private long sent;
  private long received;

  public GossipNode(int id, PeerSet peers, GossipConfig config, GossipState initial) {
    this.id = id;
    this.peers = peers;
    this.config = config;
    this.suspicion = new PeerSuspicion(config.suspectAfter());
    this.state = initial;
  }

  /** One round: the messages to send now. */
  public List<GossipMessage> tick(Instant now, RandomGenerator random) {
    rounds++;
    List<GossipMessage> out = new ArrayList<>(config.fanout());
    for (int peer : choosePeers(random)) {
      out.add(
          switch (config.mode()) {
            case PUSH -> new GossipMessage.Push(id, peer, state);
            case PULL -> new GossipMessage.PullRequest(id, peer, GossipState.empty());
            case PUSH_PULL -> new GossipMessage.PullRequest(id, peer, state);
          });
    }
    sent += out.size();
    return out;
  }

  /** Merges what a peer sent; returns the reply to send back (a pull reply), or nothing. */
  public List<GossipMessage> receive(GossipMessage message, Instant now) {
    received++;
    learn(message.state(), now);
    return switch (message) {
      case GossipMessage.Push p -> List.of();
      case GossipMessage.PullReply r -> List.of();
      case GossipMessage.PullRequest r -> {
        sent++;
        yield List.of(new GossipMessage.PullReply(id, r.from(), state));
      }
    };
  }

  /** A local write: bumps this node's own version; returns the new version. */
  public long update(String value, Instant now) {
    GossipState.Entry mine = state.entry(id);
    long next = mine == null ? 1 : mine.version() + 1;
    state = state.with(id, new GossipState.Entry(next, value));
    learnedAt.put(id, now);
    return next;
  }

  /** Merges a state that arrived outside a message (a pull answered over HTTP, a test). */
  public GossipState learn(GossipState incoming, Instant now) {
    GossipState before = state;
    state = state.merge(incoming);
    if (state != before) {
      for (int learned : state.newerThan(before).keySet()) {
        learnedAt.put(learned, now);
      }
    }
    return before;
  }

  /** The call to {@code peer} got an answer. */
  public Optional<PeerChange> onDelivered(int peer, Instant now) {
    return suspicion.onSuccess(peer, now);
  }

  /** The call to {@code peer} got no answer; {@code reason} says how ("refused", "timeout"). */
  public Optional<PeerChange> onFailed(int peer, String reason, Instant now) {
    return suspicion.onFailure(peer, reason, now);
  }

  /**
   * Up to {@code fanout} distinct peers at random, skipping suspected ones; every {@code
   * retryEvery}-th round the first pick is a suspected peer, if any, to see whether it is back.
   */
  List<Integer> choosePeers(RandomGenerator random) {
    int n = peers.size();
    int wanted = Math.min(config.fanout(), n);
    List<Integer> chosen = new ArrayList<>(wanted);
    List<Integer> suspects = suspicion.suspected();
    if (!suspects.isEmpty() && rounds % config.retryEvery() == 0) {
      chosen.add(suspects.get(random.nextInt(suspects.size())));
    }
    for (int attempt = 0; chosen.size() < wanted && attempt < 8 * wanted; attempt++) {
      int peer = peers.get(random.nextInt(n));
      if (!suspicion.isSuspected(peer) && !chosen.contains(peer)) {
        chosen.add(peer);
      }
    }
    return chosen;
  }

  public int id() {
    return id;
  }

  public GossipState state() {
    return state;
  }

  public GossipConfig config() {
    return config;
  }

  public List<Integer> suspectedPeers() {
    return suspicion.suspected();
  }

  /** When this node learned its current entry for {@code id}, or null. */
  public Instant learnedAt(int of) {
    return learnedAt.get(of);
  }

  public long rounds() {
    return rounds;
  }

  public long messagesSent() {
    return sent;
  }

  public long messagesReceived() {
    return received;
  }
}
