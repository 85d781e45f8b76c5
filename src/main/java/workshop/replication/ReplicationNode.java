package workshop.replication;

import java.util.Map;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * A key-value node that is a primary or a replica, with Redis's replication: a replica asks to
 * continue from its offset and gets a partial or a full sync, then the primary streams its writes
 * in batches and the replica acknowledges them (see {@link Primary} and {@link Replica}). Writes to
 * a replica are refused with READONLY; reads anywhere answer what the node holds, possibly stale.
 *
 * <p>Roles change only by command or by fencing, each with its reason. {@code REPLICAOF NO ONE}
 * promotes a replica: it keeps its data, starts a new history (a new replid) and the next epoch,
 * and still continues replicas of its old history up to where it parted. {@code REPLICAOF host}
 * makes any node a replica; one that held writes its new primary never saw loses them on the full
 * sync, and names each key lost.
 *
 * <p>Split brain: with two primaries (an old one cut off, a new one promoted), both accept writes.
 * Without fencing, nothing stops it until an operator points one at the other, and that one's
 * writes are lost. With fencing, every message from a primary carries its epoch: a node that sees a
 * higher epoch steps down and follows that primary (refusing writes with the reason), a node that
 * sees a lower one answers "fenced" so the stale primary learns it, and a promoted primary keeps
 * telling its former primary. An epoch is a counter, not a vote: two replicas promoted at once get
 * the same one, and only an election (Sentinel, Raft) makes it unique.
 *
 * <p>Trade-offs: replication is asynchronous (an acknowledged write may be on the primary alone),
 * unless {@code min-replicas-to-write N} holds each write's reply until N replicas acknowledged it.
 * That differs from Redis, whose option only refuses writes while fewer than N replicas are
 * connected; this one does both. Not thread-safe; drivers serialize access. Reference: Redis
 * replication docs (PSYNC, replication ID and offset); Kleppmann, DDIA ch. 5 and 8 (fencing).
 */
public final class ReplicationNode implements ProtocolNode<ReplicationMessage> {
  public static final String BEAT = "beat";

  /** What survives a restart: the role and epoch always, the data when it is persisted. */
  public record Saved(
      String master,
      long epoch,
      String formerPrimary,
      String readOnlyReason,
      String replid,
      long offset,
      Map<String, String> keys) {}

  private final String name;
  private final ReplicationConfig config;
  private final Dataset data;
  private final Roles roles;

  /**
   * @param master the primary to replicate from at first start, or null to start as a primary
   * @param persisted what the node saved before a restart, or null
   */
  public ReplicationNode(String name, ReplicationConfig config, String master, Record persisted) {
    this.name = name;
    this.config = config;
    this.data = new Dataset(config.backlog());
    this.roles = new Roles(name, config, data);
    if (persisted instanceof Saved s) {
      if (s.keys() != null) {
        data.load(s.replid(), s.offset(), s.keys());
      }
      roles.restore(s.master(), s.epoch(), s.formerPrimary(), s.readOnlyReason());
    } else {
      roles.restore(master, master == null ? 1 : 0, null, null);
    }
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public Effects<ReplicationMessage> onStart(Env env) {
    var out = Effects.<ReplicationMessage>builder();
    out.setTimer(BEAT, config.heartbeat());
    roles.start(env, out);
    return roles.finish(out);
  }

  @Override
  public Effects<ReplicationMessage> onTimer(String timer, Env env) {
    var out = Effects.<ReplicationMessage>builder();
    if (timer.equals(BEAT)) {
      out.setTimer(BEAT, config.heartbeat());
      roles.beat(env, out);
    } else if (timer.startsWith(Waiters.TIMER) && roles.primary() != null) {
      roles.primary().waitTimedOut(timer, out);
    }
    return roles.finish(out);
  }

  @Override
  public Effects<ReplicationMessage> onRequest(
      RequestId request, ReplicationMessage body, Env env) {
    var out = Effects.<ReplicationMessage>builder();
    long now = env.now().toEpochMilli();
    switch (body) {
      case ReplicationMessage.Set s -> roles.write(request, s.key(), s.value(), now, out);
      case ReplicationMessage.Del d -> roles.write(request, d.key(), null, now, out);
      case ReplicationMessage.Get g ->
          out.reply(request, new ReplicationMessage.Value(g.key(), data.get(g.key())));
      case ReplicationMessage.Wait w -> roles.await(request, w, out);
      case ReplicationMessage.ReplicaOf r -> roles.replicaOf(request, r.primary(), env, out);
      case ReplicationMessage.ReadInfo i ->
          out.reply(request, new ReplicationMessage.Info(roles.info(now)));
      default -> {
        out.event("refuses " + body, "a node-to-node message is not a client command");
        out.refuse(request, "ERR " + body + " is not a client command");
      }
    }
    return roles.finish(out);
  }

  @Override
  public Effects<ReplicationMessage> onMessage(String from, ReplicationMessage message, Env env) {
    var out = Effects.<ReplicationMessage>builder();
    long now = env.now().toEpochMilli();
    Primary primary = roles.primary();
    switch (message) {
      case ReplicationMessage.Psync p when primary != null -> roles.psync(from, p, now, out);
      case ReplicationMessage.Ack a when primary != null -> primary.ack(from, a, now, out);
      case ReplicationMessage.Psync p -> roles.notAPrimary(from, out);
      case ReplicationMessage.Ack a -> roles.notAPrimary(from, out);
      case ReplicationMessage.NotPrimary n -> roles.notPrimary(from, n.follows(), env, out);
      case ReplicationMessage.Fenced f -> roles.fenced(from, f, env, out);
      case ReplicationMessage.Resync r -> roles.resync(from, r, env, out);
      case ReplicationMessage.FullResync f -> roles.fromPrimary(from, f, f.epoch(), env, out);
      case ReplicationMessage.Continue c -> roles.fromPrimary(from, c, c.epoch(), env, out);
      case ReplicationMessage.Stream s -> roles.fromPrimary(from, s, s.epoch(), env, out);
      case ReplicationMessage.Ping p -> roles.fromPrimary(from, p, p.epoch(), env, out);
      default ->
          out.event("ignores " + message + " from " + from, "a client's message, not a peer's");
    }
    return roles.finish(out);
  }

  // ---- views for shells, tests and invariants ------------------------------------------------

  public ReplicationInfo info(long nowMillis) {
    return roles.info(nowMillis);
  }

  public boolean isPrimary() {
    return roles.primary() != null;
  }

  public Map<String, String> keys() {
    return data.keys();
  }

  public String replid() {
    return data.replid();
  }

  public String replid2() {
    return data.replid2();
  }

  public long replid2Offset() {
    return data.replid2Offset();
  }

  public long offset() {
    return data.offset();
  }

  /**
   * The highest offset of a write answered OK under {@code min-replicas-to-write}, once enough
   * replicas acknowledged it; 0 on a replica or when none was.
   */
  public long confirmedOffset() {
    return roles.primary() == null ? 0 : roles.primary().confirmed();
  }

  public long epoch() {
    return roles.epoch();
  }

  public ReplicationConfig config() {
    return config;
  }
}
