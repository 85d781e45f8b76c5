package workshop.gossip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * A gossip node (Demers et al. 1987; DDIA ch. 5, "anti-entropy") on the protocol-node contract.
 * Every {@code interval} the timer "round" fires and the node sends its whole state to {@code
 * fanout} random peers (push), asks them for theirs (pull), or both in one exchange (push-pull); a
 * receiver merges what it got and, for a pull request, answers with its merged state. Clients
 * update the node's own entry, read its state, or push a state from outside (the original's {@code
 * POST /gossip}).
 *
 * <p>Failure detection rides on the calls it already makes: a call the driver reports undelivered
 * counts against the peer, and after {@code suspectAfter} in a row the peer is suspected and left
 * out of rounds, except for a probe every {@code retryEvery}-th round. A probe is always a pull
 * request, so a peer that is back answers it, and any message from a peer trusts it again.
 *
 * <p>Invariants: the state only grows under {@link GossipState#merge}, so a message delivered
 * twice, late or out of order is harmless; the node's own version only changes on a client's
 * update. With fanout 1, an update reaches all N nodes of a full mesh in about log2(N) + ln(N)
 * rounds with push (Pittel 1987), fewer with push-pull. Trade-off: every message carries the whole
 * state, which is simple and self-healing but grows with the cluster; real systems (Cassandra,
 * Serf) send digests first. Nothing is persisted: a restarted node starts from its initial state
 * and learns the rest, its own old version included, from its peers.
 *
 * <p>Not thread-safe; drivers serialize access.
 */
public final class GossipNode implements ProtocolNode<GossipMessage> {
  /** The name of the timer that starts each round. */
  public static final String ROUND = "round";

  private final int nodeId;
  private final String name;
  private final PeerSet peers;
  private final GossipConfig config;
  private final PeerSuspicion suspicion;
  private final Map<Integer, Instant> learnedAt = new HashMap<>();
  private GossipState state;
  private long rounds;
  private long sent;
  private long received;
  private long failedCalls;

  /**
   * @param nodeId the number this node's entries are keyed by (the original's {@code --id})
   * @param name how peers and drivers address this node
   */
  public GossipNode(
      int nodeId, String name, PeerSet peers, GossipConfig config, GossipState initial) {
    this.nodeId = nodeId;
    this.name = name;
    this.peers = peers;
    this.config = config;
    this.suspicion = new PeerSuspicion(config.suspectAfter());
    this.state = initial;
  }

  @Override
  public Effects<GossipMessage> onStart(Env env) {
    return Effects.<GossipMessage>builder().setTimer(ROUND, config.interval()).build();
  }

  @Override
  public Effects<GossipMessage> onTimer(String timer, Env env) {
    var out = Effects.<GossipMessage>builder().setTimer(ROUND, config.interval());
    rounds++;
    for (String peer : choosePeers(env.random())) {
      GossipMessage m =
          suspicion.isSuspected(peer)
              ? new GossipMessage.PullRequest(state)
              : switch (config.mode()) {
                case PUSH -> new GossipMessage.Push(state);
                case PULL -> new GossipMessage.PullRequest(GossipState.empty());
                case PUSH_PULL -> new GossipMessage.PullRequest(state);
              };
      out.send(peer, m);
      sent++;
    }
    return out.build();
  }

  @Override
  public Effects<GossipMessage> onMessage(String from, GossipMessage message, Env env) {
    var out = Effects.<GossipMessage>builder();
    received++;
    suspicion.onHeardFrom(from).ifPresent(c -> out.event(c.what(), c.reason()));
    switch (message) {
      case GossipMessage.Push p -> learn(p.state(), "push from " + from, env.now(), out);
      case GossipMessage.PullReply r -> learn(r.state(), "pull reply from " + from, env.now(), out);
      case GossipMessage.PullRequest r -> {
        learn(r.state(), "pull request from " + from, env.now(), out);
        out.send(from, new GossipMessage.PullReply(state));
        sent++;
      }
      default -> out.event("ignores " + message, from + " sent a client's message as a peer");
    }
    return out.build();
  }

  @Override
  public Effects<GossipMessage> onRequest(RequestId request, GossipMessage body, Env env) {
    var out = Effects.<GossipMessage>builder();
    switch (body) {
      case GossipMessage.Update u -> {
        GossipState.Entry mine = state.entry(nodeId);
        long next = mine == null ? 1 : mine.version() + 1;
        state = state.with(nodeId, new GossipState.Entry(next, u.value()));
        learnedAt.put(nodeId, env.now());
        out.event("local update to version " + next, "client request " + request);
        out.reply(request, new GossipMessage.Updated(next));
      }
      case GossipMessage.Read r -> out.reply(request, snapshot());
      case GossipMessage.Merge m -> {
        learn(m.state(), "state pushed by client " + request, env.now(), out);
        out.reply(request, new GossipMessage.Merged(state));
      }
      default -> out.refuse(request, body + " is not a request; send Update, Read or Merge");
    }
    return out.build();
  }

  @Override
  public Effects<GossipMessage> onUndelivered(
      String to, GossipMessage message, String reason, Env env) {
    failedCalls++;
    Optional<PeerChange> change = suspicion.onFailure(to, reason);
    if (change.isEmpty()) {
      return Effects.none();
    }
    return Effects.<GossipMessage>builder()
        .event(change.get().what(), change.get().reason())
        .build();
  }

  /** Merges {@code incoming}; says what it taught, and from where, when it taught anything. */
  private void learn(
      GossipState incoming, String source, Instant now, Effects.Builder<GossipMessage> out) {
    GossipState before = state;
    state = state.merge(incoming);
    if (state != before) {
      Map<Integer, GossipState.Entry> news = state.newerThan(before);
      for (int id : news.keySet()) {
        learnedAt.put(id, now);
      }
      out.event("learns " + GossipState.describe(news), source);
    }
  }

  /**
   * Up to {@code fanout} distinct peers at random, skipping suspected ones; every {@code
   * retryEvery}-th round the first pick is a suspected peer, if any, to see whether it is back.
   */
  List<String> choosePeers(RandomGenerator random) {
    int n = peers.size();
    int wanted = Math.min(config.fanout(), n);
    List<String> chosen = new ArrayList<>(wanted);
    if (suspicion.any() && rounds % config.retryEvery() == 0) {
      List<String> suspects = suspicion.suspected();
      chosen.add(suspects.get(random.nextInt(suspects.size())));
    }
    for (int attempt = 0; chosen.size() < wanted && attempt < 8 * wanted; attempt++) {
      String peer = peers.get(random.nextInt(n));
      if (!suspicion.isSuspected(peer) && !chosen.contains(peer)) {
        chosen.add(peer);
      }
    }
    return chosen;
  }

  /** What a {@link GossipMessage.Read} answers. */
  public GossipMessage.Snapshot snapshot() {
    Map<Integer, Long> learned = new HashMap<>();
    learnedAt.forEach((id, at) -> learned.put(id, at.toEpochMilli()));
    return new GossipMessage.Snapshot(
        nodeId,
        state,
        learned,
        rounds,
        config.interval().toMillis(),
        config.mode().label(),
        config.fanout(),
        suspicion.suspected(),
        sent,
        received,
        failedCalls);
  }

  @Override
  public String id() {
    return name;
  }

  public int nodeId() {
    return nodeId;
  }

  public GossipState state() {
    return state;
  }

  public GossipConfig config() {
    return config;
  }

  public List<String> suspectedPeers() {
    return suspicion.suspected();
  }

  public long rounds() {
    return rounds;
  }
}
