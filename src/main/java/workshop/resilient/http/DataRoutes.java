package workshop.resilient.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import workshop.membership.Member;
import workshop.node.DataRules;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.Versioned;
import workshop.resilient.Graduation;
import workshop.resilient.Placement;
import workshop.sharding.HashRing;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;

/**
 * The registry's quorum data path: {@code POST /data} writes a key to its replicas and answers once
 * W acknowledged it; {@code GET /data/{key}} reads R of them, returns the newest and repairs stale
 * ones; {@code GET /ring} shows where keys live. {@link Placement} says which members hold a key,
 * {@link QuorumCoordinator} asks them, and the pure {@link QuorumWrite} and {@link QuorumRead}
 * decide. Operations that went without a replica are logged as events with the reason.
 */
final class DataRoutes {
  /** The manual's sample keys: {@code GET /ring} says where each lives unless asked for another. */
  static final List<String> SAMPLE_KEYS =
      List.of("user:alice", "user:bob", "config:db", "session:xyz", "cache:home");

  private final RegistryState state;
  private final QuorumCoordinator coordinator;

  DataRoutes(RegistryState state, QuorumCoordinator coordinator) {
    this.state = state;
    this.coordinator = coordinator;
  }

  Routes addTo(Routes routes) {
    return routes
        .post("/data", this::write)
        .get("/data/{key}", this::read)
        .get("/ring", this::ring);
  }

  private Response write(Request request) {
    RegistryWire.Write body = request.read(RegistryWire.Write.class);
    String key = required("key", body.key());
    String value = required("value", body.value());
    Placement.Replicas p = place(key);
    long version = state.nextVersion();
    QuorumWrite.Result r =
        coordinator.write(
            p.config(), key, new Versioned(value, version), p.replicas(), p.pending());
    if (r.failed().isEmpty()) {
      state.log("write " + key + " v" + version + ": " + r.reason());
    } else {
      // A write that failed, or succeeded without a replica: worth a watcher's attention.
      state.event(
          quorumLine(
              "write " + key,
              r.ok(),
              r.reason(),
              r.failed().stream().map(a -> a.replica() + " (" + a.reason() + ")").toList()));
    }
    if (!r.acked().isEmpty()) {
      state.sawData();
    }
    if (r.highestHeld() > 0) {
      // A replica kept a newer value: the next write goes above it, so a retry wins.
      state.observeVersion(r.highestHeld());
    }
    if (!r.ok()) {
      return notMet(p, r);
    }
    if (!r.failed().isEmpty()) {
      state.milestone(
          Graduation.Milestone.WRITE_WHILE_NODE_DEAD,
          "'"
              + key
              + "' written to "
              + String.join(", ", r.acked())
              + " while "
              + String.join(", ", r.failed().stream().map(QuorumWrite.Ack::replica).toList())
              + " was down");
    }
    return Response.ok(
        new RegistryWire.Written(
            "success",
            true,
            key,
            version,
            p.config().n(),
            p.config().w(),
            r.acked().size(),
            p.ids(),
            r.acked(),
            "Written to "
                + r.acked().size()
                + "/"
                + p.config().n()
                + " replicas (W="
                + p.config().w()
                + " required)."));
  }

  /**
   * A write that did not meet its quorum: 409 when a replica answered but refused (it holds a newer
   * value, so retrying now is what fixes it), 503 when too few answered at all. Either way every
   * replica's outcome is listed, and the original's fields are kept.
   */
  private static Response notMet(Placement.Replicas p, QuorumWrite.Result r) {
    List<RegistryWire.Failure> failures = new ArrayList<>();
    for (QuorumWrite.Ack a : r.failed()) {
      failures.add(new RegistryWire.Failure(a.replica(), a.reason()));
    }
    List<RegistryWire.ReplicaOutcome> outcomes = new ArrayList<>();
    for (String id : p.ids()) {
      QuorumWrite.Ack a =
          r.failed().stream().filter(f -> f.replica().equals(id)).findFirst().orElse(null);
      outcomes.add(
          a == null
              ? new RegistryWire.ReplicaOutcome(id, "stored", "stored", null)
              : new RegistryWire.ReplicaOutcome(
                  id,
                  a.outcome().name().toLowerCase(java.util.Locale.ROOT),
                  a.reason(),
                  a.outcome() == QuorumWrite.Outcome.REFUSED ? a.holds() : null));
    }
    boolean conflict = !r.refused().isEmpty();
    int status = conflict ? 409 : 503;
    String message =
        conflict
            ? r.reason() + " Retry: the next write goes above v" + r.highestHeld() + "."
            : r.reason();
    RegistryWire.NotMetDetail detail =
        new RegistryWire.NotMetDetail(
            "Quorum not met",
            p.config().n(),
            p.config().w(),
            r.acked().size(),
            p.config().w(),
            failures,
            message,
            outcomes,
            conflict ? r.highestHeld() : null);
    return Response.json(
        status,
        new RegistryWire.NotMet(conflict ? "stale_version" : "quorum_not_met", detail, status));
  }

  private Response read(Request request) {
    String key = request.pathParam("key");
    DataRules.checkKey(key)
        .ifPresent(
            reason -> {
              throw HttpError.unprocessable(reason);
            });
    Placement.Replicas p = place(key);
    QuorumCoordinator.ReadOutcome o = coordinator.read(p.config(), key, p.replicas());
    QuorumRead.Result r = o.result();
    if (!r.unreachable().isEmpty()) {
      state.event(
          quorumLine(
              "read " + key,
              r.ok(),
              r.reason(),
              r.unreachable().stream().map(u -> u.replica() + " (" + u.reason() + ")").toList()));
    }
    if (!r.ok()) {
      throw HttpError.unavailable(
          "Quorum not met for '" + key + "': " + r.reason() + " Replicas: " + p.ids());
    }
    if (r.latest().isEmpty()) {
      throw HttpError.notFound("Key '" + key + "' not found in cluster");
    }
    if (!o.repaired().isEmpty()) {
      state.event("read repair of " + key + " on " + o.repaired());
    }
    String primary = p.ids().get(0);
    if (!primary.equals(o.servedBy()) && !r.unreachable().isEmpty()) {
      state.milestone(
          Graduation.Milestone.READ_FROM_ANOTHER_REPLICA,
          "'" + key + "' served by " + o.servedBy() + " while " + primary + " was down");
    }
    Versioned v = r.latest().get();
    return Response.ok(
        new RegistryWire.Read(
            o.servedBy(),
            key,
            v.value(),
            v.version(),
            o.servedBy(),
            p.ids(),
            r.answered(),
            o.repaired(),
            p.config().r()));
  }

  /**
   * The ring as the registry places keys on it: each member's share and positions (fractions of the
   * ring), and the replicas of the sample keys, or of {@code ?key=K}, in preference order.
   */
  private Response ring(Request request) {
    String asked = request.query().get("key");
    if (asked != null) {
      DataRules.checkKey(asked)
          .ifPresent(
              reason -> {
                throw HttpError.unprocessable(
                    reason.replace("field 'key'", "query parameter 'key'"));
              });
    }
    Placement placement = state.placement();
    List<RegistryWire.RingNode> nodes = new ArrayList<>();
    List<RegistryWire.KeyReplicas> keys = new ArrayList<>();
    if (!placement.holders().isEmpty()) {
      Map<String, Double> shares = placement.shares();
      Map<String, List<Double>> positions = placement.positions();
      for (Member m : placement.holders()) {
        nodes.add(
            new RegistryWire.RingNode(
                m.id(),
                m.status().wireName(),
                Math.round(shares.get(m.id()) * 1e4) / 1e4,
                positions.get(m.id()).stream().map(f -> Math.round(f * 1e6) / 1e6).toList()));
      }
      for (String key : asked == null ? SAMPLE_KEYS : List.of(asked)) {
        keys.add(new RegistryWire.KeyReplicas(key, placement.place(key).orElseThrow().ids()));
      }
    }
    return Response.ok(
        new RegistryWire.Ring(
            HashRing.DEFAULT_VIRTUAL_NODES,
            state.quorum.n(),
            state.quorum.w(),
            state.quorum.r(),
            nodes,
            placement.joining(),
            keys));
  }

  /** The key's replicas now; 503 when no member holds data. */
  private Placement.Replicas place(String key) {
    return state
        .placement()
        .place(key)
        .orElseThrow(
            () ->
                HttpError.unavailable(
                    "No nodes available: start one with ./workshop resilient-node"));
  }

  /** A required text field of a write: present, not blank, and a key the nodes accept. */
  private static String required(String field, String text) {
    if (text == null) {
      throw HttpError.unprocessable("field '" + field + "' is required (a string)");
    }
    if (text.isBlank()) {
      throw HttpError.unprocessable("field '" + field + "' must not be blank");
    }
    if (field.equals("key")) {
      DataRules.checkKey(text)
          .ifPresent(
              reason -> {
                throw HttpError.unprocessable(reason);
              });
    }
    return text;
  }

  /**
   * A quorum operation that went without some replicas, most telling part first: "write user:bob
   * without node-2 (why): SUCCESS ..." or "read user:bob: FAILURE ... Down: node-2 (why), node-3
   * (why)"; a failed write says "Not stored:", since a replica that refused is not down.
   */
  private static String quorumLine(String what, boolean ok, String reason, List<String> down) {
    String replicas = String.join(", ", down);
    String label = what.startsWith("write") ? " Not stored: " : " Down: ";
    return ok
        ? what + " without " + replicas + ": " + reason
        : what + ": " + reason + label + replicas;
  }
}
