package workshop.sharding.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.node.http.NodeWire;
import workshop.sharding.HashRing;
import workshop.sharding.ModuloHashing;
import workshop.sharding.Rebalance;
import workshop.sharding.ShardingStrategy;
import workshop.sharding.http.RouterWire;
import workshop.support.http.ClientResponse;
import workshop.support.json.Json;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 03}: the original's exact numbers (Step 1), the router demo (Steps 2 and
 * 3), and a served router in front of real module 01 node processes that moves keys when a node
 * joins and leaves, losing none.
 */
public final class ShardingCheck implements ModuleCheck {
  static final int KEYS = 300;

  @Override
  public void run(VerifyRun run) {
    run.step("Step 1: ./workshop viz rebalancing (1000 keys, Node A/B/C -> A/B/C/D)");
    RebalancingView.Report report = RebalancingView.measure(1000, 100);
    Rebalance.Result modulo = report.adding().get(0);
    Rebalance.Result consistent = report.adding().get(1);
    run.check(
        "Step 1: modulo moves 746/1000 keys (74.6%)",
        modulo.moved() == 746 && modulo.total() == 1000,
        line(modulo) + " " + RebalancingView.verdict(modulo.movedPercent()));
    run.check(
        "Step 1: consistent hashing moves 246/1000 keys (24.6%)",
        consistent.moved() == 246 && consistent.total() == 1000,
        line(consistent) + " " + RebalancingView.verdict(consistent.movedPercent()));

    run.step("Steps 2-3: ./workshop router, then with consistent hashing and a 4th node");
    List<String> abc = RouterCommand.NODES;
    String mod = new ModuloHashing(abc).ownerOf("user_123");
    String modD = new ModuloHashing(abc).withNode("Node D").ownerOf("user_123");
    String ch = new HashRing(abc, 100).ownerOf("user_123");
    String chD = new HashRing(abc, 100).withNode("Node D").ownerOf("user_123");
    run.check(
        "Step 3: adding Node D moves 'user_123' under modulo but not under consistent hashing",
        mod.equals("Node B")
            && ch.equals("Node B")
            && chD.equals("Node B")
            && modD.equals("Node D"),
        String.format("modulo %s -> %s; consistent hashing %s -> %s", mod, modD, ch, chD));

    run.step("Real shards: router --serve --strategy consistent in front of module 01 nodes");
    List<ChildProcess> nodes = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      int port = run.freePort();
      nodes.add(run.start("node-" + id, "node", "--port", Integer.toString(port), "--id", "" + id));
      urls.add("http://127.0.0.1:" + port);
    }
    int routerPort = run.freePort();
    String router = "http://127.0.0.1:" + routerPort;
    ChildProcess routerProcess =
        run.start(
            "router",
            "router",
            "--serve",
            "--strategy",
            "consistent",
            "--port",
            Integer.toString(routerPort),
            "--nodes",
            String.join(",", urls.subList(0, 3)));
    for (int i = 0; i < 4; i++) {
      run.awaitHealthy(nodes.get(i), urls.get(i), VerifyRun.STARTUP);
    }
    run.awaitHealthy(routerProcess, router, VerifyRun.STARTUP);

    int stored = 0;
    for (int i = 0; i < KEYS; i++) {
      ClientResponse r =
          run.http().postJson(router + "/data", Json.map("key", "user_" + i, "value", "v" + i));
      stored += r.status() == 200 ? 1 : 0;
    }
    int[] before = counts(run, urls);
    run.check(
        "Real shards: " + KEYS + " keys written through the router spread over 3 nodes",
        stored == KEYS && before[0] > 0 && before[1] > 0 && before[2] > 0 && sum(before) == KEYS,
        String.format(
            Locale.ROOT,
            "stored %d; keys per node %d / %d / %d",
            stored,
            before[0],
            before[1],
            before[2]));

    ShardingStrategy three = new HashRing(urls.subList(0, 3), 100);
    ShardingStrategy four = three.withNode(urls.get(3));
    int expected = Rebalance.between(three, four, keys()).moved();
    ClientResponse added = run.http().postJson(router + "/nodes", Json.map("url", urls.get(3)));
    int moved = added.ok() ? added.read(RouterWire.Moved.class).moved() : -1;
    int[] after = counts(run, urls);
    int readable = readable(run, router);
    run.check(
        "Real shards: POST /nodes moves exactly the keys whose owner changed, and loses none",
        moved == expected && after[3] == expected && sum(after) == KEYS && readable == KEYS,
        String.format(
            Locale.ROOT,
            "moved %d (expected %d, %.1f%%); node 4 holds %d; %d keys on all nodes; %d/%d readable",
            moved,
            expected,
            100.0 * moved / KEYS,
            after[3],
            sum(after),
            readable,
            KEYS));

    String leaving = urls.get(1).substring("http://".length());
    ClientResponse removed =
        run.http()
            .send(
                "DELETE",
                router + "/nodes/" + leaving,
                java.util.Map.of(),
                null,
                Duration.ofSeconds(30));
    int handed = removed.ok() ? removed.read(RouterWire.Moved.class).moved() : -1;
    int[] last = counts(run, urls);
    int readableAfter = readable(run, router);
    run.check(
        "Real shards: DELETE /nodes hands node 2's keys on, and loses none",
        handed == after[1] && last[1] == 0 && sum(last) == KEYS && readableAfter == KEYS,
        String.format(
            Locale.ROOT,
            "handed on %d (node 2 held %d); node 2 now holds %d; %d/%d readable",
            handed,
            after[1],
            last[1],
            readableAfter,
            KEYS));
  }

  private static Iterable<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add("user_" + i);
    }
    return keys;
  }

  private static int readable(VerifyRun run, String router) {
    int ok = 0;
    for (int i = 0; i < KEYS; i++) {
      ClientResponse r = run.http().get(router + "/data/user_" + i);
      if (r.status() == 200 && ("v" + i).equals(r.read(NodeWire.Entry.class).value())) {
        ok++;
      }
    }
    return ok;
  }

  private static int[] counts(VerifyRun run, List<String> urls) {
    int[] counts = new int[urls.size()];
    for (int i = 0; i < urls.size(); i++) {
      counts[i] = run.http().get(urls.get(i) + "/keys").read(NodeWire.Keys.class).count();
    }
    return counts;
  }

  private static int sum(int[] values) {
    int s = 0;
    for (int v : values) {
      s += v;
    }
    return s;
  }

  private static String line(Rebalance.Result r) {
    return String.format(
        Locale.ROOT,
        "%s Keys Moved: %d/%d Percentage: %.1f%%",
        r.strategy(),
        r.moved(),
        r.total(),
        r.movedPercent());
  }
}
