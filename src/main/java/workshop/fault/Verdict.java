package workshop.fault;

import java.time.Duration;

/** What the network does with one message, as {@link LinkConditions} decides it. */
public sealed interface Verdict {
  /**
   * The message arrives after {@code delay} (on top of the link's own latency), as many times as
   * {@code copies}.
   */
  record Deliver(Duration delay, int copies) implements Verdict {}

  /** The message vanishes; the sender hears nothing until its call times out (iptables DROP). */
  record Drop(String reason) implements Verdict {}

  /** The call is refused at once, as by a port nobody listens on (a crashed process). */
  record Reject(String reason) implements Verdict {}
}
