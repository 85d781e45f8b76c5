package workshop.replication;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import workshop.protocol.Effects;
import workshop.protocol.RequestId;

/**
 * The primary's side of replication: answers each replica's PSYNC with a partial or a full sync,
 * streams writes in batches, tracks what every replica acknowledged, and answers clients that wait
 * for acknowledgements.
 *
 * <p>Streaming: at most one batch in flight per replica. A batch carries every write since the
 * replica's last acknowledgement (up to {@code maxBatch}); the next leaves when it is acknowledged.
 * Under load a message therefore carries many writes, and one round trip per batch, not per write,
 * bounds the throughput. A batch not acknowledged within a heartbeat is sent again from the last
 * acknowledged offset; replicas skip what they already hold. An idle replica gets a ping each
 * heartbeat, which it acknowledges: that keeps both sides' link status honest.
 *
 * <p>Lag: in writes, the primary's offset minus the replica's acknowledged one; in time, how long
 * the oldest write it has not acknowledged has waited. Not thread-safe.
 */
final class Primary {
  private final ReplicationConfig config;
  private final Dataset data;
  private long epoch;
  private final Map<String, ReplicaLink> links = new TreeMap<>();
  private final Waiters waiters = new Waiters();

  Primary(ReplicationConfig config, Dataset data, long epoch) {
    this.config = config;
    this.data = data;
    this.epoch = epoch;
  }

  /**
   * A newer epoch for this primary (see {@link Roles}: it must lead past what its replicas saw).
   */
  void epoch(long newer) {
    epoch = newer;
  }

  void psync(
      String from, ReplicationMessage.Psync p, long now, Effects.Builder<ReplicationMessage> out) {
    ReplicaLink link = links.computeIfAbsent(from, ReplicaLink::new);
    if (p.attempt() == link.attempt) {
      return; // a copy of a request already answered (the network duplicated it)
    }
    String at = " (PSYNC " + Ids.brief(p.replid()) + " " + p.offset() + ")";
    if (data.canContinue(p.replid(), p.offset())) {
      link.restart(p.attempt(), p.offset(), now);
      long missed = data.offset() - p.offset();
      out.event(
          "partial resync of " + from + at,
          missed == 0
              ? "it missed nothing"
              : missed == 1
                  ? "the backlog still holds the write it missed"
                  : "the backlog still holds the " + missed + " writes it missed");
      out.send(from, new ReplicationMessage.Continue(data.replid(), epoch, p.attempt()));
      sendBatch(link, now, out);
      return;
    }
    link.restart(p.attempt(), -1, now);
    out.event(
        "full sync of "
            + from
            + at
            + ": "
            + keys(data.keys().size())
            + " at offset "
            + data.offset(),
        SyncChoice.whyFull(data, p));
    out.send(
        from,
        new ReplicationMessage.FullResync(
            data.replid(),
            data.offset(),
            epoch,
            p.attempt(),
            data.copy(),
            data.sharedWith(p.replid(), p.offset())));
  }

  void ack(
      String from, ReplicationMessage.Ack a, long now, Effects.Builder<ReplicationMessage> out) {
    ReplicaLink link = links.get(from);
    if (link == null || a.attempt() != link.attempt || !a.replid().equals(data.replid())) {
      // From an earlier sync of this replica, or one this primary forgot: if it is the replica's
      // current sync, the replica asks again; if not, it ignores this.
      out.send(from, new ReplicationMessage.Resync(a.attempt()));
      return;
    }
    link.lastAckMillis = now;
    if (!link.online) {
      link.online = true;
      out.event(from + "'s link is up", "it acknowledged offset " + a.offset());
    }
    link.acked = Math.max(link.acked, a.offset());
    if (!link.idle() && link.acked >= link.inFlightTo) {
      link.inFlightTo = 0;
    }
    if (link.idle() && link.acked < data.offset()) {
      sendBatch(link, now, out);
    }
    waiters.acked(this::holding, out);
  }

  /**
   * A client's write: refused at once when fewer replicas are online than {@code
   * min-replicas-to-write}; otherwise applied, streamed, and answered now or once enough replicas
   * acknowledged it.
   */
  void write(
      RequestId request,
      String what,
      String key,
      String value,
      long now,
      Effects.Builder<ReplicationMessage> out) {
    int n = config.minReplicas();
    if (n > 0 && online() < n) {
      out.event("refuses " + what, "min-replicas-to-write " + n + ", " + online() + " online");
      out.refuse(
          request,
          "NOREPLICAS Not enough good replicas to write: "
              + online()
              + " of "
              + n
              + " replicas online");
      return;
    }
    Write w = data.write(key, value, now);
    wrote(now, out);
    if (n > 0) {
      await(request, w.offset(), n, true, config.minReplicasTimeout().toMillis(), out);
    } else {
      out.reply(request, new ReplicationMessage.Written(w.offset(), 0));
    }
  }

  /** {@code WAIT numreplicas timeout}: for the writes so far. */
  void waitFor(
      RequestId request, ReplicationMessage.Wait w, Effects.Builder<ReplicationMessage> out) {
    await(request, data.offset(), w.replicas(), false, w.timeoutMillis(), out);
  }

  /** A write, already applied: stream it to every idle replica. */
  private void wrote(long now, Effects.Builder<ReplicationMessage> out) {
    for (ReplicaLink link : links.values()) {
      if (link.online && !link.syncing() && link.idle()) {
        sendBatch(link, now, out);
      }
    }
  }

  private void await(
      RequestId request,
      long offset,
      int needed,
      boolean write,
      long timeoutMillis,
      Effects.Builder<ReplicationMessage> out) {
    waiters.await(request, offset, needed, write, timeoutMillis, out);
    waiters.acked(this::holding, out);
  }

  void waitTimedOut(String timer, Effects.Builder<ReplicationMessage> out) {
    waiters.timedOut(timer, this::holding, out);
  }

  void beat(long now, Effects.Builder<ReplicationMessage> out) {
    long timeout = config.linkTimeout().toMillis();
    for (ReplicaLink link : links.values()) {
      if (link.online && now - link.lastAckMillis > timeout) {
        link.online = false;
        out.event(
            link.name + "'s link is down",
            "no acknowledgement for "
                + seconds(now - link.lastAckMillis)
                + " (timeout "
                + seconds(timeout)
                + ")");
      }
      if (link.syncing()) {
        continue; // the replica asks again if its full sync was lost
      }
      boolean stale = !link.idle() && now - link.sentAtMillis >= config.heartbeat().toMillis();
      if (link.idle() || stale) {
        link.inFlightTo = 0;
        if (link.acked < data.offset()) {
          sendBatch(link, now, out);
        } else {
          out.send(link.name, new ReplicationMessage.Ping(data.replid(), epoch, data.offset()));
        }
      }
    }
  }

  /** {@code from} says it replicates from someone else now: stop streaming to it. */
  void forget(String from, String follows, Effects.Builder<ReplicationMessage> out) {
    if (links.remove(from) != null) {
      out.event(
          "forgets replica " + from,
          follows == null ? "it is a primary itself" : "it replicates from " + follows + " now");
      waiters.acked(this::holding, out);
    }
  }

  /** This node stops being a primary: its waiting clients are answered, its replicas told. */
  void end(String why, String next, Effects.Builder<ReplicationMessage> out) {
    waiters.abandon(why, this::holding, out);
    links.keySet().stream()
        .filter(r -> !r.equals(next))
        .forEach(r -> out.send(r, new ReplicationMessage.NotPrimary(next)));
  }

  private void sendBatch(ReplicaLink link, long now, Effects.Builder<ReplicationMessage> out) {
    if (!data.canContinue(data.replid(), link.acked)) {
      out.event(
          link.name + " fell behind the backlog",
          "it needs the writes from offset "
              + (link.acked + 1)
              + ", but the backlog holds "
              + data.backlogFirst()
              + " to "
              + data.offset()
              + " only; asks it to sync again");
      out.send(link.name, new ReplicationMessage.Resync(link.attempt));
      link.acked = -1; // nothing more to stream until it syncs again,
      link.attempt = 0; // and its acknowledgements get the same answer meanwhile
      return;
    }
    List<Write> batch = data.after(link.acked, config.maxBatch());
    if (batch.isEmpty()) {
      return;
    }
    link.sent(batch.get(batch.size() - 1).offset(), now);
    out.send(link.name, new ReplicationMessage.Stream(data.replid(), epoch, link.attempt, batch));
  }

  /** How many replicas acknowledged {@code offset}. */
  int holding(long offset) {
    int n = 0;
    for (ReplicaLink link : links.values()) {
      if (link.acked >= offset) {
        n++;
      }
    }
    return n;
  }

  long confirmed() {
    return waiters.confirmed();
  }

  int online() {
    return (int) links.values().stream().filter(l -> l.online && !l.syncing()).count();
  }

  boolean hasReplica(String name) {
    return links.containsKey(name);
  }

  List<ReplicationInfo.Link> links(long now) {
    return links.values().stream().map(l -> l.info(data, now)).toList();
  }

  static String keys(int n) {
    return n + (n == 1 ? " key" : " keys");
  }

  static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
