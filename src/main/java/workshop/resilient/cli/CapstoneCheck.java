package workshop.resilient.cli;

import java.time.Duration;
import tools.jackson.databind.JsonNode;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.json.Json;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyAborted;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 23}: the manual's Steps 1-7 against real processes on free ports:
 * registry, three nodes, write, kill node-2, write again, read both back, scale up, bring node-2
 * back, graduate.
 */
public final class CapstoneCheck implements ModuleCheck {
  private VerifyRun run;
  private String registry;

  @Override
  public void run(VerifyRun run) {
    this.run = run;
    int registryPort = run.freePort();
    registry = "http://127.0.0.1:" + registryPort;
    run.step("Step 1: start the registry");
    ChildProcess reg = run.start("registry", "registry", "--port", Integer.toString(registryPort));
    run.awaitHealthy(reg, registry, Duration.ofSeconds(20));

    run.step("Step 2: start node-1, node-2 and node-3");
    ChildProcess[] nodes = new ChildProcess[4];
    int[] ports = new int[4];
    for (int i = 1; i <= 3; i++) {
      ports[i] = run.freePort();
      nodes[i] = startNode(i, ports[i]);
    }
    JsonNode status = awaitAlive(3, Duration.ofSeconds(20));
    run.check(
        "Step 3: all 3 nodes are alive (green)",
        status.path("alive_count").asInt() == 3 && "healthy".equals(status.path("health").asText()),
        "alive_count "
            + status.path("alive_count").asInt()
            + ", health "
            + status.path("health").asText());

    run.step("Step 4: write user:alice");
    ClientResponse alice = write("user:alice", "Alice");
    run.check(
        "Step 4: the write of user:alice meets its quorum",
        alice.status() == 200 && alice.json().path("acks").asInt() >= 2,
        alice.status()
            + " acks "
            + alice.json().path("acks").asInt()
            + " of N="
            + alice.json().path("N").asInt());

    run.step("Step 5: kill node-2, then write user:bob");
    ClientResponse killed = run.http().post(registry + "/kill/node-2");
    // Written at once: the kill's answer must mean node-2 no longer takes writes.
    ClientResponse bob = write("user:bob", "Bob");
    boolean stopped = waitExit(nodes[2], Duration.ofSeconds(5));
    run.check(
        "Step 5: POST /kill/node-2 really stops the node",
        killed.status() == 200 && stopped,
        killed.status()
            + " "
            + killed.json().path("status").asText()
            + "; process "
            + (stopped ? "exited" : "still running"));
    boolean withoutNode2 = !bob.json().path("written_to").toString().contains("node-2");
    run.check(
        "Step 5: writing user:bob still succeeds with node-2 dead",
        bob.status() == 200 && bob.json().path("quorum_met").asBoolean() && withoutNode2,
        bob.status() + " written to " + bob.json().path("written_to"));
    ClientResponse readAlice = run.http().get(registry + "/data/user:alice");
    ClientResponse readBob = run.http().get(registry + "/data/user:bob");
    run.check(
        "Step 5: both read back",
        "Alice".equals(readAlice.json().path("value").asText())
            && "Bob".equals(readBob.json().path("value").asText()),
        "user:alice="
            + readAlice.json().path("value").asText()
            + " (served by "
            + readAlice.json().path("served_by").asText()
            + "), user:bob="
            + readBob.json().path("value").asText()
            + " (served by "
            + readBob.json().path("served_by").asText()
            + ")");

    run.step("Step 6: scale up");
    for (int i = 0; i < 20; i++) {
      write("load:" + i, "v" + i);
    }
    ClientResponse scaled = run.http().post(registry + "/scale-up");
    if (scaled.status() != 200) {
      run.check(
          "Step 6: scale-up adds node-4 and it serves its share",
          false,
          "POST /scale-up answered " + scaled.status() + " " + scaled.text());
    } else {
      String newId = scaled.json().path("node_id").asText();
      String newUrl = "http://127.0.0.1:" + scaled.json().path("port").asInt();
      long held = awaitKeys(newUrl, Duration.ofSeconds(20));
      run.check(
          "Step 6: scale-up adds " + newId + " and it serves its share",
          held > 0,
          newId + " on " + newUrl + " holds " + held + " of 22 keys after the hand-off");
    }

    run.step("Step 7: bring node-2 back, then graduate");
    nodes[2] = startNode(2, ports[2]);
    awaitAlive(4, Duration.ofSeconds(20));
    ClientResponse graduate = run.http().get(registry + "/graduate");
    run.check(
        "Step 7: /graduate shows the art after surviving every failure",
        graduate.status() == 200 && graduate.text().contains("CONGRATULATIONS"),
        graduate.text().contains("CONGRATULATIONS")
            ? "graduated: 4 of 4 milestones"
            : graduate.text().lines().filter(l -> l.contains("⬜")).toList().toString());
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

  private ClientResponse write(String key, String value) {
    return run.http().postJson(registry + "/data", Json.map("key", key, "value", value));
  }

  private JsonNode awaitAlive(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      status = run.http().get(registry + "/cluster-status").json();
      if (status.path("alive_count").asInt() >= count) {
        return status;
      }
      VerifyRun.pause(Duration.ofMillis(200));
    }
    throw new VerifyAborted(
        "only "
            + (status == null ? 0 : status.path("alive_count").asInt())
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
        long n = run.http().get(nodeUrl + "/keys").json().path("count").asLong();
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
