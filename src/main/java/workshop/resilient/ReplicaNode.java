package workshop.resilient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import workshop.membership.MemberNode;
import workshop.membership.MembershipMessage;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;
import workshop.quorum.ReplicaStore;
import workshop.quorum.Versioned;
import workshop.sharding.HashRing;

/**
 * A capstone replica on the protocol-node contract: a versioned key/value store (the highest
 * version wins, {@link ReplicaStore}) that repairs itself by anti-entropy, and a member of the
 * cluster (a {@link MemberNode}, whose heartbeats and answers it passes through, wrapped).
 *
 * <p>Anti-entropy, a push-pull exchange in three messages: every {@code antiEntropyEvery} (3 s) the
 * timer "anti-entropy" fires and the replica offers one random peer its digest (key to version,
 * {@link ReplicaMessage.Offer}); the peer compares it with its own store ({@link AntiEntropy}) and
 * answers with the items the offerer lacks and the keys it wants back ({@link
 * ReplicaMessage.Repair}); the offerer keeps what is newer and sends what was wanted ({@link
 * ReplicaMessage.Items}). Only keys both are replicas of count, by the ring of the members the
 * registry names. So a replica that was down, cut off or wiped while writes happened catches up by
 * itself, without any read touching those keys.
 *
 * <p>Invariants: a replica's version of a key only grows (every copy goes through {@link
 * ReplicaStore#apply}), so messages that come late, twice or out of order are harmless; two live
 * replicas of a key that can reach each other agree on it within a few rounds. Each repair is an
 * event saying what was pulled from whom and what this replica had. Writes and reads are data, not
 * decisions: they change the store without an event (the registry logs the ones that matter).
 *
 * <p>Nothing is persisted: a restarted replica starts empty, as a wiped disk would. So it first
 * catches up ({@link CatchUp}): it offers its empty digest to every peer it knows to be alive (with
 * a registry, once the registry has answered), and answers reads {@link ReplicaMessage.CatchingUp}
 * until each has answered or proved unreachable; an empty replica's "not found" would otherwise
 * count toward a read quorum against the replicas that hold the write. Trade-off: the whole digest
 * travels each round (see {@link AntiEntropy}), and the choice of peer is random, so repair time
 * varies from round to round; a choice by ring order would bound it, at the cost of always asking
 * the same neighbour.
 *
 * <p>Not thread-safe; drivers serialize access.
 */
public final class ReplicaNode implements ProtocolNode<ReplicaMessage> {
  /** The name of the timer that starts each anti-entropy round. */
  public static final String ANTI_ENTROPY = "anti-entropy";

  private final String name;
  private final ReplicaConfig config;
  private final MemberNode member;
  private final List<String> fixedMembers;
  private final ReplicaStore store = new ReplicaStore();
  private final CatchUp catchUp = new CatchUp();
  private final CopyLog copies = new CopyLog();
  private List<String> ringMembers = List.of();
  private HashRing ring;
  private long repairs;

  /**
   * @param registry the registry's name, or null for a replica of {@code fixedMembers}
   */
  private ReplicaNode(
      String name,
      ReplicaConfig config,
      String registry,
      String address,
      Duration heartbeat,
      List<String> fixedMembers) {
    this.name = name;
    this.config = config;
    this.member =
        registry == null ? null : new MemberNode(name, registry, address, heartbeat, store::size);
    this.fixedMembers = List.copyOf(fixedMembers);
  }

  /**
   * A replica that learns the members from the registry {@code registry}, heartbeating every {@code
   * heartbeat} and saying it is reached at {@code address}.
   */
  public static ReplicaNode withRegistry(
      String name, String address, String registry, Duration heartbeat, ReplicaConfig config) {
    return new ReplicaNode(name, config, registry, address, heartbeat, List.of());
  }

  /** A replica of a fixed set of members, with no registry (the simulator's scenarios). */
  public static ReplicaNode withMembers(String name, List<String> members, ReplicaConfig config) {
    return new ReplicaNode(name, config, null, null, null, members);
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public Effects<ReplicaMessage> onStart(Env env) {
    var out = Effects.<ReplicaMessage>builder().setTimer(ANTI_ENTROPY, config.antiEntropyEvery());
    if (member != null) {
      // Its peers are known once the registry answers; it catches up then.
      out.addAll(member.onStart(env).map(ReplicaMessage.Membership::new));
    } else {
      catchUp(out);
    }
    return out.build();
  }

  /** Offers every alive peer its (empty) digest, and answers reads once all have answered. */
  private void catchUp(Effects.Builder<ReplicaMessage> out) {
    List<String> peers = alivePeers();
    catchUp.begin(peers, out);
    for (String peer : peers) {
      out.send(peer, new ReplicaMessage.Offer(store.digest(), true));
    }
  }

  @Override
  public Effects<ReplicaMessage> onTimer(String timer, Env env) {
    if (!timer.equals(ANTI_ENTROPY)) {
      return member == null
          ? Effects.none()
          : member.onTimer(timer, env).map(ReplicaMessage.Membership::new);
    }
    var out = Effects.<ReplicaMessage>builder().setTimer(ANTI_ENTROPY, config.antiEntropyEvery());
    List<String> members = members();
    List<String> peers = new ArrayList<>(members);
    peers.remove(name);
    if (members.contains(name) && !peers.isEmpty()) {
      String peer = peers.get(env.random().nextInt(peers.size()));
      out.send(peer, new ReplicaMessage.Offer(store.digest()));
    }
    return out.build();
  }

  @Override
  public Effects<ReplicaMessage> onMessage(String from, ReplicaMessage message, Env env) {
    var out = Effects.<ReplicaMessage>builder();
    switch (message) {
      case ReplicaMessage.Membership m when member != null -> {
        boolean wasOnRing = members().contains(name);
        out.addAll(member.onMessage(from, m.message(), env).map(ReplicaMessage.Membership::new));
        if (!catchUp.begun() && member.registered()) {
          catchUp(out);
        } else if (!wasOnRing && members().contains(name)) {
          // Just joined the ring: offer every peer its digest at once, so whatever the
          // registry's hand-off could not copy comes now rather than round by round.
          alivePeers().forEach(p -> out.send(p, new ReplicaMessage.Offer(store.digest())));
        }
      }
      case ReplicaMessage.Offer o -> {
        AntiEntropy.Plan plan =
            AntiEntropy.compare(name, from, o.versions(), store, ring(), config.replicas());
        if (!plan.isEmpty() || o.catchingUp()) {
          out.send(from, new ReplicaMessage.Repair(plan.give(), plan.want()));
        }
      }
      case ReplicaMessage.Repair r -> {
        int news = take(r.items(), from, env, out);
        if (!r.wanted().isEmpty()) {
          out.send(from, new ReplicaMessage.Items(AntiEntropy.items(r.wanted(), store)));
        }
        catchUp.answered(from, news, out);
      }
      case ReplicaMessage.Items i -> take(i.items(), from, env, out);
      default -> out.event("ignores " + message, from + " sent what only a client asks");
    }
    return out.build();
  }

  /** Keeps what is newer among a peer's items, logs each copy; returns how many it kept. */
  private int take(
      List<ReplicaMessage.Item> items, String from, Env env, Effects.Builder<ReplicaMessage> out) {
    List<ReplicaMessage.Item> news = AntiEntropy.newer(items, store);
    AntiEntropy.apply(items, from, store)
        .ifPresent(
            e -> {
              repairs++;
              out.event(e.what(), e.why());
            });
    for (ReplicaMessage.Item item : news) {
      copies.add(new CopyLog.Copy(env.now(), item.key(), from, name, item.version()));
    }
    return news.size();
  }

  @Override
  public Effects<ReplicaMessage> onUndelivered(
      String to, ReplicaMessage message, String reason, Env env) {
    // A round with a peer that is down or cut off just ends; the next one picks again.
    var out = Effects.<ReplicaMessage>builder();
    if (message instanceof ReplicaMessage.Membership m && member != null) {
      out.addAll(
          member.onUndelivered(to, m.message(), reason, env).map(ReplicaMessage.Membership::new));
    } else if (message instanceof ReplicaMessage.Offer) {
      catchUp.unreachable(to, out);
    }
    return out.build();
  }

  @Override
  public Effects<ReplicaMessage> onRequest(RequestId request, ReplicaMessage body, Env env) {
    var out = Effects.<ReplicaMessage>builder();
    switch (body) {
      case ReplicaMessage.Write w -> {
        long version =
            w.version() > 0 ? w.version() : store.get(w.key()).map(v -> v.version() + 1).orElse(1L);
        store.apply(w.key(), new Versioned(w.value(), version));
        Versioned v = store.get(w.key()).orElseThrow();
        out.reply(request, new ReplicaMessage.Stored(w.key(), v.value(), v.version()));
      }
      case ReplicaMessage.Replicate r -> {
        boolean kept = store.apply(r.key(), new Versioned(r.value(), r.version()));
        Versioned now = store.get(r.key()).orElseThrow();
        out.reply(
            request,
            kept
                ? new ReplicaMessage.Accepted(now.version())
                : new ReplicaMessage.Rejected(r.version(), now.version(), now.value()));
      }
      case ReplicaMessage.Read r when !catchUp.done() ->
          out.reply(request, new ReplicaMessage.CatchingUp(r.key(), catchUp.waitingFor()));
      case ReplicaMessage.Read r ->
          out.reply(
              request,
              store
                  .get(r.key())
                  .<ReplicaMessage>map(
                      v -> new ReplicaMessage.Found(r.key(), v.value(), v.version()))
                  .orElse(new ReplicaMessage.Missing(r.key())));
      case ReplicaMessage.ReadDigest d ->
          out.reply(request, new ReplicaMessage.Versions(store.digest()));
      case ReplicaMessage.ReadStatus s -> out.reply(request, status());
      case ReplicaMessage.Membership m when member != null ->
          out.addAll(
              member.onRequest(request, m.message(), env).map(ReplicaMessage.Membership::new));
      default -> out.refuse(request, body + " is not a request a replica takes");
    }
    return out.build();
  }

  private ReplicaMessage.Status status() {
    List<String> peers = new ArrayList<>(members());
    peers.remove(name);
    List<String> keys = store.digest().keySet().stream().limit(10).toList();
    return new ReplicaMessage.Status(
        store.size(), peers, keys, repairs, member == null || member.registered(), catchUp.done());
  }

  /** The members alive now, other than this replica: the registry's, or every fixed member. */
  private List<String> alivePeers() {
    List<String> alive =
        member == null
            ? new ArrayList<>(fixedMembers)
            : new ArrayList<>(member.alive().stream().map(MembershipMessage.Peer::id).toList());
    alive.remove(name);
    return alive;
  }

  /** Whether it answers reads: it has heard from its peers since it started. */
  public boolean caughtUp() {
    return catchUp.done();
  }

  /** The members whose ring places keys: the registry's, or the fixed ones. */
  public List<String> members() {
    if (member == null) {
      return fixedMembers;
    }
    return member.members().stream().map(MembershipMessage.Peer::id).toList();
  }

  private HashRing ring() {
    List<String> now = members();
    if (ring == null || !now.equals(ringMembers)) {
      ringMembers = now;
      ring = new HashRing(now.isEmpty() ? List.of(name) : now, HashRing.DEFAULT_VIRTUAL_NODES);
    }
    return ring;
  }

  /** Where {@code peer} is reached, as the registry last said; null when it does not know. */
  public String addressOf(String peer) {
    return member == null ? null : member.addressOf(peer);
  }

  /**
   * The peers' addresses the registry vouches for (a heartbeat with the cluster's token came from
   * there): the ones this replica may send the token to.
   */
  public List<String> provedAddresses() {
    return member == null ? List.of() : member.provedAddresses();
  }

  /** The value and version of {@code key} here, if any. */
  public java.util.Optional<Versioned> get(String key) {
    return store.get(key);
  }

  /** Every key with its version, in key order. */
  public java.util.Map<String, Long> digest() {
    return store.digest();
  }

  public long repairs() {
    return repairs;
  }

  /** The copies anti-entropy made into this replica (the original's gossip events). */
  public CopyLog copies() {
    return copies;
  }
}
