package workshop.sim;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's agenda: events by virtual time, and events due at the same time in the order they
 * were scheduled. Many events share a time (every node's round timer fires at the same instant, and
 * messages take a whole number of milliseconds), so events are kept in one first-in-first-out
 * bucket per distinct time, and only the few distinct times are sorted. Scheduling and taking the
 * next event cost a lookup among those times instead of a sift through every pending event, and the
 * events of one bucket sit together in memory.
 */
final class EventQueue<M> {
  private final TreeMap<Long, ArrayDeque<SimEvent<M>>> byTime = new TreeMap<>();
  private long lastTime = Long.MIN_VALUE;
  private ArrayDeque<SimEvent<M>> lastBucket;
  private int size;

  /**
   * Adds {@code e}, whose {@code at} and {@code seq} are set, after every event due at its time.
   */
  void add(SimEvent<M> e) {
    ArrayDeque<SimEvent<M>> bucket;
    if (e.at == lastTime && lastBucket != null) {
      bucket = lastBucket;
    } else {
      bucket = byTime.get(e.at);
      if (bucket == null) {
        bucket = new ArrayDeque<>();
        byTime.put(e.at, bucket);
      }
      lastTime = e.at;
      lastBucket = bucket;
    }
    bucket.addLast(e);
    size++;
  }

  /** The time of the next event; only when not empty. */
  long nextTime() {
    return byTime.firstKey();
  }

  /** Takes the next event, or null when there is none. */
  SimEvent<M> poll() {
    Map.Entry<Long, ArrayDeque<SimEvent<M>>> first = byTime.firstEntry();
    if (first == null) {
      return null;
    }
    ArrayDeque<SimEvent<M>> bucket = first.getValue();
    SimEvent<M> e = bucket.pollFirst();
    if (bucket.isEmpty()) {
      byTime.pollFirstEntry();
      if (bucket == lastBucket) {
        lastBucket = null;
      }
    }
    size--;
    return e;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }
}
