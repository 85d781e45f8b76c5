package workshop.fault.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import workshop.fault.CallEffect;
import workshop.fault.Fault;
import workshop.fault.FaultParser;
import workshop.fault.LinkConditions;
import workshop.fault.Target;
import workshop.fault.http.NetFaults;
import workshop.fault.http.NetWire;
import workshop.fault.http.RulesFile;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.proc.AddressBook;

/**
 * The workshop's running servers as {@code ./workshop net} sees them, and the one path by which a
 * network fault reaches them: the servers come from the checkout's {@link AddressBook} (each wrote
 * its name and address when it started); the faults in force are kept in the {@link RulesFile};
 * every change rewrites the file and sends the whole set, with every server's address, to every
 * server's {@code POST /fault/net}, in parallel. A server that was down reads the file when it
 * starts, as a firewall's rules outlive the processes behind it.
 */
public final class Network implements AutoCloseable {
  /** Names in the order people count them: node-2 before node-10. */
  static final Comparator<String> NATURAL =
      Comparator.comparing((String s) -> s.replaceAll("\\d+", ""))
          .thenComparingLong(
              s -> {
                String digits = s.replaceAll("\\D+", "");
                return digits.isEmpty() || digits.length() > 18 ? 0 : Long.parseLong(digits);
              })
          .thenComparing(Comparator.naturalOrder());

  private final Path state;
  private final AddressBook book;
  private final RulesFile rules;
  private final Pauses pauses;
  private final TokenTrust trust;
  private final WebClient http;

  /**
   * @param timeout how long each server may take to answer
   */
  public Network(Path state, Duration timeout) {
    this.state = state;
    this.book = new AddressBook(state);
    this.rules = new RulesFile(state);
    this.pauses = new Pauses(state);
    // The token goes to the servers this checkout's book lists (our own), and nowhere else.
    this.trust = TokenTrust.fromEnvironment();
    this.http = WebClient.builder().timeout(timeout).peerName("workshop-net").token(trust).build();
  }

  /** The running servers, one per name (the newest when two share one), in natural order. */
  public Map<String, AddressBook.Entry> servers() {
    Map<String, AddressBook.Entry> byName = new TreeMap<>(NATURAL);
    for (AddressBook.Entry e : book.live()) {
      byName.put(e.name(), e); // live() lists oldest first: the newest stays
      trust.trust(e.address());
    }
    return byName;
  }

  /** A running server by name, or a {@link UserError} listing the names there are. */
  AddressBook.Entry server(String name) {
    Map<String, AddressBook.Entry> all = servers();
    AddressBook.Entry e = all.get(name);
    if (e == null) {
      throw new UserError(unknown(name, all));
    }
    return e;
  }

  Pauses pauses() {
    return pauses;
  }

  WebClient http() {
    return http;
  }

  /**
   * Puts a network fault in force on every running server, beside those already in force.
   *
   * @return what to print: the fault and its effect, then where it went
   */
  public List<String> apply(Fault fault, Long seed) {
    Map<String, AddressBook.Entry> live = needServers();
    for (String name : names(fault)) {
      if (!live.containsKey(name)) {
        throw new UserError(unknown(name, live));
      }
    }
    List<String> lines = new ArrayList<>();
    LinkConditions links = new LinkConditions(List.copyOf(live.keySet()));
    NetWire.Rules before = rules.read().orElse(null);
    if (before != null) {
      for (String text : before.faults()) {
        Fault f = FaultParser.parse(text);
        if (live.keySet().containsAll(names(f))) {
          links.apply(f);
        } else {
          lines.add("(dropped " + text + ": it names a server that no longer runs)");
        }
      }
    }
    try {
      links.apply(fault);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Long keep = seed != null ? seed : before == null ? null : before.seed();
    lines.add(0, CallEffect.of(fault));
    lines.addAll(install(links.inForce().stream().map(Fault::text).toList(), keep, live));
    return lines;
  }

  /** What {@code net show} prints. */
  public List<String> show() {
    return new NetShow(this, state).show();
  }

  /** Takes every network fault away (paused processes stay paused). */
  public List<String> heal() {
    Map<String, AddressBook.Entry> live = needServers();
    List<String> lines = new ArrayList<>();
    lines.add("heal: every network fault removed");
    lines.addAll(install(List.of(), null, live));
    return lines;
  }

  /** As if {@code net} had never run: heals, resumes every paused server, forgets the rules. */
  public List<String> reset() {
    List<String> lines = new ArrayList<>();
    for (Pauses.Paused p : pauses.list()) {
      pauses.resume(p, http);
      lines.add("resumed " + p.name() + " (" + p.describe() + ")");
    }
    Map<String, AddressBook.Entry> live = servers();
    if (!live.isEmpty()) {
      lines.addAll(install(List.of(), null, live));
    }
    rules.delete();
    lines.add(
        "reset: no network faults, nothing paused"
            + (live.isEmpty()
                ? " (no server runs)"
                : " on " + live.size() + (live.size() == 1 ? " server" : " servers")));
    return lines;
  }

  private List<String> install(
      List<String> faults, Long seed, Map<String, AddressBook.Entry> live) {
    Map<String, String> addresses = new LinkedHashMap<>();
    live.forEach((name, e) -> addresses.put(name, e.address()));
    NetWire.Rules next = new NetWire.Rules(faults, addresses, seed);
    rules.write(next);
    List<Pauses.Paused> paused = pauses.list();
    Map<String, String> failed = new ConcurrentHashMap<>();
    List<String> frozen = new ArrayList<>();
    List<AddressBook.Entry> reachable = new ArrayList<>();
    for (AddressBook.Entry e : live.values()) {
      if (paused.stream()
          .anyMatch(p -> p.name().equals(e.name()) && p.how() == Pauses.How.SIGSTOP)) {
        frozen.add(e.name());
      } else {
        reachable.add(e);
      }
    }
    parallel(reachable, e -> send(e, next).ifPresent(why -> failed.put(e.name(), why)));
    List<String> lines = new ArrayList<>();
    List<String> took =
        reachable.stream()
            .map(AddressBook.Entry::name)
            .filter(n -> !failed.containsKey(n))
            .toList();
    lines.add(
        "Sent to "
            + took.size()
            + (took.size() == 1 ? " server" : " servers")
            + (took.isEmpty() ? "" : " (" + String.join(", ", took) + ")")
            + "; ./workshop net show lists what is in force.");
    frozen.forEach(n -> lines.add(n + " is paused (SIGSTOP): it gets them when resumed"));
    failed.forEach(
        (n, why) ->
            lines.add(n + " did not take them (" + why + "); it reads them when it starts"));
    return lines;
  }

  /** Sends the rules to one server; returns why it failed, if it did. */
  Optional<String> send(AddressBook.Entry e, NetWire.Rules next) {
    try {
      ClientResponse r = http.postJson(e.url() + NetFaults.PATH, next);
      return r.ok() ? Optional.empty() : Optional.of(refusal(r));
    } catch (CallFailure x) {
      return Optional.of(x.getMessage());
    }
  }

  /** A server's refusal in its own words: the {@code detail} of its JSON error. */
  static String refusal(ClientResponse r) {
    NetWire.Refusal said = r.readTolerantly(NetWire.Refusal.class);
    return r.status() + (said == null || said.detail() == null ? "" : ": " + said.detail());
  }

  /** Sends the rules in force (if any) to one server, as {@code resume} does. */
  Optional<String> catchUp(AddressBook.Entry e) {
    return rules.read().flatMap(r -> send(e, r));
  }

  private Map<String, AddressBook.Entry> needServers() {
    Map<String, AddressBook.Entry> live = servers();
    if (live.isEmpty()) {
      throw new UserError(
          "no workshop server runs from this folder; start some with ./workshop up (net finds"
              + " servers by the names up gives them, e.g. node-2, gossip-3, registry)");
    }
    return live;
  }

  static String unknown(String name, Map<String, AddressBook.Entry> live) {
    return live.isEmpty()
        ? "no workshop server named " + name + " runs: none runs from this folder (./workshop up)"
        : "no workshop server named "
            + name
            + " runs; running: "
            + String.join(", ", live.keySet())
            + " (the names ./workshop up prefixes its lines with)";
  }

  /** The servers a fault names. */
  static List<String> names(Fault fault) {
    return switch (fault) {
      case Fault.Partition p ->
          switch (p.shape()) {
            case Fault.Groups g -> g.groups().stream().flatMap(List::stream).toList();
            case Fault.Isolate i -> List.of(i.node());
            case Fault.Bridge b -> List.of(b.node());
            case Fault.Halves h -> List.of();
            case Fault.MajorityRing r -> List.of();
          };
      case Fault.Block b -> List.of(b.from(), b.to());
      case Fault.Delay d -> names(d.target());
      case Fault.Loss l -> names(l.target());
      case Fault.Bandwidth b -> names(b.target());
      case Fault.Duplicate d -> names(d.target());
      case Fault.Reorder r -> names(r.target());
      case Fault.NodeFault n -> List.of(n.node());
      case Fault.Heal h -> List.of();
    };
  }

  private static List<String> names(Target t) {
    return switch (t) {
      case Target.All a -> List.of();
      case Target.Node n -> List.of(n.name());
      case Target.Link l -> Stream.of(l.from(), l.to()).toList();
    };
  }

  static <T> void parallel(Iterable<T> items, java.util.function.Consumer<T> each) {
    List<Thread> threads = new ArrayList<>();
    for (T item : items) {
      threads.add(Thread.ofVirtual().start(() -> each.accept(item)));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
