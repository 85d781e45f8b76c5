package workshop.cap;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
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
  private static final String ROUND = "round-";

  /** Lost writes kept for {@code /lost}: the latest hundred, enough for any lesson. */
  static final int LOST_KEPT = 100;

  private final String name;
  private final CapConfig config;
  private final List<String> peers;
  private final CapStore store = new CapStore();
  private final Map<Long, MajorityRound> rounds = new HashMap<>();
  private final ArrayDeque<LostWrite> lost = new ArrayDeque<>();
  private final Set<String> lostSeen = new HashSet<>();
  private long lostTotal;
  private long nextOp = 1;

  public CapNode(String name, CapConfig config) {
    if (!config.replicas().contains(name)) {
      throw new IllegalArgumentException(name + " is not one of the replicas " + config.replicas());
    }
    this.name = name;
    this.config = config;
    this.peers = config.replicas().stream().filter(r -> !r.equals(name)).toList();
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
    } else if (timer.startsWith(ROUND)) {
      MajorityRound r = rounds.get(Long.parseLong(timer.substring(ROUND.length())));
      if (r != null) {
        fail(r, " (no majority within " + config.opTimeout().toMillis() + " ms)", out);
      }
    }
    return out.build();
  }

  @Override
  public Effects<CapMessage> onRequest(RequestId request, CapMessage body, Env env) {
    var out = Effects.<CapMessage>builder();
    switch (body) {
      case CapMessage.Put p when config.mode() == CapMode.AP -> acceptAlone(request, p, env, out);
      case CapMessage.Put p ->
          begin(MajorityRound.Kind.WRITE, request, p.key(), p.value(), env, out);
      case CapMessage.Get g when config.mode() == CapMode.AP ->
          out.reply(request, value(g.key(), store.get(g.key()), 1));
      case CapMessage.Get g -> begin(MajorityRound.Kind.READ, request, g.key(), null, env, out);
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
      case CapMessage.Held h -> {
        MajorityRound r = rounds.get(h.op());
        if (r != null && r.round() == 1 && r.key.equals(h.key())) {
          r.held(from, h.item());
          advance(r, env, out);
        }
      }
      case CapMessage.Store s -> {
        merge(s.item(), "a copy from " + from, now, out);
        if (s.op() != 0) {
          out.send(from, new CapMessage.Stored(s.op(), s.item().key()));
        }
      }
      case CapMessage.Stored s -> {
        MajorityRound r = rounds.get(s.op());
        if (r != null && r.round() == 2) {
          r.stored(from);
          advance(r, env, out);
        }
      }
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
    long op =
        switch (message) {
          case CapMessage.Query q -> q.op();
          case CapMessage.Store s -> s.op();
          default -> 0;
        };
    MajorityRound r = rounds.get(op);
    int round = message instanceof CapMessage.Query ? 1 : 2;
    if (r == null || r.round() != round) {
      return Effects.none();
    }
    var out = Effects.<CapMessage>builder();
    r.failed(to);
    advance(r, env, out);
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

  // ---- cp -------------------------------------------------------------------------------------

  private void begin(
      MajorityRound.Kind kind,
      RequestId request,
      String key,
      String value,
      Env env,
      Effects.Builder<CapMessage> out) {
    long op = nextOp++;
    MajorityRound r =
        new MajorityRound(
            op, kind, request, key, value, config.replicas().size(), config.majority());
    r.mine(store.get(key));
    rounds.put(op, r);
    out.setTimer(ROUND + op, config.opTimeout());
    peers.forEach(p -> out.send(p, new CapMessage.Query(op, key)));
    advance(r, env, out);
  }

  /** Moves a round on when a majority answered, or fails it when none can. */
  private void advance(MajorityRound r, Env env, Effects.Builder<CapMessage> out) {
    if (r.hasMajority()) {
      if (r.round() == 1 && (r.kind == MajorityRound.Kind.WRITE || r.someBehind())) {
        store(r, env, out);
      } else {
        finish(r, out);
      }
    } else if (r.hopeless()) {
      fail(r, "", out);
    }
  }

  /** Round two: the write's new value, or the newest value a read found, onto a majority. */
  private void store(MajorityRound r, Env env, Effects.Builder<CapMessage> out) {
    Item item = r.newest();
    if (r.kind == MajorityRound.Kind.WRITE) {
      long floor = item == null ? 0 : item.stamp().millis() + 1;
      Stamp stamp = new Stamp(Math.max(env.now().toEpochMilli(), floor), name);
      item = Item.over(item, r.key, r.value, stamp);
    }
    r.storing(item);
    merge(item, "round two of " + r.request, env.now().toEpochMilli(), out);
    Item stored = item;
    peers.forEach(p -> out.send(p, new CapMessage.Store(r.op, stored)));
    advance(r, env, out);
  }

  private void finish(MajorityRound r, Effects.Builder<CapMessage> out) {
    rounds.remove(r.op);
    out.cancelTimer(ROUND + r.op);
    int n = config.replicas().size();
    if (r.kind == MajorityRound.Kind.WRITE) {
      Item item = r.storingItem();
      out.event("writes " + item, r.reached() + " of " + n + " replicas hold it, a majority");
      out.reply(r.request, new CapMessage.Written(item, r.reached(), n, "cp"));
    } else {
      out.reply(r.request, value(r.key, r.newest(), r.reached()));
    }
  }

  private void fail(MajorityRound r, String after, Effects.Builder<CapMessage> out) {
    rounds.remove(r.op);
    out.cancelTimer(ROUND + r.op);
    String what =
        (r.kind == MajorityRound.Kind.WRITE ? "refuses to write " : "refuses to read ") + r.key;
    out.event(what, r.reason() + after);
    out.reply(
        r.request,
        new CapMessage.Unavailable(
            r.key, r.reason() + after, r.reached(), config.replicas().size(), config.majority()));
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

  Duration opTimeout() {
    return config.opTimeout();
  }
}
