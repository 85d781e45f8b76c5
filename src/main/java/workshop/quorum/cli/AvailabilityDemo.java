package workshop.quorum.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.ReplicaReply;
import workshop.quorum.http.QuorumClient;
import workshop.quorum.http.ReplicaServer;

/**
 * Module 05's demonstrations, each on fresh replicas (real HTTP servers on free ports in this
 * process): kill replicas one at a time; a stale read at R + W <= N and none at R + W > N; a
 * partition that makes a majority quorum refuse and R = W = 1 lie. Each prints its transcript and
 * returns what happened, so {@code verify 05} checks the same runs a student sees.
 */
final class AvailabilityDemo {
  static final String KEY = "my_key";
  private final PrintStream out;

  AvailabilityDemo(PrintStream out) {
    this.out = out;
  }

  /** One stage of the kill sequence. */
  record Stage(int alive, QuorumRead.Result read, QuorumWrite.Result write) {}

  /** Replicas "Node 1" .. "Node N", started in this process, closed together. */
  static final class Cluster implements AutoCloseable {
    final List<ReplicaServer> replicas = new ArrayList<>();
    final AtomicLong versions = new AtomicLong();

    Cluster(int n) {
      for (int i = 1; i <= n; i++) {
        replicas.add(ReplicaServer.start("Node " + i, "127.0.0.1", 0));
      }
    }

    Map<String, String> urls() {
      Map<String, String> urls = new LinkedHashMap<>();
      replicas.forEach(r -> urls.put(r.name(), r.url()));
      return urls;
    }

    QuorumClient client(QuorumConfig config, String peer) {
      return new QuorumClient(config, urls(), versions::incrementAndGet, peer);
    }

    @Override
    public void close() {
      replicas.forEach(ReplicaServer::close);
    }
  }

  /**
   * The original's simulation, for real: write, read, kill Node 2, read and write, kill Node 3...
   */
  List<Stage> killOneByOne(QuorumConfig config) {
    List<Stage> stages = new ArrayList<>();
    out.printf(
        "Starting %d replicas (%s; R+W %s N)%n",
        config.n(), config, config.readsSeeLatestWrite() ? ">" : "<=");
    try (Cluster cluster = new Cluster(config.n());
        QuorumClient client = cluster.client(config, "client")) {
      cluster.replicas.forEach(r -> out.printf("  %s on %s%n", r.name(), r.url()));
      out.println();
      out.println("--- SYSTEM HEALTHY ---");
      QuorumWrite.Result first = write(client, "v1");
      QuorumRead.Result read = read(client);
      stages.add(new Stage(config.n(), read, first));
      for (int kill = 2; kill <= config.n(); kill++) {
        int alive = config.n() - (kill - 1);
        boolean quorumLost = alive < config.r() || alive < config.w();
        out.println();
        out.printf(
            "--- 💥 %s: KILLING NODE %d ---%n", quorumLost ? "CATASTROPHE" : "DISASTER", kill);
        cluster.replicas.get(kill - 1).close();
        QuorumRead.Result r = read(client);
        QuorumWrite.Result w = write(client, "v" + kill);
        stages.add(new Stage(alive, r, w));
      }
      out.println();
      out.printf(
          "Reads survive N-R = %d failed replica(s); writes survive N-W = %d.%n",
          config.readFailuresTolerated(), config.writeFailuresTolerated());
    }
    return stages;
  }

  private QuorumRead.Result read(QuorumClient client) {
    out.printf("Requesting key '%s' from all nodes (R=%d)...%n", KEY, client.config().r());
    QuorumClient.Read read = client.read(KEY);
    for (ReplicaReply.Unreachable down : read.result().unreachable()) {
      out.printf("  ❌ %s is DOWN (%s)%n", down.replica(), down.reason());
    }
    out.println("Result: " + read.result().reason());
    if (!read.repaired().isEmpty()) {
      out.println("  Read repair: brought " + read.repaired() + " up to date");
    }
    return read.result();
  }

  private QuorumWrite.Result write(QuorumClient client, String value) {
    out.printf("Writing key '%s' = '%s' to all nodes (W=%d)...%n", KEY, value, client.config().w());
    QuorumWrite.Result result = client.write(KEY, value);
    for (QuorumWrite.Ack failed : result.failed()) {
      out.printf("  ❌ %s is DOWN (%s)%n", failed.replica(), failed.reason());
    }
    out.println("Result: " + result.reason());
    return result;
  }

  /** What a read returned after the replicas holding the latest write failed. */
  record StaleOutcome(
      QuorumConfig config, long acknowledged, long returned, boolean ok, String reason) {
    boolean stale() {
      return ok && returned < acknowledged;
    }
  }

  /**
   * The worst case for a quorum: write while only W replicas are reachable, then crash as many of
   * those W as a read can spare (leaving R alive), then read. A stale read is possible exactly when
   * R + W <= N.
   */
  StaleOutcome staleScenario(QuorumConfig config) {
    out.printf(
        "%n[%s]  R+W=%d %s N=%d%n",
        config, config.r() + config.w(), config.readsSeeLatestWrite() ? ">" : "<=", config.n());
    try (Cluster cluster = new Cluster(config.n());
        QuorumClient client = cluster.client(config, "client")) {
      QuorumWrite.Result v1 = client.write(KEY, "v1");
      out.println("  1. write 'v1', every replica up: " + v1.reason());
      List<String> cut = new ArrayList<>();
      for (int i = config.w(); i < config.n(); i++) {
        cluster.replicas.get(i).block(Set.of("client"));
        cut.add(cluster.replicas.get(i).name());
      }
      QuorumWrite.Result v2 = client.write(KEY, "v2");
      out.println(
          "  2. " + (cut.isEmpty() ? "" : cut + " cut off; ") + "write 'v2': " + v2.reason());
      int crash = Math.min(config.w(), config.n() - config.r());
      List<String> crashed = new ArrayList<>();
      for (int i = 0; i < crash; i++) {
        cluster.replicas.get(i).close();
        crashed.add(cluster.replicas.get(i).name());
      }
      cluster.replicas.forEach(ReplicaServer::heal);
      out.println(
          "  3. "
              + (crashed.isEmpty() ? "nobody crashes" : crashed + " crash")
              + "; the cut-off replicas are reachable again.");
      QuorumClient.Read read = client.read(KEY);
      long returned = read.result().latest().map(v -> v.version()).orElse(0L);
      long acknowledged = v2.ok() ? v2.value().version() : v1.value().version();
      StaleOutcome outcome =
          new StaleOutcome(
              config, acknowledged, returned, read.result().ok(), read.result().reason());
      out.println("  4. read: " + read.result().reason());
      if (outcome.stale()) {
        out.printf(
            "     ⚠️ STALE READ: version %d was acknowledged, version %d was returned.%n",
            acknowledged, returned);
      } else if (outcome.ok()) {
        out.printf(
            "     ✅ returned the latest acknowledged write (version %d)%s%n",
            acknowledged,
            read.repaired().isEmpty() ? "" : "; read repair updated " + read.repaired());
      } else {
        out.println("     ⛔ refused rather than risk a stale answer.");
      }
      return outcome;
    }
  }

  /** The configuration table, with the stale-read scenario actually run for each row. */
  List<StaleOutcome> table(List<QuorumConfig> configs) {
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    AvailabilityDemo silent = new AvailabilityDemo(quiet);
    List<StaleOutcome> outcomes = new ArrayList<>();
    out.printf(
        "%n%-6s %-6s %-6s %-8s %-14s %-15s %-22s %s%n",
        "N",
        "W",
        "R",
        "R+W>N",
        "read failures",
        "write failures",
        "stale reads possible",
        "stale-read scenario, run");
    for (QuorumConfig c : configs) {
      StaleOutcome o = silent.staleScenario(c);
      outcomes.add(o);
      out.printf(
          Locale.ROOT,
          "%-6d %-6d %-6d %-8s %-14d %-15d %-22s %s%n",
          c.n(),
          c.w(),
          c.r(),
          c.readsSeeLatestWrite() ? "yes" : "no",
          c.readFailuresTolerated(),
          c.writeFailuresTolerated(),
          c.readsSeeLatestWrite() ? "no" : "YES",
          o.stale()
              ? "STALE: got v" + o.returned() + ", v" + o.acknowledged() + " acknowledged"
              : o.ok() ? "latest (v" + o.returned() + ")" : "refused");
    }
    return outcomes;
  }

  /** What each side of a partition saw. */
  record PartitionOutcome(
      QuorumConfig config,
      QuorumWrite.Result majorityWrite,
      QuorumRead.Result minorityRead,
      QuorumWrite.Result minorityWrite) {
    boolean minorityReadStale() {
      return minorityRead.ok()
          && minorityRead.latest().map(v -> v.version()).orElse(0L)
              < majorityWrite.value().version();
    }
  }

  /**
   * CAP: Node N is cut off from client-a, and client-b can reach only Node N. client-a writes on
   * the majority side; client-b reads and writes on the minority side.
   */
  PartitionOutcome partition(QuorumConfig config) {
    out.printf("%n[%s]%n", config);
    try (Cluster cluster = new Cluster(config.n());
        QuorumClient a = cluster.client(config, "client-a");
        QuorumClient b = cluster.client(config, "client-b")) {
      out.println("  write 'v1', no partition: " + a.write(KEY, "v1").reason());
      ReplicaServer isolated = cluster.replicas.get(config.n() - 1);
      for (ReplicaServer r : cluster.replicas) {
        r.block(Set.of(r == isolated ? "client-a" : "client-b"));
      }
      out.printf(
          "  PARTITION: %s is cut off from client-a; client-b reaches only %s.%n",
          isolated.name(), isolated.name());
      QuorumWrite.Result w = a.write(KEY, "v2");
      out.println("  client-a (majority side) writes 'v2': " + w.reason());
      QuorumClient.Read read = b.read(KEY);
      out.println("  client-b (minority side) reads:      " + read.result().reason());
      QuorumWrite.Result bw = b.write(KEY, "v3");
      out.println("  client-b (minority side) writes 'v3': " + bw.reason());
      PartitionOutcome o = new PartitionOutcome(config, w, read.result(), bw);
      if (o.minorityReadStale()) {
        out.printf(
            "  => AVAILABLE but INCONSISTENT (AP): client-b was served stale version %d while"
                + " version %d was acknowledged%s.%n",
            read.result().latest().map(v -> v.version()).orElse(0L),
            w.value().version(),
            bw.ok() ? ", and both sides accepted writes (split brain)" : "");
      } else if (!read.result().ok()) {
        out.println(
            "  => CONSISTENT but UNAVAILABLE on the minority side (CP): it refused instead of"
                + " answering stale.");
      }
      return o;
    }
  }
}
