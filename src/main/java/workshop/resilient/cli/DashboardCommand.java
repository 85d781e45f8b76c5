package workshop.resilient.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import workshop.cli.DurationConverter;
import workshop.cli.RegistryOption;
import workshop.cli.UserError;
import workshop.resilient.cli.DashboardView.Snapshot;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;
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
      "Module 23: the cluster at a glance: node health, the hash ring, where keys",
      "live and who takes over when a replica dies, keys per node, recent events.",
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
        WebClient.builder().timeout(Duration.ofSeconds(2)).peerName("dashboard").build()) {
      Fetcher fetcher = new Fetcher(http, reg);
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
   * Reads one snapshot. Anything missing or malformed is named in {@link Snapshot#missing()} and
   * the rest is still shown; only a registry that does not answer at all throws.
   */
  static final class Fetcher {
    /** A node that takes longer than this is shown without its key count rather than stall. */
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

    private final WebClient http;
    final String registry;

    Fetcher(WebClient http, String registry) {
      this.http = http;
      this.registry = registry;
    }

    /**
     * @throws CallFailure when the registry does not answer {@code /cluster-status}
     */
    Snapshot fetch() {
      List<String> missing = new ArrayList<>();
      ClientResponse first = http.get(registry + "/cluster-status");
      Instant now = Instant.now();
      JsonNode status = object(first, "/cluster-status", missing);
      JsonNode ring = read(registry + "/ring", "/ring", missing);
      JsonNode events = read(registry + "/events", "/events", missing);
      Instant eventsAt = Instant.now();

      String health = null;
      List<DashboardView.Node> nodes = new ArrayList<>();
      if (status != null) {
        health = text(status, "health");
        if (health == null || !status.path("nodes").isArray()) {
          missing.add("/cluster-status has no 'health' or no 'nodes' list");
          health = null;
        } else {
          for (JsonNode n : status.path("nodes")) {
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
          registry, now, health, nodes, ring(ring, missing), all, List.copyOf(missing));
    }

    private static DashboardView.Node node(JsonNode n) {
      return new DashboardView.Node(
          n.path("node_id").asText("?"),
          n.path("status").asText("?"),
          Duration.ofMillis(Math.round(1000 * n.path("last_seen_seconds_ago").asDouble(0))),
          n.path("address").asText(""),
          n.path("reason").asText(""),
          null);
    }

    /** The node's key count from its {@code /stats}, or the node unchanged if it does not say. */
    private DashboardView.Node withKeys(DashboardView.Node n) {
      try {
        JsonNode stats = http.get(n.address() + "/stats", NODE_TIMEOUT).json();
        if (stats.path("data_count").canConvertToInt()) {
          return new DashboardView.Node(
              n.id(),
              n.status(),
              n.lastSeen(),
              n.address(),
              n.reason(),
              stats.path("data_count").asInt());
        }
      } catch (RuntimeException e) {
        // Not answering, or not one of ours: the view shows "?" for its keys.
      }
      return n;
    }

    /** A node's repair events; a node that does not answer simply adds none. */
    private List<DashboardView.Event> nodeEvents(DashboardView.Node n) {
      try {
        ClientResponse r = http.get(n.address() + "/events", NODE_TIMEOUT);
        return r.ok() ? events(r.json(), n.id(), Instant.now(), new ArrayList<>()) : List.of();
      } catch (RuntimeException e) {
        return List.of();
      }
    }

    /**
     * @param answeredAt when the answer arrived: an event {@code seconds_ago} before it
     */
    private static List<DashboardView.Event> events(
        JsonNode body, String source, Instant answeredAt, List<String> missing) {
      List<DashboardView.Event> list = new ArrayList<>();
      if (body == null) {
        return list;
      }
      if (!body.path("events").isArray()) {
        missing.add("/events has no 'events' list");
        return list;
      }
      for (JsonNode e : body.path("events")) {
        String line = text(e, "line");
        if (line == null || !e.path("seconds_ago").isNumber()) {
          missing.add("/events: an event without 'line' or 'seconds_ago'");
          continue;
        }
        // Ages, not the sender's clock: right even if its clock differs from ours.
        Instant at = answeredAt.minusMillis(Math.round(1000 * e.path("seconds_ago").asDouble()));
        list.add(new DashboardView.Event(at, source, line));
      }
      return list;
    }

    private static DashboardView.Ring ring(JsonNode ring, List<String> missing) {
      if (ring == null) {
        return null;
      }
      if (!ring.path("nodes").isArray() || !ring.path("keys").isArray()) {
        missing.add("/ring has no 'nodes' or no 'keys' list");
        return null;
      }
      List<DashboardView.RingNode> nodes = new ArrayList<>();
      for (JsonNode n : ring.path("nodes")) {
        List<Double> positions = new ArrayList<>();
        n.path("positions").forEach(p -> positions.add(p.asDouble()));
        nodes.add(
            new DashboardView.RingNode(
                n.path("node_id").asText("?"), n.path("share").asDouble(), positions));
      }
      List<DashboardView.Route> routes = new ArrayList<>();
      for (JsonNode k : ring.path("keys")) {
        List<String> replicas = new ArrayList<>();
        k.path("replicas").forEach(r -> replicas.add(r.asText()));
        routes.add(new DashboardView.Route(k.path("key").asText("?"), replicas));
      }
      List<String> joining = new ArrayList<>();
      ring.path("joining").forEach(j -> joining.add(j.asText()));
      return new DashboardView.Ring(
          ring.path("virtual_nodes").asInt(0),
          ring.path("replicas").asInt(0),
          ring.path("w").asInt(0),
          ring.path("r").asInt(0),
          nodes,
          routes,
          joining);
    }

    /** GETs a JSON object from the registry; on any failure notes what is missing and why. */
    private JsonNode read(String url, String what, List<String> missing) {
      try {
        return object(http.get(url), what, missing);
      } catch (CallFailure e) {
        missing.add(what + ": " + e.getMessage());
        return null;
      }
    }

    private static JsonNode object(ClientResponse r, String what, List<String> missing) {
      if (r.status() != 200) {
        missing.add(what + " answered HTTP " + r.status() + " (an older registry, or not ours?)");
        return null;
      }
      try {
        JsonNode body = r.json();
        if (body.isObject()) {
          return body;
        }
        missing.add(what + " answered JSON that is not an object");
      } catch (Json.JsonParseFailure e) {
        missing.add(what + ": " + e.getMessage());
      }
      return null;
    }

    private static String text(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v != null && v.isTextual() ? v.asText() : null;
    }
  }
}
