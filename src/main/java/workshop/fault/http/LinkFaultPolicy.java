package workshop.fault.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import workshop.fault.Fault;
import workshop.fault.LinkConditions;
import workshop.fault.RoundTrip;
import workshop.fault.Verdict;
import workshop.support.http.FaultAction;
import workshop.support.http.FaultPolicy;

/**
 * The fault vocabulary on real processes: {@link LinkConditions} behind the HTTP fault seam, one
 * per process, each knowing its own name and the other processes' addresses (the book that {@code
 * ./workshop net} sends). Every call is decided once, as a {@link RoundTrip} (its request, then its
 * answer):
 *
 * <ul>
 *   <li>by the <em>caller</em> when it knows the callee's address: it waits out the delay, drops or
 *       refuses the call itself, and marks it {@code X-Workshop-Net: node-1; decided} so that the
 *       callee lets it pass. A dropped call then never leaves the caller, as behind {@code iptables
 *       -A OUTPUT -j DROP};
 *   <li>otherwise by the <em>callee</em>: a call from curl, a browser or a workshop command has no
 *       mark, and one from a workshop process that does not know this one's address is marked with
 *       its name only ({@code X-Workshop-Net: node-1}). The callee names the caller by that mark,
 *       else by its {@code X-Workshop-Peer}, else by its address, so faults on the callee ({@code
 *       delay node-2 100ms}, {@code loss all 5%}) reach curl's calls too.
 * </ul>
 *
 * A call to an address nobody named (the original workshop's Python processes, a real Redis) is not
 * decided at all: nothing at the other end would decide it either, and deciding it here too would
 * count a fault twice for the workshop processes the book has not caught up with.
 *
 * <p>Thread-safe: decisions and changes take one lock, except while nothing is in force, when a
 * call passes without taking it (every call of every server passes here).
 */
public final class LinkFaultPolicy implements FaultPolicy {
  /** The mark's suffix when the caller has decided the call. */
  static final String DECIDED = "; decided";

  private static final Verdict NOW = new Verdict.Deliver(java.time.Duration.ZERO, 1);

  private final String self;
  private final RandomGenerator random;
  private LinkConditions links;
  private volatile boolean quiet;
  private volatile Map<String, String> book = Map.of();
  private volatile Map<String, String> names = Map.of();

  /** A process named {@code self} with nothing in force, knowing no other process yet. */
  public LinkFaultPolicy(String self, RandomGenerator random) {
    this(self, new LinkConditions(List.of()), random, Map.of());
  }

  /**
   * @param self this process's node name
   * @param names node name by "host:port", to name the callee of a call
   */
  public LinkFaultPolicy(
      String self, LinkConditions links, RandomGenerator random, Map<String, String> names) {
    this.self = self;
    this.links = links;
    this.random = random;
    this.quiet = links.inForce().isEmpty();
    Map<String, String> byName = new LinkedHashMap<>();
    names.forEach((address, name) -> byName.put(name, address));
    know(byName);
  }

  public String self() {
    return self;
  }

  /** Puts one more fault in force for the calls to come; see {@link LinkConditions#apply}. */
  public synchronized String apply(Fault fault) {
    String said = links.apply(fault);
    quiet = links.inForce().isEmpty();
    return said;
  }

  /**
   * Replaces everything: these faults, in this order, among these processes (name to "host:port";
   * this process is added when missing). Nothing changes when one of them is refused.
   *
   * @throws IllegalArgumentException naming the fault that was refused, and why
   */
  public synchronized void install(List<Fault> faults, Map<String, String> processes) {
    List<String> nodes = new ArrayList<>(processes.keySet());
    if (!nodes.contains(self)) {
      nodes.add(self);
    }
    LinkConditions next = new LinkConditions(nodes);
    for (Fault f : faults) {
      if (!(f instanceof Fault.Network) && !(f instanceof Fault.Heal)) {
        throw new IllegalArgumentException(
            f.text()
                + ": only network faults travel this way; `./workshop pause` pauses a process");
      }
      try {
        next.apply(f);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(f.text() + ": " + e.getMessage(), e);
      }
    }
    links = next;
    quiet = next.inForce().isEmpty();
    know(processes);
  }

  /** The faults in force here, in the order they were applied. */
  public synchronized List<Fault> inForce() {
    return links.inForce();
  }

  /** The processes this one knows: name to "host:port". */
  public Map<String, String> book() {
    return book;
  }

  @Override
  public FaultAction inbound(String fromPeer, String method, String path) {
    return inbound(fromPeer, null, method, path);
  }

  @Override
  public FaultAction inbound(String fromPeer, String net, String method, String path) {
    if (quiet || net != null && net.endsWith(DECIDED)) {
      return FaultAction.PASS;
    }
    String caller = net != null && !net.isBlank() ? net.strip() : fromPeer;
    return decide(caller, self);
  }

  @Override
  public FaultAction outbound(String toPeer, String method, String path) {
    String callee = quiet ? null : names.get(key(toPeer));
    return callee == null ? FaultAction.PASS : decide(self, callee);
  }

  /**
   * What the faults in force do to one message from {@code from} to {@code to}: a chunk of a TCP
   * stream that a proxy forwards, which is not a call and so is decided one direction at a time.
   */
  public Verdict message(String from, String to) {
    if (quiet) {
      return NOW;
    }
    synchronized (this) {
      return links.decide(from, to, random);
    }
  }

  /** The bandwidth limit on a stream from {@code from} to {@code to}, bytes a second; 0: none. */
  public long bandwidth(String from, String to) {
    if (quiet) {
      return 0;
    }
    synchronized (this) {
      return links.bandwidth(from, to);
    }
  }

  private synchronized FaultAction decide(String caller, String callee) {
    return action(RoundTrip.decide(links, caller, callee, random));
  }

  @Override
  public String mark(String toPeer) {
    return names.containsKey(key(toPeer)) ? self + DECIDED : self;
  }

  private static FaultAction action(RoundTrip.Fate fate) {
    return switch (fate) {
      case RoundTrip.Arrives a ->
          a.delay().isZero() ? FaultAction.PASS : new FaultAction.Delay(a.delay());
      case RoundTrip.RequestLost l ->
          l.refused() ? new FaultAction.Reject(l.reason()) : new FaultAction.Drop(l.reason());
      case RoundTrip.AnswerLost l -> new FaultAction.LoseAnswer(l.delay(), l.refused(), l.reason());
    };
  }

  private void know(Map<String, String> processes) {
    Map<String, String> byAddress = new HashMap<>();
    processes.forEach((name, address) -> byAddress.put(key(address), name));
    book = Map.copyOf(processes);
    names = byAddress;
  }

  /**
   * An address as a key: loopback spelled any way ({@code localhost}, {@code 127.0.0.1}, {@code
   * [::1]}) is one host, since a caller may write {@code localhost:5002} for a server that
   * registered {@code 127.0.0.1:5002}.
   */
  static String key(String hostPort) {
    String a = hostPort.strip().toLowerCase(Locale.ROOT);
    int colon = a.lastIndexOf(':');
    if (colon < 0) {
      return a;
    }
    String host = a.substring(0, colon).replace("[", "").replace("]", "");
    String port = a.substring(colon + 1);
    boolean loopback =
        host.equals("localhost")
            || host.startsWith("127.")
            || host.equals("::1")
            || host.equals("0:0:0:0:0:0:0:1")
            || host.equals("0.0.0.0")
            || host.equals("::");
    return (loopback ? "loopback" : host) + ":" + port;
  }
}
