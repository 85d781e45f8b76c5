package workshop.resilient.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import workshop.fault.cli.NetShow;
import workshop.membership.http.MembershipWire;
import workshop.resilient.cli.DashboardView.Snapshot;
import workshop.resilient.http.RegistryClient;
import workshop.resilient.http.RegistryWire;
import workshop.resilient.http.ResilientNodeWire;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.RegistryOption;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.proc.ProcessRecords;
import workshop.support.term.Frame;
import workshop.support.term.LiveView;
import workshop.support.term.RefreshLoop;
import workshop.support.term.Size;

/**
 * {@code ./workshop dashboard [--registry URL] [--interval 2s] [--once]}: the capstone's cluster,
 * live. Each refresh reads the registry's {@code /cluster-status}, {@code /ring} and {@code
 * /events} and each live node's {@code /stats} and {@code /events}, and draws them with {@link
 * DashboardView}. Redrawn in place on a terminal; one summary line per refresh otherwise.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Module 23: the cluster at a glance.",
      "Node health, the hash ring, where keys live and who takes over when a replica dies, keys"
          + " per node, recent events.",
      "Redrawn in place on a terminal; one summary line per refresh otherwise."
    })
public final class DashboardCommand implements Callable<Integer> {
  @Mixin RegistryOption registry;

  @Option(
      names = "--interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Time between refreshes (default ${DEFAULT-VALUE}, as the original).")
  Duration interval;

  @Option(
      names = "--once",
      description =
          "Print the whole dashboard once as plain text and exit (1 if the registry is down).")
  boolean once;

  @Spec CommandSpec spec;

  static final Duration MIN_INTERVAL = Duration.ofMillis(200);
  static final Duration MAX_INTERVAL = Duration.ofMinutes(10);

  @Override
  public Integer call() {
    String reg = registry.url();
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new UserError(
          "--interval must be between 200ms and 10m, got " + interval.toMillis() + " ms");
    }
    // Suggest a load test only when this toolkit has one.
    boolean loadTest = spec.root().subcommands().containsKey("load-test");
    try (WebClient http =
            WebClient.builder().timeout(Duration.ofSeconds(2)).peerName("dashboard").build();
        RegistryClient client = RegistryClient.forView(reg, "dashboard", Duration.ofSeconds(2))) {
      Path state = ProcessRecords.stateOfThisCheckout();
      Fetcher fetcher = new Fetcher(http, client, () -> NetShow.faultLines(state));
      if (once) {
        Snapshot s;
        try {
          s = fetcher.fetch();
        } catch (CallFailure e) {
          throw new UserError(DashboardView.notAnswering(reg, e.getMessage(), false).line());
        }
        DashboardView.render(s, Size.tall(100), false, loadTest)
            .screen()
            .forEach(System.out::println);
        System.out.flush();
        // The frame says what is missing; without the cluster status it is no dashboard.
        return s.health() == null ? 1 : 0;
      }
      try (LiveView view = LiveView.open()) {
        RefreshLoop.run(
            view,
            interval,
            () -> frame(fetcher, view.size(), view.interactive(), loadTest),
            () -> false);
      }
    }
    return 0;
  }

  private static Frame frame(Fetcher fetcher, Size size, boolean color, boolean loadTest) {
    try {
      return DashboardView.render(fetcher.fetch(), size, color, loadTest);
    } catch (CallFailure e) {
      return DashboardView.notAnswering(fetcher.registry, e.getMessage(), color);
    }
  }

  /**
   * Reads one snapshot through the typed registry client, reading tolerantly: anything missing or
   * malformed is named in {@link Snapshot#missing()} and the rest is still shown; only a registry
   * that does not answer at all throws.
   */
  static final class Fetcher {
    /** A node that takes longer than this is shown without its key count rather than stall. */
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

    private final WebClient http;
    private final RegistryClient client;
    private final Supplier<List<String>> faults;
    final String registry;

    /**
     * @param faults the faults in force on this machine's workshop processes, a line each
     */
    Fetcher(WebClient http, RegistryClient client, Supplier<List<String>> faults) {
      this.http = http;
      this.client = client;
      this.faults = faults;
      this.registry = client.url();
    }

    /**
     * @throws CallFailure when the registry does not answer {@code /cluster-status}
     */
    Snapshot fetch() {
      List<String> missing = new ArrayList<>();
      var status = usable(client.clusterStatus(), "/cluster-status", missing);
      Instant now = Instant.now();
      var ring = read(client::ring, "/ring", missing);
      var events = read(client::events, "/events", missing);
      Instant eventsAt = Instant.now();

      String health = null;
      List<DashboardView.Node> nodes = new ArrayList<>();
      if (status != null) {
        health = status.health();
        if (health == null || status.nodes() == null) {
          missing.add("/cluster-status has no 'health' or no 'nodes' list");
          health = null;
        } else {
          for (MembershipWire.StatusLine n : status.nodes()) {
            nodes.add(node(n));
          }
        }
      }
      List<DashboardView.Event> all =
          new ArrayList<>(events(events, "registry", eventsAt, missing));
      for (int i = 0; i < nodes.size(); i++) {
        DashboardView.Node n = nodes.get(i);
        if (n.status().equals("alive") || n.status().equals("joining")) {
          nodes.set(i, withKeys(n));
          all.addAll(nodeEvents(n));
        }
      }
      return new Snapshot(
          registry,
          now,
          health,
          nodes,
          ring(ring, missing),
          all,
          List.copyOf(missing),
          faults.get());
    }

    private static DashboardView.Node node(MembershipWire.StatusLine n) {
      return new DashboardView.Node(
          or(n.node_id(), "?"),
          or(n.status(), "?"),
          Duration.ofMillis(Math.round(1000 * n.last_seen_seconds_ago())),
          or(n.address(), ""),
          or(n.reason(), ""),
          null);
    }

    /** The node's key count from its {@code /stats}, or the node unchanged if it does not say. */
    private DashboardView.Node withKeys(DashboardView.Node n) {
      try {
        ResilientNodeWire.Held stats =
            http.get(n.address() + "/stats", NODE_TIMEOUT).read(ResilientNodeWire.Held.class);
        return new DashboardView.Node(
            n.id(), n.status(), n.lastSeen(), n.address(), n.reason(), stats.data_count());
      } catch (RuntimeException e) {
        // Not answering, or not one of ours: the view shows "?" for its keys.
        return n;
      }
    }

    /** A node's repair events; a node that does not answer simply adds none. */
    private List<DashboardView.Event> nodeEvents(DashboardView.Node n) {
      try {
        ClientResponse r = http.get(n.address() + "/events", NODE_TIMEOUT);
        return r.ok()
            ? events(
                r.readTolerantly(RegistryWire.Events.class),
                n.id(),
                Instant.now(),
                new ArrayList<>())
            : List.of();
      } catch (RuntimeException e) {
        return List.of();
      }
    }

    /**
     * @param answeredAt when the answer arrived: an event {@code seconds_ago} before it
     */
    private static List<DashboardView.Event> events(
        RegistryWire.Events body, String source, Instant answeredAt, List<String> missing) {
      List<DashboardView.Event> list = new ArrayList<>();
      if (body == null) {
        return list;
      }
      if (body.events() == null) {
        missing.add("/events has no 'events' list");
        return list;
      }
      for (RegistryWire.Event e : body.events()) {
        if (e.line() == null || e.seconds_ago() == null) {
          missing.add("/events: an event without 'line' or 'seconds_ago'");
          continue;
        }
        // Ages, not the sender's clock: right even if its clock differs from ours.
        Instant at = answeredAt.minusMillis(Math.round(1000 * e.seconds_ago()));
        list.add(new DashboardView.Event(at, source, e.line()));
      }
      return list;
    }

    private static DashboardView.Ring ring(RegistryWire.Ring ring, List<String> missing) {
      if (ring == null) {
        return null;
      }
      if (ring.nodes() == null || ring.keys() == null) {
        missing.add("/ring has no 'nodes' or no 'keys' list");
        return null;
      }
      List<DashboardView.RingNode> nodes = new ArrayList<>();
      for (RegistryWire.RingNode n : ring.nodes()) {
        nodes.add(
            new DashboardView.RingNode(
                or(n.node_id(), "?"),
                n.share(),
                n.positions() == null ? List.of() : n.positions()));
      }
      List<DashboardView.Route> routes = new ArrayList<>();
      for (RegistryWire.KeyReplicas k : ring.keys()) {
        routes.add(
            new DashboardView.Route(
                or(k.key(), "?"), k.replicas() == null ? List.of() : k.replicas()));
      }
      return new DashboardView.Ring(
          ring.virtual_nodes(),
          ring.replicas(),
          ring.w(),
          ring.r(),
          nodes,
          routes,
          ring.joining() == null ? List.of() : ring.joining());
    }

    /** GETs one of the registry's answers; on any failure notes what is missing and why. */
    private static <T> T read(
        Supplier<RegistryClient.Answer<T>> call, String what, List<String> missing) {
      try {
        return usable(call.get(), what, missing);
      } catch (CallFailure e) {
        missing.add(what + ": " + e.getMessage());
        return null;
      }
    }

    private static <T> T usable(RegistryClient.Answer<T> a, String what, List<String> missing) {
      switch (a.failure()) {
        case NONE -> {
          return a.value();
        }
        case STATUS ->
            missing.add(
                what + " answered HTTP " + a.status() + " (an older registry, or not ours?)");
        case NOT_AN_OBJECT -> missing.add(what + " answered JSON that is not an object");
        case NOT_JSON, SHAPE -> missing.add(what + ": " + a.reason());
      }
      return null;
    }

    private static String or(String value, String otherwise) {
      return value != null ? value : otherwise;
    }
  }
}
