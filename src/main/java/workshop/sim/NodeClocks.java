package workshop.sim;

import java.time.Instant;

/**
 * Every node's own clock. Unskewed nodes read virtual time exactly. {@code skew} makes a node read
 * {@code offset} ahead from now on (behind when negative) and gain {@code drift} per cent of every
 * interval after it; a node's timers run on its own clock, so a clock that runs 10% fast fires a 1
 * s timer after about 909 ms of true time. Arrays appear on the first skew, so a run without one
 * costs nothing.
 */
final class NodeClocks {
  private final int nodes;
  private long[] offset;
  private double[] drift;
  private long[] since;
  private long cachedMillis;
  private Instant cached;

  NodeClocks(int nodes) {
    this.nodes = nodes;
  }

  void skew(int node, long nowMillis, long offsetMillis, double driftPercent) {
    if (offset == null) {
      offset = new long[nodes];
      drift = new double[nodes];
      since = new long[nodes];
    }
    offset[node] = offsetMillis;
    drift[node] = driftPercent / 100;
    since[node] = nowMillis;
  }

  /** What {@code node}'s clock reads at virtual time {@code nowMillis}, in milliseconds. */
  long local(int node, long nowMillis) {
    if (offset == null) {
      return nowMillis;
    }
    return nowMillis + offset[node] + Math.round(drift[node] * (nowMillis - since[node]));
  }

  Instant instant(int node, long nowMillis) {
    long local = local(node, nowMillis);
    if (local != cachedMillis || cached == null) {
      cachedMillis = local;
      cached = Instant.ofEpochMilli(local);
    }
    return cached; // many nodes read the same instant: one object instead of one per input
  }

  /** How much virtual time passes while {@code node}'s clock advances {@code localMillis}. */
  long virtual(int node, long localMillis) {
    if (offset == null || drift[node] == 0) {
      return localMillis;
    }
    return Math.round(localMillis / (1 + drift[node]));
  }

  /** {@code +500ms drift 1%}, or an empty string for a true clock. */
  String describe(int node) {
    if (offset == null || (offset[node] == 0 && drift[node] == 0)) {
      return "";
    }
    String text = (offset[node] < 0 ? "" : "+") + offset[node] + "ms";
    String percent =
        java.math.BigDecimal.valueOf(drift[node] * 100).stripTrailingZeros().toPlainString();
    return drift[node] == 0 ? text : text + " drift " + percent + "%";
  }
}
