package workshop.replication;

import java.util.List;
import java.util.Objects;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.RequestId;

/**
 * Which role a node plays, primary or replica of whom, in which epoch, and every change of it with
 * its reason: promotion, REPLICAOF, stepping down when fenced, following a primary's redirect. Also
 * what the node persists after each input. Not thread-safe.
 */
final class Roles {
  private final String name;
  private final ReplicationConfig config;
  private final Dataset data;
  private Primary primary;
  private Replica replica;
  private long epoch;
  private String formerPrimary; // a promoted node's old primary, told of the new epoch (fencing)
  private String readOnlyReason;
  private ReplicationNode.Saved saved;
  private final Fencing fencing;

  Roles(String name, ReplicationConfig config, Dataset data) {
    this.name = name;
    this.config = config;
    this.data = data;
    this.fencing = new Fencing(name, config, this);
  }

  void restore(String master, long epoch, String former, String readOnly) {
    this.epoch = epoch;
    this.formerPrimary = former;
    this.readOnlyReason = readOnly;
    if (master == null) {
      primary = new Primary(config, data, epoch);
    } else {
      replica = new Replica(master, config, data);
    }
  }

  void start(Env env, Effects.Builder<ReplicationMessage> out) {
    String kept =
        data.offset() == 0
            ? ""
            : ", " + Primary.keys(data.keys().size()) + " at offset " + data.offset();
    if (primary != null) {
      data.begin(Ids.next(env.random()));
      out.event(
          "starts as primary", "history " + Ids.brief(data.replid()) + ", epoch " + epoch + kept);
    } else {
      out.event("starts as replica of " + replica.master(), "asks for a sync" + kept);
      replica.connect(env.now().toEpochMilli(), epoch, env.random(), out);
    }
  }

  void beat(Env env, Effects.Builder<ReplicationMessage> out) {
    long now = env.now().toEpochMilli();
    if (replica != null) {
      replica.beat(now, epoch, env.random(), out);
      return;
    }
    primary.beat(now, out);
    if (formerPrimary != null && !primary.hasReplica(formerPrimary)) {
      out.send(formerPrimary, new ReplicationMessage.Ping(data.replid(), epoch, data.offset()));
    }
  }

  void write(
      RequestId request,
      String key,
      String value,
      long now,
      Effects.Builder<ReplicationMessage> out) {
    String what = value == null ? "DEL " + key : "SET " + key;
    if (replica != null) {
      String why = readOnlyReason != null ? readOnlyReason : "a replica of " + replica.master();
      out.event("refuses " + what, "READONLY: " + why);
      out.refuse(
          request,
          "READONLY You can't write against a read only replica."
              + (readOnlyReason == null ? "" : " (" + readOnlyReason + ")"));
      return;
    }
    primary.write(request, what, key, value, now, out);
  }

  void await(
      RequestId request, ReplicationMessage.Wait w, Effects.Builder<ReplicationMessage> out) {
    if (replica != null) {
      out.refuse(request, "ERR WAIT cannot be used with replica instances");
    } else if (w.replicas() < 0 || w.timeoutMillis() < 0) {
      out.refuse(request, "ERR timeout is negative or numreplicas is out of range");
    } else {
      primary.waitFor(request, w, out);
    }
  }

  void replicaOf(
      RequestId request, String master, Env env, Effects.Builder<ReplicationMessage> out) {
    if (master == null && primary != null) {
      out.reply(request, new ReplicationMessage.Done("already a primary"));
    } else if (master == null) {
      promote(env, out);
      out.reply(request, new ReplicationMessage.Done("a primary now, epoch " + epoch));
    } else if (master.equals(name)) {
      out.event("refuses REPLICAOF " + master, "a node cannot replicate from itself");
      out.refuse(request, "ERR " + name + " cannot replicate from itself");
    } else if (replica != null && replica.master().equals(master)) {
      out.reply(request, new ReplicationMessage.Done("already replicating from " + master));
    } else {
      follow(master, "REPLICAOF " + master, null, env, out);
      out.reply(request, new ReplicationMessage.Done("replicates from " + master));
    }
  }

  private void promote(Env env, Effects.Builder<ReplicationMessage> out) {
    String old = replica.master();
    String oldId = data.replid();
    replica = null;
    data.fork(Ids.next(env.random()));
    epoch++;
    formerPrimary = config.fencing() ? old : null;
    readOnlyReason = null;
    primary = new Primary(config, data, epoch);
    out.event(
        "replica of " + old + " -> primary",
        "REPLICAOF NO ONE: keeps "
            + Primary.keys(data.keys().size())
            + "; new history "
            + Ids.brief(data.replid())
            + " from offset "
            + data.offset()
            + " ("
            + Ids.brief(oldId)
            + " up to there), epoch "
            + epoch);
  }

  /** Becomes a replica of {@code master}, dropping the primary's role if it had it. */
  private void follow(
      String master,
      String why,
      String readOnly,
      Env env,
      Effects.Builder<ReplicationMessage> out) {
    String was = primary != null ? "primary" : "replica of " + replica.master();
    if (primary != null) {
      primary.end("this node replicates from " + master + " now", master, out);
      primary = null;
    }
    readOnlyReason = readOnly;
    formerPrimary = null;
    replica = new Replica(master, config, data);
    out.event(was + " -> replica of " + master, why);
    replica.connect(env.now().toEpochMilli(), epoch, env.random(), out);
  }

  void psync(
      String from, ReplicationMessage.Psync p, long now, Effects.Builder<ReplicationMessage> out) {
    fencing.beforePsync(from, p, out);
    primary.psync(from, p, now, out);
  }

  /** A message only a primary takes came to this replica. */
  void notAPrimary(String from, Effects.Builder<ReplicationMessage> out) {
    out.send(from, new ReplicationMessage.NotPrimary(replica.master()));
  }

  void resync(
      String from, ReplicationMessage.Resync r, Env env, Effects.Builder<ReplicationMessage> out) {
    if (replica != null && replica.master().equals(from)) {
      replica.resync(r, env.now().toEpochMilli(), epoch, env.random(), out);
    }
  }

  void notPrimary(String from, String follows, Env env, Effects.Builder<ReplicationMessage> out) {
    if (primary != null && name.equals(follows)) {
      return; // a late word from a node that has since become this primary's replica
    }
    if (primary != null) {
      primary.forget(from, follows, out);
    } else if (from.equals(replica.master())
        && follows != null
        && !follows.equals(name)
        && !follows.equals(from)) {
      follow(follows, from + " is a replica of " + follows + " now", readOnlyReason, env, out);
    }
  }

  void fenced(
      String from, ReplicationMessage.Fenced f, Env env, Effects.Builder<ReplicationMessage> out) {
    fencing.fenced(from, f, env, out);
  }

  /** A message only a primary sends: checked against the epoch, then handed to the replica. */
  void fromPrimary(
      String from, ReplicationMessage m, long e, Env env, Effects.Builder<ReplicationMessage> out) {
    boolean mine = replica != null && replica.master().equals(from);
    if (fencing.screens(from, m, e, mine, env, out)) {
      return;
    }
    if (!mine) {
      out.send(from, new ReplicationMessage.NotPrimary(replica == null ? null : replica.master()));
      return;
    }
    epoch = Math.max(epoch, e);
    long now = env.now().toEpochMilli();
    switch (m) {
      case ReplicationMessage.FullResync f -> replica.fullResync(f, now, out);
      case ReplicationMessage.Continue c -> replica.continued(c, now, out);
      case ReplicationMessage.Stream s -> replica.stream(s, now, out);
      case ReplicationMessage.Ping p -> replica.ping(p, now, out);
      default -> throw new IllegalArgumentException(m + " is not a primary's message");
    }
  }

  /** Follows {@code leader}, which leads the newer epoch {@code e}, stepping down if primary. */
  void newEpoch(
      String leader, long e, String source, Env env, Effects.Builder<ReplicationMessage> out) {
    String why = leader + " leads epoch " + e + ", after this node's " + epoch;
    boolean stepsDown = primary != null;
    epoch = e;
    follow(
        leader,
        (stepsDown ? "steps down: " : "follows the newer epoch: ") + why + " (" + source + ")",
        stepsDown ? "stepped down: " + why : readOnlyReason,
        env,
        out);
  }

  /** Who leads this node's epoch, as far as it knows: itself, or the primary it follows. */
  String leader() {
    return primary != null ? name : replica.master();
  }

  /** A primary moves to a newer epoch without changing role (see {@link Fencing#beforePsync}). */
  void raiseEpoch(long newer) {
    epoch = newer;
    primary.epoch(newer);
  }

  ReplicationInfo info(long now) {
    return new ReplicationInfo(
        name,
        primary != null ? "primary" : "replica",
        epoch,
        data.replid(),
        data.replid2(),
        data.replid2Offset(),
        data.offset(),
        data.backlogFirst(),
        data.backlogSize(),
        primary != null ? primary.links(now) : List.of(),
        replica == null ? null : replica.master(),
        replica != null && replica.linkUp(now),
        replica == null ? -1 : replica.lastIoMillisAgo(now),
        replica != null && replica.syncing(),
        readOnlyReason,
        data.keys().size());
  }

  /** The effects, with what to persist when the role, the epoch or (if kept) the data changed. */
  Effects<ReplicationMessage> finish(Effects.Builder<ReplicationMessage> out) {
    String master = replica == null ? null : replica.master();
    boolean keep = config.persistData();
    if (saved == null
        || !Objects.equals(saved.master(), master)
        || saved.epoch() != epoch
        || !Objects.equals(saved.readOnlyReason(), readOnlyReason)
        || !Objects.equals(saved.formerPrimary(), formerPrimary)
        || (keep && (saved.offset() != data.offset() || !saved.replid().equals(data.replid())))) {
      saved =
          new ReplicationNode.Saved(
              master,
              epoch,
              formerPrimary,
              readOnlyReason,
              data.replid(),
              data.offset(),
              keep ? data.copy() : null);
      out.persist(saved);
    }
    return out.build();
  }

  Primary primary() {
    return primary;
  }

  long epoch() {
    return epoch;
  }
}
