package workshop.cap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.RequestId;

/**
 * A cp replica's reads and writes in flight, each a {@link MajorityRound}: it sends each round's
 * messages, counts the answers and failures as they come, moves a round on once a majority holds
 * what it needs, and answers the client, with {@link CapMessage.Unavailable} and the count when no
 * majority can. A timer per operation bounds the wait. Part of {@link CapNode}; not thread-safe.
 */
final class MajorityCoordinator {
  static final String TIMER = "round-";

  private final String name;
  private final CapConfig config;
  private final List<String> peers;
  private final CapStore store;
  private final Map<Long, MajorityRound> rounds = new HashMap<>();
  private long nextOp = 1;

  MajorityCoordinator(String name, CapConfig config, List<String> peers, CapStore store) {
    this.name = name;
    this.config = config;
    this.peers = peers;
    this.store = store;
  }

  /** Round one of a read ({@code value} null) or write: ask every replica for the key's version. */
  void begin(
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
    out.setTimer(TIMER + op, config.opTimeout());
    peers.forEach(p -> out.send(p, new CapMessage.Query(op, key)));
    advance(r, env, out);
  }

  void held(String from, CapMessage.Held h, Env env, Effects.Builder<CapMessage> out) {
    MajorityRound r = rounds.get(h.op());
    if (r != null && r.round() == 1 && r.key.equals(h.key())) {
      r.held(from, h.item());
      advance(r, env, out);
    }
  }

  void stored(String from, CapMessage.Stored s, Env env, Effects.Builder<CapMessage> out) {
    MajorityRound r = rounds.get(s.op());
    if (r != null && r.round() == 2) {
      r.stored(from);
      advance(r, env, out);
    }
  }

  /** A Query (round one) or Store (round two) of {@code op} did not reach {@code to}. */
  void undelivered(String to, long op, int round, Env env, Effects.Builder<CapMessage> out) {
    MajorityRound r = rounds.get(op);
    if (r != null && r.round() == round) {
      r.failed(to);
      advance(r, env, out);
    }
  }

  void timedOut(String timer, Effects.Builder<CapMessage> out) {
    MajorityRound r = rounds.get(Long.parseLong(timer.substring(TIMER.length())));
    if (r != null) {
      fail(r, " (no majority within " + config.opTimeout().toMillis() + " ms)", out);
    }
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

  /**
   * Round two: the write's new value, stamped above the newest version round one found, or the
   * newest value a read found, onto a majority.
   */
  private void store(MajorityRound r, Env env, Effects.Builder<CapMessage> out) {
    Item item = r.newest();
    if (r.kind == MajorityRound.Kind.WRITE) {
      long floor = item == null ? 0 : item.stamp().millis() + 1;
      Stamp stamp = new Stamp(Math.max(env.now().toEpochMilli(), floor), name);
      item = Item.over(item, r.key, r.value, stamp);
    }
    r.storing(item);
    store.merge(item, env.now().toEpochMilli());
    Item stored = item;
    peers.forEach(p -> out.send(p, new CapMessage.Store(r.op, stored)));
    advance(r, env, out);
  }

  private void finish(MajorityRound r, Effects.Builder<CapMessage> out) {
    rounds.remove(r.op);
    out.cancelTimer(TIMER + r.op);
    int n = config.replicas().size();
    if (r.kind == MajorityRound.Kind.WRITE) {
      Item item = r.storingItem();
      out.event("writes " + item, r.reached() + " of " + n + " replicas hold it, a majority");
      out.reply(r.request, new CapMessage.Written(item, r.reached(), n, "cp"));
    } else {
      out.reply(r.request, new CapMessage.Value(r.key, r.newest(), r.reached(), n, "cp"));
    }
  }

  private void fail(MajorityRound r, String after, Effects.Builder<CapMessage> out) {
    rounds.remove(r.op);
    out.cancelTimer(TIMER + r.op);
    String what =
        (r.kind == MajorityRound.Kind.WRITE ? "refuses to write " : "refuses to read ") + r.key;
    out.event(what, r.reason() + after);
    out.reply(
        r.request,
        new CapMessage.Unavailable(
            r.key, r.reason() + after, r.reached(), config.replicas().size(), config.majority()));
  }
}
