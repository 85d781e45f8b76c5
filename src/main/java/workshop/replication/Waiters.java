package workshop.replication;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongToIntFunction;
import workshop.protocol.Effects;
import workshop.protocol.RequestId;

/**
 * Clients waiting for replicas: {@code WAIT numreplicas timeout}, and writes under {@code
 * min-replicas-to-write N}, each until enough replicas acknowledged an offset or its timer fires.
 *
 * <p>A write that times out is not undone: it stays on the primary and may still reach every
 * replica. NOREPLICAS says only that the primary could not confirm it in time, as Redis's WAIT does
 * ("WAIT does not make Redis a strongly consistent store").
 */
final class Waiters {
  static final String TIMER = "wait-";

  private record Pending(
      RequestId request,
      long offset,
      int needed,
      boolean write,
      String timer,
      long timeoutMillis) {}

  private final List<Pending> pending = new ArrayList<>();
  private long next;
  private long confirmed;

  /** Waits for {@code needed} acknowledgements of {@code offset}; a timeout of 0 waits for ever. */
  void await(
      RequestId request,
      long offset,
      int needed,
      boolean write,
      long timeoutMillis,
      Effects.Builder<ReplicationMessage> out) {
    String timer = TIMER + ++next;
    pending.add(new Pending(request, offset, needed, write, timer, timeoutMillis));
    if (timeoutMillis > 0) {
      out.setTimer(timer, java.time.Duration.ofMillis(timeoutMillis));
    }
  }

  /** Answers every client whose offset now has enough acknowledgements. */
  void acked(LongToIntFunction holding, Effects.Builder<ReplicationMessage> out) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      int n = holding.applyAsInt(p.offset);
      if (n >= p.needed) {
        it.remove();
        out.cancelTimer(p.timer);
        if (p.write) {
          confirmed = Math.max(confirmed, p.offset);
        }
        out.reply(
            p.request,
            p.write
                ? new ReplicationMessage.Written(p.offset, n)
                : new ReplicationMessage.Waited(n));
      }
    }
  }

  /** A wait's timer fired: answer with what there is (WAIT) or refuse (a write). */
  void timedOut(String timer, LongToIntFunction holding, Effects.Builder<ReplicationMessage> out) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.timer.equals(timer)) {
        it.remove();
        answerNow(p, holding.applyAsInt(p.offset), "after " + p.timeoutMillis + " ms", out);
      }
    }
  }

  /** This node is no longer a primary: nobody will acknowledge to it, so answer everyone now. */
  void abandon(String why, LongToIntFunction holding, Effects.Builder<ReplicationMessage> out) {
    for (Pending p : pending) {
      out.cancelTimer(p.timer);
      answerNow(p, holding.applyAsInt(p.offset), why, out);
    }
    pending.clear();
  }

  private static void answerNow(
      Pending p, int n, String when, Effects.Builder<ReplicationMessage> out) {
    if (!p.write) {
      out.reply(p.request, new ReplicationMessage.Waited(n));
      return;
    }
    out.refuse(
        p.request,
        "NOREPLICAS Not enough good replicas to write: "
            + n
            + " of "
            + p.needed
            + " acknowledged offset "
            + p.offset
            + " "
            + when
            + " (the write stays on this primary and may still reach replicas)");
  }

  /** The highest offset of a write answered OK after enough acknowledgements. */
  long confirmed() {
    return confirmed;
  }

  int size() {
    return pending.size();
  }
}
