package workshop.cap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * A replica of a small key-value store that takes one side of the CAP trade-off (Brewer 2000;
 * Gilbert and Lynch 2002; DDIA ch. 9) when the network splits.
 *
 * <p><b>cp</b>: a read or write is a {@link MajorityRound} (the ABD register): ask every replica
 * for the key's version, then store the new value (or write the newest back) and answer once a
 * majority, this replica included, holds it. A side without a majority cannot finish a round, and
 * answers {@link CapMessage.Unavailable} with the count: "this side has 1 of 3 replicas; a majority
 * is 2". Invariant: an acknowledged write is on a majority, every later round meets that majority,
 * so no acknowledged write is lost or read over.
 *
 * <p><b>ap</b>: every replica accepts a write alone, stamps it ({@link Stamp}: its clock, its name
 * to break ties) and copies it to the others without waiting. Reads answer what this replica holds,
 * possibly stale. When two sides of a partition wrote the same key, last-writer-wins keeps the
 * higher stamp everywhere and the other value is gone: the replica says which ({@link LostWrite}),
 * the lesson a real LWW store (Cassandra) never prints.
 *
 * <p>In both modes an anti-entropy round every {@code syncEvery} sends each peer the digest of
 * versions, and each answers with what the sender lacks, so a healed partition converges.
 * Trade-off: nothing is persisted; a replica that restarts starts empty and is filled by
 * anti-entropy, and in cp a replica that forgot could make up a majority that misses a write (Raft
 * persists before it answers for this reason). Not thread-safe; drivers serialize access.
 */
public final class CapNode implements ProtocolNode<CapMessage> {
  public static final String SYNC = "sync";

  /** Lost writes kept for {@code /lost}: the latest hundred, enough for any lesson. */
  static final int LOST_KEPT = 100;

  private final String name;
  private final CapConfig config;
  private final List<String> peers;
  private final CapStore store = new CapStore();
  private final MajorityCoordinator cp;
  private final ArrayDeque<LostWrite> lost = new ArrayDeque<>();
  private final Set<String> lostSeen = new HashSet<>();
  private long lostTotal;

  public CapNode(String name, CapConfig config) {
    if (!config.replicas().contains(name)) {
      throw new IllegalArgumentException(name + " is not one of the replicas " + config.replicas());
    }
    this.name = name;
    this.config = config;
    this.peers = config.replicas().stream().filter(r -> !r.equals(name)).toList();
    this.cp = new MajorityCoordinator(name, config, peers, store);
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public Effects<CapMessage> onStart(Env env) {
    return Effects.<CapMessage>builder()
        .setTimer(SYNC, config.syncEvery())
        .event(
            "starts as "
                + (config.mode() == CapMode.CP ? "a cp" : "an ap")
                + " replica of "
                + config.replicas().size(),
            config.mode() == CapMode.CP
                ? "reads and writes need " + config.majority() + " replicas"
                : "every replica accepts; last writer wins")
        .build();
  }

  @Override
  public Effects<CapMessage> onTimer(String timer, Env env) {
    var out = Effects.<CapMessage>builder();
    if (timer.equals(SYNC)) {
      out.setTimer(SYNC, config.syncEvery());
      CapMessage.Digest digest = new CapMessage.Digest(store.digest());
      peers.forEach(p -> out.send(p, digest));
    } else if (timer.startsWith(MajorityCoordinator.TIMER)) {
      cp.timedOut(timer, out);
    }
    return out.build();
  }

  @Override
  public Effects<CapMessage> onRequest(RequestId request, CapMessage body, Env env) {
    var out = Effects.<CapMessage>builder();
    switch (body) {
      case CapMessage.Put p when config.mode() == CapMode.AP -> acceptAlone(request, p, env, out);
      case CapMessage.Put p ->
          cp.begin(MajorityRound.Kind.WRITE, request, p.key(), p.value(), env, out);
      case CapMessage.Get g when config.mode() == CapMode.AP ->
          out.reply(request, value(g.key(), store.get(g.key()), 1));
      case CapMessage.Get g -> cp.begin(MajorityRound.Kind.READ, request, g.key(), null, env, out);
      case CapMessage.ReadLost r ->
          out.reply(request, new CapMessage.Lost(List.copyOf(lost), lostTotal));
      case CapMessage.ReadStatus s ->
          out.reply(
              request,
              new CapMessage.Status(
                  config.mode().label(), config.replicas(), config.majority(), store.items()));
      default ->
          out.refuse(request, body + " is not a request; send Put, Get, ReadLost or ReadStatus");
    }
    return out.build();
  }

  @Override
  public Effects<CapMessage> onMessage(String from, CapMessage message, Env env) {
    var out = Effects.<CapMessage>builder();
    long now = env.now().toEpochMilli();
    switch (message) {
      case CapMessage.Query q ->
          out.send(from, CapMessage.Held.of(q.op(), q.key(), store.get(q.key())));
      case CapMessage.Held h -> cp.held(from, h, env, out);
      case CapMessage.Store s -> {
        merge(s.item(), "a copy from " + from, now, out);
        if (s.op() != 0) {
          out.send(from, new CapMessage.Stored(s.op(), s.item().key()));
        }
      }
      case CapMessage.Stored s -> cp.stored(from, s, env, out);
      case CapMessage.Digest d -> {
        List<Item> newer = new ArrayList<>();
        store
            .items()
            .forEach(
                (k, item) -> {
                  // Newer, or different: an older value the sender never saw is how it learns which
                  // write last-writer-wins dropped.
                  if (!item.stamp().equals(d.versions().get(k))) {
                    newer.add(item);
                  }
                });
        if (!newer.isEmpty()) {
          out.send(from, new CapMessage.Items(newer));
        }
      }
      case CapMessage.Items i ->
          i.items().forEach(item -> merge(item, "anti-entropy from " + from, now, out));
      default -> out.event("ignores " + message, from + " sent a client's message as a peer");
    }
    return out.build();
  }

  @Override
  public Effects<CapMessage> onUndelivered(String to, CapMessage message, String reason, Env env) {
    var out = Effects.<CapMessage>builder();
    switch (message) {
      case CapMessage.Query q -> cp.undelivered(to, q.op(), 1, env, out);
      case CapMessage.Store s when s.op() != 0 -> cp.undelivered(to, s.op(), 2, env, out);
      default -> {} // a copy or an anti-entropy round: the next round repeats it
    }
    return out.build();
  }

  // ---- ap -------------------------------------------------------------------------------------

  private void acceptAlone(
      RequestId request, CapMessage.Put p, Env env, Effects.Builder<CapMessage> out) {
    Item item =
        store.write(p.key(), p.value(), store.nextStamp(p.key(), env.now().toEpochMilli(), name));
    out.event("accepts " + item, "ap: this replica decides alone; copies follow");
    peers.forEach(peer -> out.send(peer, new CapMessage.Store(0, item)));
    out.reply(request, new CapMessage.Written(item, 1, config.replicas().size(), "ap"));
  }

  // ---- both -----------------------------------------------------------------------------------

  private CapMessage.Value value(String key, Item item, int answered) {
    return new CapMessage.Value(
        key, item, answered, config.replicas().size(), config.mode().label());
  }

  private void merge(Item copy, String source, long now, Effects.Builder<CapMessage> out) {
    CapStore.Merge m = store.merge(copy, now);
    if (m.lost() != null && config.mode() == CapMode.AP && remember(m.lost())) {
      out.event("last writer wins, a write is lost: " + m.lost(), source);
      // The peers may have taken the winner before they met the loser; showing them the loser
      // lets each one name the lost write too (once: a replica tells only what is new to it).
      CapMessage.Items loser = new CapMessage.Items(List.of(m.lost().dropped()));
      peers.forEach(p -> out.send(p, loser));
    }
  }

  /** Keeps a lost write once, however many copies of the two values arrive. */
  private boolean remember(LostWrite w) {
    if (!lostSeen.add(w.key() + "|" + w.dropped().stamp())) {
      return false;
    }
    lostTotal++;
    lost.addLast(w);
    if (lost.size() > LOST_KEPT) {
      lost.removeFirst();
    }
    return true;
  }

  // ---- views for tests and shells ------------------------------------------------------------

  public CapConfig config() {
    return config;
  }

  public Map<String, Item> items() {
    return store.items();
  }

  public List<LostWrite> lostWrites() {
    return List.copyOf(lost);
  }
}
