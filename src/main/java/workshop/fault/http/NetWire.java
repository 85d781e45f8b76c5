package workshop.fault.http;

import java.util.List;
import java.util.Map;
import workshop.support.json.Json;

/**
 * The bodies of a process's fault routes: {@code POST /fault/net} takes {@link Rules}; {@code GET}
 * and {@code POST /fault/net} answer {@link State}; {@code POST /fault/pause} and {@code
 * /fault/resume} answer {@link Paused}.
 */
public final class NetWire {
  /** The most faults one process takes at once: far more than a lesson uses. */
  static final int MAX_FAULTS = 64;

  /** The most processes a book may name. */
  static final int MAX_NODES = 256;

  /** The longest fault line, and the longest name or address. */
  static final int MAX_LINE = 2000;

  private NetWire() {}

  /**
   * Everything in force from now on, replacing what was: the faults in the vocabulary's words, and
   * the processes by name with their "host:port" (absent: only the faults' own names are known).
   *
   * @param seed seeds the process's random draws (loss), mixed with its name; absent: unseeded
   */
  public record Rules(
      List<String> faults, @Json.Optional Map<String, String> nodes, @Json.Optional Long seed) {
    public Rules {
      if (faults.size() > MAX_FAULTS) {
        throw new IllegalArgumentException(
            "field 'faults' holds " + faults.size() + " faults; at most " + MAX_FAULTS);
      }
      for (String f : faults) {
        if (f == null || f.length() > MAX_LINE) {
          throw new IllegalArgumentException(
              "field 'faults' must hold faults of 1 to " + MAX_LINE + " characters");
        }
      }
      faults = List.copyOf(faults);
      if (nodes != null) {
        if (nodes.size() > MAX_NODES) {
          throw new IllegalArgumentException(
              "field 'nodes' names " + nodes.size() + " processes; at most " + MAX_NODES);
        }
        for (var e : nodes.entrySet()) {
          if (e.getValue() == null
              || e.getKey().length() > MAX_LINE
              || e.getValue().length() > MAX_LINE) {
            throw new IllegalArgumentException(
                "field 'nodes' maps each process's name to its \"host:port\", such as"
                    + " {\"node-2\": \"127.0.0.1:5002\"}");
          }
        }
        nodes = Map.copyOf(nodes);
      }
    }
  }

  /**
   * What is in force in one process.
   *
   * @param explained each fault with what it does to a round trip, in the same order
   * @param paused whether the process is paused from within ({@code ./workshop pause} where the
   *     system cannot stop it)
   */
  public record State(
      String name,
      List<String> faults,
      List<String> explained,
      Map<String, String> nodes,
      boolean paused) {}

  /** A refusal, as every workshop server words one ({@code detail} says why). */
  public record Refusal(@Json.Optional String error, @Json.Optional String detail) {}

  /** The answer to a pause or a resume. */
  public record Paused(String name, boolean paused, String detail) {}
}
