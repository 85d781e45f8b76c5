package workshop.fault.http;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import workshop.fault.CallEffect;
import workshop.fault.Fault;
import workshop.fault.FaultParser;
import workshop.fault.Verdict;
import workshop.support.http.FaultAction;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Routes;
import workshop.support.proc.AddressBook;
import workshop.support.proc.ProcessRecords;

/**
 * One workshop process's fault layer: how {@code ./workshop net} and {@code ./workshop pause} reach
 * it without root. Give it to the process's server ({@code WebServer.Builder.faults}) and to its
 * clients: the server gains the routes of {@link NetRoutes} ({@code GET/POST /fault/net}, {@code
 * POST /fault/pause} and {@code /fault/resume}) and a {@code faults} list in {@code /health} while
 * anything is in force; every call in or out is decided by {@link LinkFaultPolicy}.
 *
 * <p>Paused from within ({@link PauseGate}), the process answers nothing but {@code /fault/...} (so
 * it can be asked and resumed), sends nothing, and its protocol timers stand still.
 */
public final class NetFaults implements FaultPolicy, AutoCloseable {
  /** The environment variable naming a process as its starter knows it ({@code node-2}). */
  public static final String NAME_ENV = "WORKSHOP_NAME";

  public static final String PATH = "/fault/net";

  private final String name;
  private final InstantSource clock;
  private final PrintStream log;
  private final PauseGate gate = new PauseGate();
  private volatile LinkFaultPolicy links;
  private volatile AddressBook book;
  private volatile Path registration;

  /**
   * @param name this process's name among the workshop's processes
   * @param log where changes are told, one line each
   */
  public NetFaults(String name, long seed, InstantSource clock, PrintStream log) {
    this.name = name;
    this.clock = clock;
    this.log = log;
    this.links = new LinkFaultPolicy(name, new SplittableRandom(seed));
  }

  /**
   * The layer of a process started from {@code ./workshop}: named by {@value #NAME_ENV} when its
   * starter set it (as {@code up} does), else {@code defaultName}; with the checkout's rules in
   * force from the start; listed in the checkout's {@link AddressBook} once {@link #listening}.
   */
  public static NetFaults forThisProcess(String defaultName, PrintStream log) {
    String env = System.getenv(NAME_ENV);
    String given = env == null || env.isBlank() ? defaultName : env.strip();
    // A name the fault vocabulary can say: letters, digits, '.', '_', ':' and '-'.
    String name = given.replaceAll("[^A-Za-z0-9._:-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
    NetFaults net =
        in(
            ProcessRecords.stateOfThisCheckout(),
            name,
            new SecureRandom().nextLong(),
            InstantSource.system(),
            log);
    // Out of the book when the process ends (the book skips ended processes anyway).
    Runtime.getRuntime().addShutdownHook(new Thread(net::unlist));
    return net;
  }

  /**
   * The layer of a process named {@code name} whose checkout keeps its state in {@code state}: the
   * rules in force there from the start, and listed in its {@link AddressBook} once {@link
   * #listening}.
   */
  public static NetFaults in(
      Path state, String name, long seed, InstantSource clock, PrintStream log) {
    NetFaults net = new NetFaults(name, seed, clock, log);
    net.book = new AddressBook(state);
    new RulesFile(state).read().ifPresent(net::installQuietly);
    return net;
  }

  public String name() {
    return name;
  }

  /** Writes this server's address to the book, so that {@code net} finds it by name. */
  public void listening(String url) {
    if (book == null) {
      return;
    }
    // A server on every address is reached on this machine at 127.0.0.1.
    String reachable =
        url.replace("://0.0.0.0:", "://127.0.0.1:").replace("://[::]:", "://127.0.0.1:");
    try {
      registration = book.add(name.isEmpty() ? "server" : name, reachable);
    } catch (RuntimeException e) {
      log.println(
          "[net] " + name + ": ./workshop net will not find this server: " + e.getMessage());
    }
  }

  /**
   * Puts these rules in force, replacing what was.
   *
   * @throws IllegalArgumentException naming the fault that was refused, and why
   */
  public NetWire.State install(NetWire.Rules rules) {
    List<Fault> faults = new ArrayList<>();
    for (String line : rules.faults()) {
      faults.add(FaultParser.parse(line));
    }
    Map<String, String> nodes = rules.nodes() == null ? Map.of() : rules.nodes();
    LinkFaultPolicy next =
        new LinkFaultPolicy(
            name,
            rules.seed() == null
                ? new SplittableRandom(new SecureRandom().nextLong())
                : new SplittableRandom(rules.seed() ^ name.hashCode()));
    next.install(faults, nodes);
    links = next;
    List<String> said = faults.stream().map(Fault::text).toList();
    log.println(
        "[net] "
            + name
            + ": "
            + (said.isEmpty()
                ? "no network faults in force"
                : "in force: " + String.join("; ", said)));
    return state();
  }

  private void installQuietly(NetWire.Rules rules) {
    try {
      install(rules);
    } catch (RuntimeException e) {
      log.println("[net] " + name + ": ignoring the checkout's net rules: " + e.getMessage());
    }
  }

  /** What is in force here. */
  public NetWire.State state() {
    LinkFaultPolicy now = links;
    List<Fault> inForce = now.inForce();
    return new NetWire.State(
        name,
        inForce.stream().map(Fault::text).toList(),
        inForce.stream().map(CallEffect::of).toList(),
        new LinkedHashMap<>(now.book()),
        gate.since() != null);
  }

  /** Pauses the process from within; returns false when it already was. */
  public boolean pause() {
    boolean paused = gate.pause(clock.instant());
    if (paused) {
      log.println("[net] " + name + ": paused: answering nothing, sending nothing, timers stopped");
    }
    return paused;
  }

  /** Resumes it; returns false when it was not paused. */
  public boolean resume() {
    boolean resumed = gate.resume();
    if (resumed) {
      log.println("[net] " + name + ": resumed: what waited goes on, in the order it came");
    }
    return resumed;
  }

  @Override
  public void addRoutes(Routes routes) {
    new NetRoutes(this).addTo(routes);
  }

  /** Whether it is paused from within. */
  public boolean paused() {
    return gate.since() != null;
  }

  @Override
  public Object describe() {
    List<String> lines = new ArrayList<>(state().explained());
    if (gate.since() != null) {
      lines.add("paused from within since " + gate.since() + ": answers only /fault/...");
    }
    return lines.isEmpty() ? null : lines;
  }

  @Override
  public FaultAction inbound(String fromPeer, String method, String path) {
    return inbound(fromPeer, null, method, path);
  }

  @Override
  public FaultAction inbound(String fromPeer, String net, String method, String path) {
    if (path.startsWith("/fault/")) {
      return FaultAction.PASS;
    }
    gate.pass();
    return links.inbound(fromPeer, net, method, path);
  }

  @Override
  public FaultAction outbound(String toPeer, String method, String path) {
    gate.pass();
    return links.outbound(toPeer, method, path);
  }

  /**
   * What the faults in force do to one message from {@code from} to {@code to} (a chunk a proxy
   * forwards); waits first while the process is paused from within.
   */
  public Verdict message(String from, String to) {
    gate.pass();
    return links.message(from, to);
  }

  /** The bandwidth limit on a stream from {@code from} to {@code to}, bytes a second; 0: none. */
  public long bandwidth(String from, String to) {
    return links.bandwidth(from, to);
  }

  @Override
  public String mark(String toPeer) {
    return links.mark(toPeer);
  }

  @Override
  public void onPause(Runnable pause, Runnable resume) {
    gate.onPause(pause, resume);
  }

  /** Lets whatever waits at the gate go, and takes this server out of the book. */
  @Override
  public void close() {
    gate.resume();
    unlist();
  }

  private void unlist() {
    Path listed = registration;
    if (listed != null && book != null) {
      book.remove(listed);
    }
  }
}
