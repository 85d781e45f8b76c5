package workshop.gossip.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import workshop.gossip.http.GossipWire;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.json.Json;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 07}: four real gossip nodes in a full mesh (gossiping every 500 ms
 * instead of 2 s, so it finishes fast), an update on node 1 that must reach all four, the
 * micro-challenge (node 3 killed, node 4 still gets the next update) and node 3 catching up after a
 * restart. Prints the seconds each node took.
 */
public final class GossipCheck implements ModuleCheck {
  static final String INTERVAL = "500ms";
  static final Duration SPREAD = Duration.ofSeconds(15);

  private VerifyRun run;
  private final ChildProcess[] nodes = new ChildProcess[5];
  private final int[] ports = new int[5];

  @Override
  public void run(VerifyRun run) {
    this.run = run;
    run.step("Step 1: start four gossip nodes, each with the other three as neighbours");
    for (int id = 1; id <= 4; id++) {
      ports[id] = run.freePort();
    }
    for (int id = 1; id <= 4; id++) {
      launch(id);
    }
    for (int id = 1; id <= 4; id++) {
      run.awaitHealthy(nodes[id], url(id), VerifyRun.STARTUP);
    }
    List<String> answers = new ArrayList<>();
    boolean ownAtZero = true;
    for (int id = 1; id <= 4; id++) {
      Map<String, Long> states = states(id);
      ownAtZero &= states.getOrDefault(Integer.toString(id), -1L) == 0L;
      answers.add("node " + id + " " + (states.isEmpty() ? "(no answer)" : states));
    }
    run.check(
        "Step 1: four nodes answer GET / with their own id at version 0",
        ownAtZero,
        String.join(", ", answers));

    run.step("Step 3: POST /update on node 1 and watch it spread");
    ClientResponse updated = run.http().post(url(1) + "/update");
    boolean ok = updated.ok() && updated.read(GossipWire.Updated.class).new_version() == 1;
    Map<Integer, Double> first = await(List.of(1, 2, 3, 4), 1);
    run.check(
        "Checkpoint: the update on node 1 reaches all four nodes",
        ok && first.size() == 4,
        describe(first, List.of(1, 2, 3, 4)));

    run.step("Micro-challenge: kill node 3 (SIGKILL), update node 1 again");
    run.kill(nodes[3]);
    ClientResponse again = run.http().post(url(1) + "/update");
    Map<Integer, Double> second = await(List.of(1, 2, 4), 2);
    run.check(
        "node 4 still gets the update with node 3 dead",
        again.ok() && second.containsKey(4),
        describe(second, List.of(1, 2, 4)));

    run.step("Restart node 3 on the same port");
    start(3);
    Map<Integer, Double> caughtUp = await(List.of(3), 2);
    run.check(
        "the restarted node 3 catches up with node 1's version 2",
        caughtUp.containsKey(3),
        caughtUp.containsKey(3)
            ? String.format(
                Locale.ROOT,
                "node 3 had 1:2 %.1f s after it started (passes within %d s)",
                caughtUp.get(3),
                SPREAD.toSeconds())
            : "node 3 knows " + states(3) + " after " + SPREAD.toSeconds() + " s");
  }

  private void start(int id) {
    launch(id);
    run.awaitHealthy(nodes[id], url(id), VerifyRun.STARTUP);
  }

  private void launch(int id) {
    StringBuilder neighbors = new StringBuilder();
    for (int other = 1; other <= 4; other++) {
      if (other != id) {
        neighbors.append(neighbors.isEmpty() ? "" : ",").append(ports[other]);
      }
    }
    nodes[id] =
        run.start(
            "gossip-" + id,
            "gossip-node",
            "--port",
            Integer.toString(ports[id]),
            "--id",
            Integer.toString(id),
            "--neighbors",
            neighbors.toString(),
            "--interval",
            INTERVAL);
  }

  /** Polls until every node in {@code ids} has node 1 at {@code version}; seconds each took. */
  private Map<Integer, Double> await(List<Integer> ids, long version) {
    long t0 = System.nanoTime();
    Map<Integer, Double> seen = new LinkedHashMap<>();
    while (seen.size() < ids.size() && System.nanoTime() - t0 < SPREAD.toNanos()) {
      for (int id : ids) {
        if (!seen.containsKey(id) && states(id).getOrDefault("1", -1L) >= version) {
          seen.put(id, (System.nanoTime() - t0) / 1e9);
        }
      }
      VerifyRun.pause(Duration.ofMillis(50));
    }
    return seen;
  }

  private Map<String, Long> states(int id) {
    try {
      // A freshly started JVM on a busy laptop can take a while over its first answers.
      ClientResponse r = run.http().get(url(id) + "/", Duration.ofSeconds(5));
      return r.read(GossipWire.NodeState.class).states();
    } catch (CallFailure | Json.JsonParseFailure e) {
      return Map.of();
    }
  }

  private static String describe(Map<Integer, Double> seen, List<Integer> ids) {
    List<String> parts = new ArrayList<>();
    for (int id : ids) {
      parts.add(
          seen.containsKey(id)
              ? String.format(Locale.ROOT, "node %d %.1f s", id, seen.get(id))
              : "node " + id + " not within " + SPREAD.toSeconds() + " s");
    }
    return String.join(", ", parts) + " (passes within " + SPREAD.toSeconds() + " s each)";
  }

  private String url(int id) {
    return "http://127.0.0.1:" + ports[id];
  }
}
