package workshop.resilient.cli;

import java.time.Duration;
import workshop.membership.http.MembershipWire;
import workshop.resilient.http.RegistryClient;
import workshop.resilient.http.RegistryClient.Answer;
import workshop.resilient.http.RegistryWire;
import workshop.resilient.http.ResilientNodeWire;
import workshop.support.http.CallFailure;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyAborted;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 23}: the manual's Steps 1-7 exactly as written, against real processes
 * on free ports: registry, three nodes, write user:alice, kill node-2, write user:bob, scale up,
 * graduate. Nothing the manual does not do happens before Step 7 (no reads, no restart), so the art
 * at Step 7 proves that a student who follows the manual to the letter graduates. Afterwards it
 * checks what the steps promised: both keys read back with node-2 still dead.
 */
public final class CapstoneCheck implements ModuleCheck {
  private VerifyRun run;
  private String registry;
  private RegistryClient client;

  @Override
  public void run(VerifyRun run) {
    this.run = run;
    int registryPort = run.freePort();
    registry = "http://127.0.0.1:" + registryPort;
    try (RegistryClient c = new RegistryClient(registry, "verify", Duration.ofSeconds(10))) {
      client = c;
      steps(registryPort);
    }
  }

  private void steps(int registryPort) {
    run.step("Step 1: start the registry");
    ChildProcess reg = run.start("registry", "registry", "--port", Integer.toString(registryPort));
    run.awaitHealthy(reg, registry, VerifyRun.STARTUP);

    run.step("Step 2: start node-1, node-2 and node-3");
    ChildProcess[] nodes = new ChildProcess[4];
    int[] ports = new int[4];
    for (int i = 1; i <= 3; i++) {
      ports[i] = run.freePort();
      nodes[i] = startNode(i, ports[i]);
    }
    MembershipWire.ClusterStatus status = awaitAlive(3, VerifyRun.STARTUP);
    run.check(
        "Step 3: all 3 nodes are alive (green)",
        status.alive_count() == 3 && "healthy".equals(status.health()),
        "alive_count " + status.alive_count() + ", health " + status.health());

    run.step("Step 4: write user:alice");
    Answer<RegistryWire.Written> alice = client.write("user:alice", "Alice");
    run.check(
        "Step 4: the write of user:alice meets its quorum",
        alice.ok() && alice.value().acks() >= 2,
        alice.ok()
            ? alice.status() + " acks " + alice.value().acks() + " of N=" + alice.value().N()
            : alice.status() + " " + alice.reason());

    run.step("Step 5: kill node-2, then write user:bob");
    Answer<RegistryWire.Killed> killed = client.kill("node-2");
    // Written at once: the kill's answer must mean node-2 no longer takes writes.
    Answer<RegistryWire.Written> bob = client.write("user:bob", "Bob");
    boolean stopped = waitExit(nodes[2], Duration.ofSeconds(5));
    run.check(
        "Step 5: POST /kill/node-2 really stops the node",
        killed.ok() && stopped,
        killed.status()
            + " "
            + (killed.ok() ? killed.value().status() : killed.reason())
            + "; process "
            + (stopped ? "exited" : "still running"));
    run.check(
        "Step 5: writing user:bob still succeeds with node-2 dead",
        bob.ok() && bob.value().quorum_met() && !bob.value().written_to().contains("node-2"),
        bob.status() + " written to " + (bob.ok() ? bob.value().written_to() : bob.reason()));

    run.step("Step 6: scale up");
    Answer<RegistryWire.Spawned> scaled = client.scaleUp();
    if (!scaled.ok()) {
      run.check(
          "Step 6: scale-up adds node-4 and it is handed its keys",
          false,
          "POST /scale-up answered " + scaled.status() + " " + scaled.reason());
    } else {
      String newId = scaled.value().node_id();
      String newUrl = "http://127.0.0.1:" + scaled.value().port();
      // Anti-entropy can copy keys before the registry's hand-off ends; the certificate counts
      // the scale-up when the registry says the newcomer joined the ring, as a student sees it.
      String joined = client.awaitEvent(newId + " joined the ring", VerifyRun.STARTUP);
      long held = awaitKeys(newUrl, Duration.ofSeconds(10));
      run.check(
          "Step 6: scale-up adds " + newId + " and it is handed its keys",
          held > 0 && joined != null,
          newId
              + " on "
              + newUrl
              + " holds "
              + held
              + " of the 2 keys; registry: "
              + (joined != null ? joined : "no hand-off ended"));
    }

    run.step("Step 7: graduate");
    Answer<String> graduate = client.graduate();
    run.check(
        "Step 7: /graduate shows the art after Steps 1-6",
        graduate.ok() && graduate.body().contains("CONGRATULATIONS"),
        graduate.body().contains("CONGRATULATIONS")
            ? "graduated; extras earned: " + extras(graduate.body())
            : graduate.body().lines().filter(l -> l.contains("⬜")).toList().toString());

    run.step("Afterwards: read both keys back, node-2 still dead");
    Answer<RegistryWire.Read> readAlice = client.read("user:alice");
    Answer<RegistryWire.Read> readBob = client.read("user:bob");
    run.check(
        "After Step 7: both writes read back",
        readAlice.ok()
            && readAlice.value().value().equals("Alice")
            && readBob.ok()
            && readBob.value().value().equals("Bob"),
        "user:alice=" + readBack(readAlice) + ", user:bob=" + readBack(readBob));
  }

  /** "0 of 2" from the certificate's "Extras (0 of 2; ...)" line. */
  private static String extras(String certificate) {
    return certificate
        .lines()
        .filter(l -> l.strip().startsWith("Extras ("))
        .map(l -> l.replaceAll(".*Extras \\((\\d+ of \\d+).*", "$1"))
        .findFirst()
        .orElse("?");
  }

  private ChildProcess startNode(int i, int port) {
    return run.start(
        "node-" + i,
        "resilient-node",
        "--port",
        Integer.toString(port),
        "--id",
        "node-" + i,
        "--registry",
        registry);
  }

  private static String readBack(Answer<RegistryWire.Read> r) {
    return r.ok()
        ? r.value().value() + " (served by " + r.value().served_by() + ")"
        : r.status() + " " + r.reason();
  }

  private MembershipWire.ClusterStatus awaitAlive(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    MembershipWire.ClusterStatus status = null;
    while (System.nanoTime() < deadline) {
      Answer<MembershipWire.ClusterStatus> a = client.clusterStatus();
      status = a.ok() ? a.value() : status;
      if (status != null && status.alive_count() >= count) {
        return status;
      }
      VerifyRun.pause(Duration.ofMillis(200));
    }
    throw new VerifyAborted(
        "only "
            + (status == null ? 0 : status.alive_count())
            + " of "
            + count
            + " nodes became alive within "
            + timeout.toSeconds()
            + " s");
  }

  private long awaitKeys(String nodeUrl, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        long n = run.http().get(nodeUrl + "/keys").read(ResilientNodeWire.Keys.class).count();
        if (n > 0) {
          return n;
        }
      } catch (CallFailure e) {
        // not up yet
      }
      VerifyRun.pause(Duration.ofMillis(250));
    }
    return 0;
  }

  private static boolean waitExit(ChildProcess p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.alive()) {
        return true;
      }
      VerifyRun.pause(Duration.ofMillis(100));
    }
    return false;
  }
}
