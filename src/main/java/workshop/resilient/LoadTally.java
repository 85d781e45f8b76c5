package workshop.resilient;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import workshop.sharding.HashRing;

/**
 * The load test's tally: from the registry's answers to a run of writes, how the keys spread over
 * the nodes, how many writes failed and why, and how fast the answers came.
 *
 * <p>Each acknowledged write names the key's replicas ({@code replica_nodes}, its preference list
 * on the ring) and the replicas that stored it ({@code written_to}). Counting how many keys each
 * node is a replica for shows whether the ring shares keys out evenly; the two counts differ only
 * while a node is down (it stays a replica but stores nothing). The original's load test read a
 * field the registry never sent and always printed an empty table; this one counts what the answers
 * actually say.
 *
 * <p>Evenness is judged, as in the original, by the ratio of the most to the fewest keys held:
 * below 1.5 even, below 2.0 slightly uneven, otherwise uneven. With no more nodes than replicas per
 * key every node holds every key, which is even but says nothing about the ring; the verdict says
 * so.
 *
 * <p>Pure: no I/O, no clock; the shell measures latencies and passes them in.
 */
public final class LoadTally {
  /** The original's thresholds on max/min keys held. */
  static final double EVEN_BELOW = 1.5;

  static final double SLIGHTLY_UNEVEN_BELOW = 2.0;

  private static final String KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private LoadTally() {}

  /** How one write ended. */
  public enum Outcome {
    ACKNOWLEDGED("acknowledged"),
    QUORUM_NOT_MET("quorum not met (503)"),
    TIMEOUT("timeout"),
    REFUSED("refused"),
    /** Another status, a broken connection, or an answer that is not the registry's JSON. */
    OTHER("other");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One write as the shell saw it.
   *
   * @param replicaNodes and {@code writtenTo} are empty unless acknowledged
   * @param detail why it failed, or empty
   */
  public record Write(
      String key,
      Outcome outcome,
      double latencyMillis,
      List<String> replicaNodes,
      List<String> writtenTo,
      String detail) {
    public static Write acknowledged(
        String key, double latencyMillis, List<String> replicaNodes, List<String> writtenTo) {
      return new Write(key, Outcome.ACKNOWLEDGED, latencyMillis, replicaNodes, writtenTo, "");
    }

    public static Write failed(String key, Outcome outcome, double latencyMillis, String detail) {
      return new Write(key, outcome, latencyMillis, List.of(), List.of(), detail);
    }
  }

  /**
   * An acknowledged key read back.
   *
   * @param status the HTTP status, or 0 when no answer came
   * @param actual the value read, or the reason there was none
   */
  public record ReadBack(String key, String expected, int status, String actual) {
    public boolean ok() {
      return status == 200 && expected.equals(actual);
    }

    /** What is wrong, in a few words; empty when {@link #ok()}. */
    public String problem() {
      if (ok()) {
        return "";
      }
      return switch (status) {
        case 200 -> "wrong value '" + actual + "' (wrote '" + expected + "')";
        case 404 -> "missing (404)";
        case 0 -> "no answer (" + actual + ")";
        default -> "unreadable (" + status + ": " + actual + ")";
      };
    }
  }

  /** One node's line: copies stored, keys it is a replica for, and the part of all keys. */
  public record NodeRow(String node, int writes, int replicaFor, double shareOfKeys) {}

  public enum Evenness {
    EVEN,
    SLIGHTLY_UNEVEN,
    UNEVEN;

    public String display() {
      return name().replace('_', ' ');
    }
  }

  /** The evenness verdict; {@code ratio} is infinite when a node holds no key. */
  public record Verdict(Evenness evenness, double ratio, String reason) {}

  /**
   * The whole table.
   *
   * @param failures count per failed outcome, every failed outcome present
   * @param examples the first failure's detail per failed outcome that occurred
   * @param verdict null when nothing was acknowledged
   * @param readBack null when not asked for
   */
  public record Table(
      int requests,
      int acknowledged,
      Map<Outcome, Integer> failures,
      Map<Outcome, String> examples,
      List<NodeRow> nodes,
      double p50Millis,
      double p99Millis,
      Verdict verdict,
      List<ReadBack> readBack) {
    public int failed() {
      return requests - acknowledged;
    }

    public List<ReadBack> readBackProblems() {
      return readBack == null ? List.of() : readBack.stream().filter(r -> !r.ok()).toList();
    }
  }

  /** Tallies the writes, and the read-backs when given (null when not asked). */
  public static Table tally(List<Write> writes, List<ReadBack> readBack) {
    Map<Outcome, Integer> failures = new EnumMap<>(Outcome.class);
    Map<Outcome, String> examples = new EnumMap<>(Outcome.class);
    Map<String, int[]> perNode = new TreeMap<>();
    int acknowledged = 0;
    int replicasPerKey = 0;
    for (Outcome o : Outcome.values()) {
      if (o != Outcome.ACKNOWLEDGED) {
        failures.put(o, 0);
      }
    }
    for (Write w : writes) {
      if (w.outcome() != Outcome.ACKNOWLEDGED) {
        failures.merge(w.outcome(), 1, Integer::sum);
        examples.putIfAbsent(w.outcome(), w.key() + ": " + w.detail());
        continue;
      }
      acknowledged++;
      replicasPerKey = Math.max(replicasPerKey, w.replicaNodes().size());
      for (String node : w.replicaNodes()) {
        perNode.computeIfAbsent(node, n -> new int[2])[1]++;
      }
      for (String node : w.writtenTo()) {
        perNode.computeIfAbsent(node, n -> new int[2])[0]++;
      }
    }
    List<NodeRow> rows = new ArrayList<>();
    for (var e : perNode.entrySet()) {
      int held = e.getValue()[1];
      rows.add(new NodeRow(e.getKey(), e.getValue()[0], held, 100.0 * held / acknowledged));
    }
    double[] latencies = writes.stream().mapToDouble(Write::latencyMillis).sorted().toArray();
    return new Table(
        writes.size(),
        acknowledged,
        failures,
        examples,
        rows,
        percentile(latencies, 50),
        percentile(latencies, 99),
        acknowledged == 0 ? null : verdict(rows, replicasPerKey),
        readBack == null ? null : List.copyOf(readBack));
  }

  static Verdict verdict(List<NodeRow> rows, int replicasPerKey) {
    NodeRow most = rows.stream().max((a, b) -> a.replicaFor() - b.replicaFor()).orElseThrow();
    NodeRow fewest = rows.stream().min((a, b) -> a.replicaFor() - b.replicaFor()).orElseThrow();
    double ratio =
        fewest.replicaFor() == 0
            ? Double.POSITIVE_INFINITY
            : (double) most.replicaFor() / fewest.replicaFor();
    Evenness e =
        ratio < EVEN_BELOW
            ? Evenness.EVEN
            : ratio < SLIGHTLY_UNEVEN_BELOW ? Evenness.SLIGHTLY_UNEVEN : Evenness.UNEVEN;
    String reason;
    if (rows.size() <= replicasPerKey) {
      reason =
          "every node is a replica of every key ("
              + rows.size()
              + " nodes, "
              + replicasPerKey
              + " replicas per key); scale up (POST /scale-up) and run again to see the ring"
              + " share keys out";
    } else if (e == Evenness.EVEN) {
      reason = "the ring shares the keys out evenly";
    } else {
      reason =
          most.node()
              + " holds "
              + most.replicaFor()
              + " keys, "
              + fewest.node()
              + " "
              + fewest.replicaFor()
              + (e == Evenness.UNEVEN
                  ? ". With few keys chance alone does this: run more requests. If it stays"
                      + " uneven, the ring needs more virtual nodes per node (it has "
                      + HashRing.DEFAULT_VIRTUAL_NODES
                      + ")"
                  : "");
    }
    return new Verdict(e, ratio, reason);
  }

  /** Nearest-rank percentile of sorted values; 0 when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /**
   * {@code count} distinct keys {@code test:xxxxxxxx} (8 of a-z and 0-9), the same for the same
   * generator state, so a seeded run can be repeated.
   */
  public static List<String> keys(RandomGenerator random, int count) {
    Set<String> keys = new LinkedHashSet<>();
    char[] name = new char[8];
    while (keys.size() < count) {
      for (int i = 0; i < name.length; i++) {
        name[i] = KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length()));
      }
      // 36^8 names: at a million keys a repeat has about a one-in-five chance, and a repeated
      // key would read back the later value, so it is drawn again.
      keys.add("test:" + new String(name));
    }
    return List.copyOf(keys);
  }
}
