package workshop.basics.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import workshop.membership.http.MembershipWire;
import workshop.resilient.http.RegistryClient;
import workshop.resilient.http.RegistryClient.Answer;
import workshop.resilient.http.RegistryWire;
import workshop.resilient.http.ResilientNodeWire;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.proc.ChildProcess;
import workshop.verify.VerifyAborted;
import workshop.verify.VerifyRun;

/**
 * The lab's Steps 3, 6 and 7 under {@code ./workshop verify basics}, on real processes, each fault
 * given with the same {@code ./workshop net} and {@code pause} commands a student types, run in
 * another process against this run's servers. A registry and three replicas (N=3, W=2) as under
 * {@code up basics}; Step 3 partitions node-3 away and heals it, Step 6 freezes node-2 and lets it
 * go on, Step 7 delays node-1 by 100 ms each way.
 */
final class FaultSteps {
  /** How long a declared fault may take to show: the registry's 5 s timeout, on a busy laptop. */
  static final Duration NOTICED = Duration.ofSeconds(30);

  private static final Duration COMMAND = Duration.ofSeconds(60);

  private final VerifyRun run;
  private RegistryClient client;
  private final String[] urls = new String[4];

  FaultSteps(VerifyRun run) {
    this.run = run;
  }

  void run() {
    int registryPort = run.freePort();
    String registry = "http://127.0.0.1:" + registryPort;
    try (RegistryClient c = new RegistryClient(registry, "verify", Duration.ofSeconds(10))) {
      client = c;
      start(registryPort, registry);
      partition();
      pause();
      delay();
    }
  }

  private void start(int registryPort, String registry) {
    run.step("Start a registry and node-1, node-2, node-3, as ./workshop up basics does");
    ChildProcess reg = run.start("registry", "registry", "--port", Integer.toString(registryPort));
    run.awaitHealthy(reg, registry, VerifyRun.STARTUP);
    for (int i = 1; i <= 3; i++) {
      int port = run.freePort();
      urls[i] = "http://127.0.0.1:" + port;
      run.start(
          "node-" + i,
          "resilient-node",
          "--port",
          Integer.toString(port),
          "--id",
          "node-" + i,
          "--registry",
          registry);
    }
    long deadline = System.nanoTime() + VerifyRun.STARTUP.toNanos();
    while (alive() < 3) {
      if (System.nanoTime() > deadline) {
        throw new VerifyAborted(
            "only "
                + alive()
                + " of 3 nodes became alive within "
                + VerifyRun.STARTUP.toSeconds()
                + " s");
      }
      VerifyRun.pause(Duration.ofMillis(200));
    }
  }

  private void partition() {
    run.step("Step 3: ./workshop net partition registry,node-1,node-2 from node-3");
    VerifyRun.Ran cut =
        run.command(COMMAND, "net", "partition", "registry,node-1,node-2", "from", "node-3");
    String dead = client.awaitEvent("node-3: alive -> dead", NOTICED);
    Answer<RegistryWire.Written> alice = client.write("user:alice", "Alice");
    run.check(
        "Step 3: the registry declares node-3 dead, and a write meets its quorum without it",
        cut.ok()
            && dead != null
            && alice.ok()
            && alice.value().quorum_met()
            && !alice.value().written_to().contains("node-3"),
        (dead != null ? "registry: " + dead : "no death declared; net said: " + cut.oneLine())
            + "; user:alice "
            + (alice.ok() ? "written to " + sorted(alice.value().written_to()) : alice.reason()));

    run.step("./workshop net heal");
    VerifyRun.Ran heal = run.command(COMMAND, "net", "heal");
    String back = client.awaitEvent("node-3: dead -> alive", NOTICED);
    String copy = awaitValue(urls[3], "user:alice", NOTICED);
    run.check(
        "Step 3: healed, node-3 is alive again and anti-entropy gives it the write it missed",
        heal.ok() && back != null && "Alice".equals(copy),
        (back != null ? "registry: " + back : "node-3 not back; net said: " + heal.oneLine())
            + "; node-3 holds user:alice="
            + copy);
  }

  private void pause() {
    run.step("Step 6: ./workshop pause node-2");
    VerifyRun.Ran paused = run.command(COMMAND, "pause", "node-2");
    String dead = client.awaitEvent("node-2: alive -> dead", NOTICED);
    boolean portKept = accepts(urls[2]);
    Answer<RegistryWire.Written> erin = client.write("user:erin", "Erin");
    run.check(
        "Step 6: paused, node-2 keeps its port, the registry declares it dead, writes go on",
        paused.ok()
            && dead != null
            && portKept
            && erin.ok()
            && erin.value().quorum_met()
            && !erin.value().written_to().contains("node-2"),
        (dead != null ? "registry: " + dead : "no death declared; pause said: " + paused.oneLine())
            + "; port "
            + (portKept ? "still accepts connections" : "closed")
            + "; user:erin "
            + (erin.ok() ? "written to " + sorted(erin.value().written_to()) : erin.reason()));

    run.step("./workshop resume node-2");
    VerifyRun.Ran resumed = run.command(COMMAND, "resume", "node-2");
    String back = client.awaitEvent("node-2: dead -> alive", NOTICED);
    String erinOn2 = awaitValue(urls[2], "user:erin", NOTICED);
    run.check(
        "Step 6: resumed, node-2 carries on with its state and is counted alive again",
        resumed.ok() && back != null && "Erin".equals(erinOn2),
        (back != null ? "registry: " + back : "node-2 not back; resume said: " + resumed.oneLine())
            + "; node-2 holds user:erin="
            + erinOn2);
  }

  private void delay() {
    run.step("Step 7: ./workshop net delay node-1 100ms");
    long before = medianMillis(urls[1] + "/health");
    VerifyRun.Ran slow = run.command(COMMAND, "net", "delay", "node-1", "100ms");
    long delayed = medianMillis(urls[1] + "/health");
    long added = delayed - before;
    run.check(
        "Step 7: a call to node-1 takes about 200 ms longer (100 ms each way)",
        // 100 ms in and 100 ms out cannot take less than 200 ms: the bound below is the timer's.
        slow.ok() && delayed >= 195 && added <= 1_000,
        "GET /health median of 5: "
            + before
            + " ms before, "
            + delayed
            + " ms delayed (+"
            + added
            + " ms; passes at 195 ms or more, and under +1000 ms)");

    run.step("./workshop net heal");
    VerifyRun.Ran heal = run.command(COMMAND, "net", "heal");
    long healed = medianMillis(urls[1] + "/health");
    run.check(
        "Step 7: healed, the delay is gone",
        heal.ok() && healed - before < 100,
        "GET /health median of 5: "
            + healed
            + " ms, against "
            + before
            + " ms before (passes under before + 100 ms)");
  }

  /** Names in a fixed order: the replicas answer in whatever order they do. */
  private static List<String> sorted(List<String> names) {
    return names.stream().sorted().toList();
  }

  private long alive() {
    Answer<MembershipWire.ClusterStatus> s = client.clusterStatus();
    return s.ok() ? s.value().alive_count() : 0;
  }

  /** The value {@code node} holds for {@code key} once it holds one, or null at the deadline. */
  private String awaitValue(String node, String key, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    do {
      try {
        ClientResponse r = run.http().get(node + "/data/" + key, Duration.ofSeconds(2));
        if (r.status() == 200) {
          return r.read(ResilientNodeWire.Entry.class).value();
        }
      } catch (CallFailure e) {
        // paused or busy: ask again
      }
      VerifyRun.pause(Duration.ofMillis(250));
    } while (System.nanoTime() < deadline);
    return null;
  }

  /** Whether a TCP connection to {@code url}'s port is accepted (a frozen process's still is). */
  private static boolean accepts(String url) {
    java.net.URI u = java.net.URI.create(url);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The median of five GET round trips, in milliseconds; a failed call counts as 10 s. */
  private long medianMillis(String url) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      try {
        run.http().get(url, Duration.ofSeconds(10));
        times.add((System.nanoTime() - start) / 1_000_000);
      } catch (CallFailure e) {
        times.add(10_000L);
      }
    }
    times.sort(null);
    return times.get(2);
  }
}
