package workshop.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import workshop.fault.FaultParser;
import workshop.protocol.RequestId;
import workshop.sim.ClientOutcome;
import workshop.sim.NodeStatus;
import workshop.sim.SimBuilder;
import workshop.sim.Simulation;
import workshop.sim.TraceLevel;

/**
 * One seeded run of Raft under chaos, written as transcript commands so that a failing seed prints
 * a transcript that replays it ({@link #transcript}): crashes and restarts, pauses, partitions,
 * loss, duplication and reordering, while three clients each increment their own counter with
 * request ids, retrying until answered, and sometimes read it.
 *
 * <p>What the clients check, beyond the invariants the simulator checks after every step: client
 * {@code cN} only increments key {@code cN}, one request at a time, so the answer to its request
 * {@code #s} must be {@code s} (applied exactly once, none lost), and a read must see at least what
 * was acknowledged before it was sent and at most what was sent (linearizable reads). Once healed,
 * a leader must emerge and every client's last request must be answered.
 */
final class RaftChaos {
  /** Phases of chaos, each 20-300 ms: about 3 s of virtual time, then up to 4 s of healing. */
  static final int PHASES = 18;

  private final long seed;
  private final List<String> nodes = new ArrayList<>();
  private final SplittableRandom random;
  private final Simulation<RaftMessage> sim;
  private final List<String> script = new ArrayList<>();
  private final Client[] clients = {new Client("c1"), new Client("c2"), new Client("c3")};
  private int seen;

  private static final class Client {
    final String name;
    long seq;
    long acked;
    RequestId inFlight;
    RequestId reading;
    long readFloor;

    Client(String name) {
      this.name = name;
    }
  }

  RaftChaos(long seed, TraceLevel level, Consumer<String> trace) {
    this.seed = seed;
    this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
    int size = seed % 2 == 0 ? 3 : 5;
    for (int i = 1; i <= size; i++) {
      nodes.add("node-" + i);
    }
    SimBuilder<RaftMessage> b =
        Simulation.builder(nodes, new RaftScenario().factory(nodes, java.util.Map.of()))
            .seed(seed)
            .latency(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(10));
    if (trace != null) {
      b.trace(level, trace);
    }
    RaftSafety.invariants().forEach(b::invariant);
    sim = b.build();
  }

  /** The run's commands as a transcript: paste into transcripts/raft/ and rewrite to replay. */
  String transcript() {
    StringBuilder t = new StringBuilder();
    t.append("cluster nodes=").append(nodes.size()).append(" seed=").append(seed);
    t.append(" latency=1ms-10ms\n----\n\n");
    for (String line : script) {
      t.append(line).append("\n----\n\n");
    }
    return t.toString();
  }

  /** Runs the chaos, then heals; returns what went wrong, or null. */
  String run() {
    exec("start");
    for (int phase = 0; phase < PHASES; phase++) {
      if (random.nextInt(100) < 60) {
        exec(fault());
      }
      for (Client c : clients) {
        if (random.nextInt(100) < 50) {
          send(c);
        }
      }
      exec("run " + (20 + random.nextInt(281)) + "ms");
      String problem = collect();
      if (problem != null) {
        return problem;
      }
    }
    return heal();
  }

  private String heal() {
    exec("heal");
    for (String n : nodes) {
      switch (sim.status(n)) {
        case DOWN -> exec("restart " + n);
        case PAUSED -> exec("resume " + n);
        case UP -> {}
      }
    }
    for (int round = 0; round < 8; round++) {
      exec("run 500ms");
      String problem = collect();
      if (problem != null) {
        return problem;
      }
      String leader = leader();
      boolean done = true;
      for (Client c : clients) {
        if (c.acked < c.seq || c.seq == 0) {
          done = false;
          if (leader != null && c.inFlight == null) {
            request(c, leader, c.seq == 0 ? ++c.seq : c.seq);
          }
        }
      }
      if (done) {
        return null;
      }
    }
    return "2.5 s after healing, not every client's last request was answered: "
        + describe()
        + " (leader "
        + leader()
        + ")";
  }

  private String fault() {
    String node = nodes.get(random.nextInt(nodes.size()));
    NodeStatus status = sim.status(node);
    return switch (random.nextInt(10)) {
      case 0 -> status == NodeStatus.DOWN ? "restart " + node : "crash " + node;
      case 1 -> "restart " + node; // a reboot when it runs: back at once, memory gone
      case 2 ->
          switch (status) {
            case UP -> "pause " + node;
            case PAUSED -> "resume " + node;
            case DOWN -> "restart " + node;
          };
      case 3, 4 -> "partition " + groups();
      case 5 -> "loss all " + (5 + random.nextInt(26)) + "%";
      case 6 -> "reorder all " + (10 + random.nextInt(41)) + "%";
      case 7 -> "duplicate all " + (5 + random.nextInt(16)) + "%";
      case 8 -> "partition isolate " + node;
      default -> "heal";
    };
  }

  private String groups() {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (String n : nodes) {
      (random.nextBoolean() ? a : b).add(n);
    }
    if (a.isEmpty() || b.isEmpty()) {
      return "halves";
    }
    return String.join(",", a) + " | " + String.join(",", b);
  }

  private void send(Client c) {
    String node = nodes.get(random.nextInt(nodes.size()));
    if (c.inFlight == null) {
      if (c.acked == c.seq) {
        c.seq++;
      }
      request(c, node, c.seq);
    } else if (c.reading == null && random.nextBoolean()) {
      c.readFloor = c.acked;
      c.reading = sim.request(node, record("request " + node + " get " + c.name));
    }
  }

  private void request(Client c, String node, long seq) {
    c.inFlight =
        sim.request(
            node, record("request " + node + " incr " + c.name + " id=" + c.name + "#" + seq));
  }

  private RaftMessage record(String line) {
    script.add(line);
    return new RaftScenario().request(line.substring(line.indexOf(' ', 8) + 1));
  }

  private void exec(String line) {
    script.add(line);
    String[] w = line.split(" ", 2);
    switch (w[0]) {
      case "start" -> sim.startAll();
      case "run" -> sim.runFor(FaultParser.parseDuration(w[1]));
      default -> sim.apply(FaultParser.parse(line));
    }
  }

  /** Reads the answers that came in since the last look, and checks each. */
  private String collect() {
    List<ClientOutcome<RaftMessage>> news = sim.outcomesSince(seen);
    seen += news.size();
    for (ClientOutcome<RaftMessage> o : news) {
      for (Client c : clients) {
        String problem = check(c, o);
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private String check(Client c, ClientOutcome<RaftMessage> o) {
    RaftMessage.Result r = o.body() instanceof RaftMessage.Result x ? x : null;
    if (o.request().equals(c.inFlight)) {
      c.inFlight = null;
      if (r != null) {
        if (!Long.toString(c.seq).equals(r.value())) {
          return c.name + "#" + c.seq + " answered " + r + ": applied other than exactly once";
        }
        c.acked = c.seq;
      }
    } else if (o.request().equals(c.reading)) {
      c.reading = null;
      long value = r == null || r.value() == null ? 0 : Long.parseLong(r.value());
      if (r != null && (value < c.readFloor || value > c.seq)) {
        return "read of "
            + c.name
            + " answered "
            + value
            + ", outside ["
            + c.readFloor
            + ", "
            + c.seq
            + "]: not linearizable";
      }
    }
    return null;
  }

  private String leader() {
    String best = null;
    long term = -1;
    for (String n : nodes) {
      RaftNode node = (RaftNode) sim.node(n);
      if (node != null && node.role() == Role.LEADER && node.term() > term) {
        best = n;
        term = node.term();
      }
    }
    return best;
  }

  String stats() {
    return sim.stats().toString();
  }

  private String describe() {
    List<String> parts = new ArrayList<>();
    for (Client c : clients) {
      parts.add(c.name + " sent #" + c.seq + ", acked #" + c.acked);
    }
    return String.join(", ", parts);
  }
}
