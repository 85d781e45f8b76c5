package workshop.fault.http;

import java.util.Map;
import java.util.random.RandomGenerator;
import workshop.fault.Fault;
import workshop.fault.LinkConditions;
import workshop.fault.Verdict;
import workshop.support.http.FaultAction;
import workshop.support.http.FaultPolicy;

/**
 * The fault vocabulary on real processes: {@link LinkConditions} behind the HTTP fault seam. A
 * process decides every call it <em>makes</em> as a message from itself to the callee, so each
 * message between workshop processes is decided once, by its sender; calls it receives pass (the
 * sender has decided them). Deliver becomes Pass or Delay, Drop holds the call until the caller's
 * timeout, Reject refuses it at once. Duplication cannot be done by a seam that sees one call at a
 * time: a duplicated message is delivered once.
 *
 * <p>Thread-safe: calls decide under one lock, which also guards {@link #apply}.
 */
public final class LinkFaultPolicy implements FaultPolicy {
  private final String self;
  private final LinkConditions links;
  private final RandomGenerator random;
  private final Map<String, String> names;

  /**
   * @param self this process's node name
   * @param names node name by "host:port", to name the callee of a call; unknown addresses are
   *     taken as names
   */
  public LinkFaultPolicy(
      String self, LinkConditions links, RandomGenerator random, Map<String, String> names) {
    this.self = self;
    this.links = links;
    this.random = random;
    this.names = Map.copyOf(names);
  }

  /** Puts a fault in force for the calls to come; see {@link LinkConditions#apply}. */
  public synchronized String apply(Fault fault) {
    return links.apply(fault);
  }

  @Override
  public FaultAction inbound(String fromPeer, String method, String path) {
    return FaultAction.PASS;
  }

  @Override
  public synchronized FaultAction outbound(String toPeer, String method, String path) {
    Verdict v = links.decide(self, names.getOrDefault(toPeer, toPeer), random);
    return switch (v) {
      case Verdict.Deliver d ->
          d.delay().isZero() ? FaultAction.PASS : new FaultAction.Delay(d.delay());
      case Verdict.Drop d -> new FaultAction.Drop(d.reason());
      case Verdict.Reject r -> new FaultAction.Reject(r.reason());
    };
  }
}
