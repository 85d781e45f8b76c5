package workshop.fault;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a network fault does to calls between real processes, in one line, with the numbers a
 * student will measure: {@code net show}, a process's {@code /health} and the dashboard print it
 * beside the fault. The arithmetic is {@link RoundTrip}'s: a call is a request and an answer, and a
 * fault acts on each direction it covers.
 */
public final class CallEffect {
  private CallEffect() {}

  /** The fault, then what it does: {@code delay node-2 100ms: ...}. */
  public static String of(Fault fault) {
    return fault.text() + ": " + effect(fault);
  }

  private static String effect(Fault fault) {
    return switch (fault) {
      case Fault.Partition p ->
          "calls between the sides " + lost(p.reject()) + "; calls within a side work";
      case Fault.Block b ->
          b.from()
              + "'s calls to "
              + b.to()
              + " "
              + lost(b.reject())
              + "; "
              + b.to()
              + "'s calls to "
              + b.from()
              + " are handled there, but their answers are lost";
      case Fault.Delay d -> delay(d);
      case Fault.Loss l -> loss(l);
      case Fault.Bandwidth b ->
          "at most "
              + FaultParser.rate(b.bytesPerSecond())
              + " each way on TCP streams through ./workshop proxy"
              + (b.target() instanceof Target.All ? "" : " on " + b.target().text())
              + "; calls between workshop servers are not limited";
      case Fault.Duplicate d -> "no effect on real calls (a call is one request and one answer)";
      case Fault.Reorder r -> "no effect on real calls (a call is one request and one answer)";
      case Fault.Heal h -> "every network fault removed";
      case Fault.NodeFault n -> "acts on the process itself, not on its calls";
    };
  }

  private static String lost(boolean reject) {
    return reject ? "are refused at once" : "time out (nothing comes back)";
  }

  private static String delay(Fault.Delay d) {
    long ms = d.amount().toMillis();
    String each =
        "+" + ms + " ms" + (d.jitter().isZero() ? "" : " ± " + d.jitter().toMillis() + " ms");
    return switch (d.target()) {
      case Target.All a -> each + " each way: every call takes " + 2 * ms + " ms longer";
      case Target.Node n ->
          each + " each way: a call to or from " + n.name() + " takes " + 2 * ms + " ms longer";
      case Target.Link l ->
          each
              + " on "
              + l.text()
              + " only: "
              + l.from()
              + "'s calls to "
              + l.to()
              + " and "
              + l.to()
              + "'s calls to "
              + l.from()
              + " take "
              + ms
              + " ms longer";
    };
  }

  private static String loss(Fault.Loss l) {
    String p = FaultParser.percent(l.percent());
    String both = both(l.percent());
    return switch (l.target()) {
      case Target.All a ->
          p + " of messages lost each way: about " + both + " of all calls fail (time out)";
      case Target.Node n ->
          p
              + " of messages to or from "
              + n.name()
              + " lost each way: about "
              + both
              + " of its calls fail (time out)";
      case Target.Link k ->
          p
              + " of messages on "
              + k.text()
              + " lost: "
              + p
              + " of "
              + k.from()
              + "'s calls to "
              + k.to()
              + " and of "
              + k.to()
              + "'s calls to "
              + k.from()
              + " fail (time out)";
    };
  }

  /** The chance that a call loses its request or its answer: 1 - (1 - p)². */
  static String both(double percent) {
    double p = percent / 100;
    double either = (1 - (1 - p) * (1 - p)) * 100;
    return BigDecimal.valueOf(either)
            .setScale(2, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
