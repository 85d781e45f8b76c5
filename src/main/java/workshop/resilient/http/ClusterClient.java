package workshop.resilient.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import workshop.breaker.BreakerConfig;
import workshop.breaker.CircuitBreaker;
import workshop.breaker.Decision;
import workshop.membership.http.MembershipWire;
import workshop.quorum.QuorumWrite;
import workshop.quorum.Versioned;
import workshop.resilient.Backoff;
import workshop.resilient.VersionClock;
import workshop.sharding.HashRing;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * A smart client for the capstone: it asks the registry who is in the cluster, then talks to each
 * key's replicas directly on the cluster's one ring. Each node has its own circuit breaker; a call
 * that times out or breaks is retried with exponential backoff and full jitter; a refused node
 * (nobody listening) is skipped at once; when a replica fails the client fails over to the next.
 * Every decision is printed.
 */
public final class ClusterClient implements AutoCloseable {
  /** Replicas per key and the write and read quorums, as the registry uses them. */
  static final int N = 3;

  static final int W = 2;
  static final int R = 2;

  /** How the client waits between retries; tests pass one that does not sleep. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final RegistryClient registry;
  private final PrintStream out;
  private final WebClient http;
  private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
  private final VersionClock versions = new VersionClock();
  private final InstantSource clock;
  private final RandomGenerator random;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private Map<String, String> members = Map.of();

  /** The token of {@value workshop.support.http.AdminToken#ENV}, for the members that proved it. */
  private final TokenTrust tokens = TokenTrust.fromEnvironment();

  public ClusterClient(
      String registry,
      PrintStream out,
      InstantSource clock,
      RandomGenerator random,
      Backoff backoff,
      Sleeper sleeper) {
    this(registry, out, clock, random, backoff, sleeper, Duration.ofSeconds(1), FaultPolicy.NONE);
  }

  /**
   * A client whose calls time out after {@code timeout} and pass through {@code faults}, so a test
   * can make a node time out or break a connection without a slow server.
   */
  ClusterClient(
      String registry,
      PrintStream out,
      InstantSource clock,
      RandomGenerator random,
      Backoff backoff,
      Sleeper sleeper,
      Duration timeout,
      FaultPolicy faults) {
    this.http =
        WebClient.builder()
            .timeout(timeout)
            .peerName("cluster-client")
            .faults(faults)
            .token(tokens)
            .build();
    this.registry = new RegistryClient(registry, "cluster-client", timeout);
    this.out = out;
    this.clock = clock;
    this.random = random;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  /** Writes through W of the key's replicas; true when the quorum was met. */
  public boolean write(String key, String value) {
    List<String> replicas = replicas(key);
    long version = versions.next(clock.instant());
    out.printf("📝 Writing %s=%s (W=%d) to %s%n", key, value, W, replicas);
    List<String> acked = new ArrayList<>();
    for (String node : replicas) {
      if (acked.size() == W) {
        break;
      }
      Optional<ClientResponse> r =
          call(
              node,
              "write",
              () ->
                  http.postJson(
                      members.get(node) + "/replicate",
                      new ResilientNodeWire.Replicate(key, value, version, "cluster-client")));
      if (r.isEmpty()) {
        continue;
      }
      QuorumWrite.Ack ack = ack(node, r.get(), new Versioned(value, version));
      if (ack.stored()) {
        acked.add(node);
        out.println("   → " + node + ": stored ✅");
      } else {
        out.println("   → " + node + ": " + ack.reason() + " ❌");
        // The next write goes above what the node keeps, so a retry wins.
        versions.observe(ack.holds());
      }
    }
    boolean ok = acked.size() >= W;
    out.println(
        ok
            ? "✅ Write successful! Quorum met: " + acked.size() + "/" + W + " " + acked
            : "❌ Write failed: only " + acked.size() + "/" + W + " replicas stored it " + acked);
    return ok;
  }

  /** What a node's answer to a replicate means: stored, or refused because it keeps a newer one. */
  private static QuorumWrite.Ack ack(String node, ClientResponse r, Versioned sent) {
    if (!r.ok()) {
      return QuorumWrite.Ack.failed(node, "answered " + r.status());
    }
    try {
      return r.read(ResilientNodeWire.ReplicateAnswer.class).ack(node, sent);
    } catch (Json.JsonParseFailure e) {
      return QuorumWrite.Ack.failed(node, "unreadable answer (" + e.getMessage() + ")");
    }
  }

  /** Reads from R of the key's replicas, highest version wins. */
  public Optional<Versioned> read(String key) {
    List<String> replicas = replicas(key);
    out.printf("📖 Reading %s (R=%d) from %s%n", key, R, replicas);
    int answered = 0;
    Versioned best = null;
    String from = null;
    for (String node : replicas) {
      if (answered == R) {
        break;
      }
      Optional<ClientResponse> r =
          call(
              node,
              "read",
              () -> http.get(members.get(node) + "/data/" + ResilientNodeServer.encode(key)));
      if (r.isEmpty()) {
        continue;
      }
      answered++;
      if (r.get().status() == 200) {
        ResilientNodeWire.Entry entry;
        try {
          entry = r.get().read(ResilientNodeWire.Entry.class);
        } catch (Json.JsonParseFailure e) {
          out.println("   → " + node + ": unreadable answer (" + e.getMessage() + ")");
          continue;
        }
        Versioned v = new Versioned(entry.value(), entry.version());
        out.println("   → " + node + ": " + v.value() + " (v" + v.version() + ")");
        if (v.newerThan(best)) {
          best = v;
          from = node;
        }
      } else {
        out.println("   → " + node + ": no value (" + r.get().status() + ")");
      }
    }
    if (answered < R) {
      out.println("❌ Read failed: only " + answered + "/" + R + " replicas answered");
      return Optional.empty();
    }
    out.println(
        best == null
            ? "∅ Not found"
            : "✅ " + best.value() + " (v" + best.version() + ", from " + from + ")");
    return Optional.ofNullable(best);
  }

  /** One line per node: membership and this client's breaker. */
  public void status() {
    refresh();
    for (String node : members.keySet()) {
      out.println(
          "  " + node + " " + members.get(node) + "  breaker " + breaker(node).state().display());
    }
  }

  /** The breaker's state for {@code node}, for tests and the status line. */
  public String breakerState(String node) {
    return breaker(node).state().name();
  }

  /**
   * One logical call to one node: check its breaker, try, retry transient failures with backoff,
   * and report one outcome to the breaker.
   */
  private Optional<ClientResponse> call(
      String node, String what, java.util.function.Supplier<ClientResponse> send) {
    CircuitBreaker breaker = breaker(node);
    if (breaker.tryAcquire(clock.instant()) instanceof Decision.Rejected rejected) {
      out.println("   → " + node + ": ⚡ skipped, circuit open (" + rejected.reason() + ")");
      return Optional.empty();
    }
    for (int attempt = 0; ; attempt++) {
      try {
        ClientResponse r = send.get();
        if (r.status() >= 500) {
          throw new CallFailure(
              CallFailure.Kind.IO, members.get(node), "answered " + r.status(), null);
        }
        breaker.onSuccess(clock.instant());
        return Optional.of(r);
      } catch (CallFailure f) {
        boolean transient_ =
            f.kind() == CallFailure.Kind.TIMEOUT || f.kind() == CallFailure.Kind.RESET;
        if (!transient_ || attempt >= backoff.maxRetries()) {
          breaker.onFailure(clock.instant(), f.getMessage());
          out.println(
              "   → "
                  + node
                  + ": ❌ "
                  + f.kind().label()
                  + " ("
                  + f.getMessage()
                  + "); "
                  + (transient_ ? "giving up on it" : "not retrying a node that is not there")
                  + ", failing over"
                  + breakerNote(breaker));
          return Optional.empty();
        }
        Duration wait = backoff.delay(attempt + 1, random);
        out.printf(
            Locale.ROOT,
            "   ⏳ %s: %s, retry %d/%d in %.2fs (full jitter up to %.2fs)%n",
            node,
            f.kind().label(),
            attempt + 1,
            backoff.maxRetries(),
            wait.toMillis() / 1000.0,
            backoff.ceiling(attempt + 1).toMillis() / 1000.0);
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  private static String breakerNote(CircuitBreaker b) {
    return switch (b.state()) {
      case OPEN -> " (its circuit is now OPEN: calls fail fast for a while)";
      default -> "";
    };
  }

  private List<String> replicas(String key) {
    refresh();
    if (members.isEmpty()) {
      throw new IllegalStateException("the registry lists no nodes; start some with ./workshop up");
    }
    return new HashRing(List.copyOf(members.keySet()), HashRing.DEFAULT_VIRTUAL_NODES)
        .preferenceList(key, N);
  }

  /** Reads the members that hold data (alive or dead, not joining or gone) from the registry. */
  private void refresh() {
    RegistryClient.Answer<MembershipWire.Nodes> nodes;
    try {
      nodes = registry.nodes();
    } catch (CallFailure e) {
      throw new IllegalStateException(
          "cannot reach the registry at " + registry.url() + ": " + e.getMessage());
    }
    if (!nodes.ok()) {
      throw new IllegalStateException(
          registry.url() + " answered GET /nodes with " + nodes.status() + ": " + nodes.reason());
    }
    Map<String, String> found = new java.util.TreeMap<>();
    for (MembershipWire.Node n : nodes.value().nodes()) {
      if (n.status().equals("alive") || n.status().equals("dead")) {
        found.put(n.node_id(), n.address());
        // Its replicate calls carry the token only to members whose heartbeats proved it.
        if (Boolean.TRUE.equals(n.proved_token())) {
          tokens.trust(n.address());
        }
      }
    }
    members = found;
  }

  private CircuitBreaker breaker(String node) {
    return breakers.computeIfAbsent(node, n -> new CircuitBreaker(BreakerConfig.DEFAULTS));
  }

  @Override
  public void close() {
    http.close();
    registry.close();
  }
}
