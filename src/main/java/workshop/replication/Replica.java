package workshop.replication;

import java.util.List;
import workshop.protocol.Effects;

/**
 * The replica's side of replication: asks its primary to continue from its offset ({@code PSYNC
 * replid offset}), loads a full sync or continues, applies the stream in order, acknowledges, and
 * declares its link down when the primary falls silent.
 *
 * <p>Each PSYNC carries a number drawn for it ({@code attempt}); the replica accepts only the
 * answer to its latest one, and only stream messages of the sync it accepted. A late or duplicated
 * answer is dropped. Writes are applied strictly in order: one already held is skipped, one after a
 * gap waits for the primary to send the missing ones again. So at every moment the replica's keys
 * are the primary's keys at the replica's offset: stale, never wrong. Not thread-safe.
 */
final class Replica {
  private final String master;
  private final ReplicationConfig config;
  private final Dataset data;
  private boolean streaming;
  private long attempt;
  private long askedAtMillis;
  private long lastIoMillis;
  private boolean everUp;

  Replica(String master, ReplicationConfig config, Dataset data) {
    this.master = master;
    this.config = config;
    this.data = data;
  }

  String master() {
    return master;
  }

  /** Asks the primary to continue from here, or to send everything. */
  void connect(
      long now,
      long epoch,
      java.util.random.RandomGenerator random,
      Effects.Builder<ReplicationMessage> out) {
    streaming = false;
    attempt = 1 + random.nextLong(Long.MAX_VALUE - 1);
    askedAtMillis = now;
    out.send(master, new ReplicationMessage.Psync(data.replid(), data.offset(), epoch, attempt));
  }

  void fullResync(
      ReplicationMessage.FullResync f, long now, Effects.Builder<ReplicationMessage> out) {
    if (streaming || f.attempt() != attempt) {
      return; // not the answer to this replica's latest request, or a copy of one it took
    }
    List<String> lost = data.lostTo(f.snapshot(), f.sharedUpTo());
    for (String key : lost) {
      out.event(
          "loses " + key,
          f.sharedUpTo() < 0
              ? "replaced by " + master + "'s snapshot of an unrelated history"
              : master
                  + "'s history never had this write (the histories part after offset "
                  + f.sharedUpTo()
                  + ")");
    }
    data.load(f.replid(), f.offset(), f.snapshot());
    up(now, out);
    out.event(
        "full sync from "
            + master
            + ": "
            + Primary.keys(f.snapshot().size())
            + " at offset "
            + f.offset(),
        "history "
            + Ids.brief(f.replid())
            + (lost.isEmpty()
                ? ""
                : "; "
                    + lost.size()
                    + " key"
                    + (lost.size() == 1 ? "" : "s")
                    + " of this node lost"));
    ack(out);
  }

  void continued(ReplicationMessage.Continue c, long now, Effects.Builder<ReplicationMessage> out) {
    if (streaming || c.attempt() != attempt) {
      return;
    }
    boolean renamed = !c.replid().equals(data.replid());
    data.rename(c.replid());
    up(now, out);
    out.event(
        "partial resync with " + master + " from offset " + data.offset(),
        renamed
            ? "its history is " + Ids.brief(c.replid()) + " now, the same up to here"
            : "its backlog held every write missed");
    ack(out);
  }

  void stream(ReplicationMessage.Stream s, long now, Effects.Builder<ReplicationMessage> out) {
    if (!streaming || s.attempt() != attempt || !s.replid().equals(data.replid())) {
      return;
    }
    lastIoMillis = now;
    for (Write w : s.writes()) {
      if (w.offset() > data.offset() && !data.apply(w, now)) {
        break; // a gap: the primary sends the missing writes again from our acknowledgement
      }
    }
    ack(out);
  }

  void ping(ReplicationMessage.Ping p, long now, Effects.Builder<ReplicationMessage> out) {
    if (streaming && p.replid().equals(data.replid())) {
      lastIoMillis = now;
      ack(out);
    }
  }

  /** The primary has no record of this sync: ask again. */
  void resync(
      ReplicationMessage.Resync r,
      long now,
      long epoch,
      java.util.random.RandomGenerator random,
      Effects.Builder<ReplicationMessage> out) {
    if (streaming && r.attempt() == attempt) {
      out.event(
          "asks " + master + " for a sync again",
          master + " cannot continue this replica's stream");
      connect(now, epoch, random, out);
    }
  }

  void beat(
      long now,
      long epoch,
      java.util.random.RandomGenerator random,
      Effects.Builder<ReplicationMessage> out) {
    long silent = now - (streaming ? lastIoMillis : askedAtMillis);
    if (streaming && silent > config.linkTimeout().toMillis()) {
      out.event(
          "link to " + master + " is down",
          "no word for "
              + Primary.seconds(silent)
              + " (timeout "
              + Primary.seconds(config.linkTimeout().toMillis())
              + "); asks to continue from offset "
              + data.offset());
      connect(now, epoch, random, out);
    } else if (!streaming && silent >= 2 * config.heartbeat().toMillis()) {
      connect(now, epoch, random, out); // no answer yet: ask again, quietly (the link is down)
    }
  }

  private void up(long now, Effects.Builder<ReplicationMessage> out) {
    streaming = true;
    everUp = true;
    lastIoMillis = now;
  }

  private void ack(Effects.Builder<ReplicationMessage> out) {
    out.send(master, new ReplicationMessage.Ack(data.replid(), data.offset(), attempt));
  }

  boolean linkUp(long now) {
    return streaming && now - lastIoMillis <= config.linkTimeout().toMillis();
  }

  long lastIoMillisAgo(long now) {
    return everUp ? now - lastIoMillis : -1;
  }

  boolean syncing() {
    return !streaming;
  }
}
