package workshop.quorum.http;

import java.util.List;

/** Module 05's replica on the wire: what it reads and answers; {@link QuorumClient} reads these. */
public final class ReplicaWire {
  private ReplicaWire() {}

  /** {@code PUT /replica/{key}}: a value with the version it was written at. */
  public record Put(String value, long version) {
    public Put {
      if (version < 1) {
        throw new IllegalArgumentException(
            "field 'version' is required and must be an integer >= 1");
      }
    }
  }

  /** The answer to a put: whether it was stored, and what the replica holds now. */
  public record Stored(String node, String key, boolean stored, String value, long version) {}

  /** The answer to {@code GET /replica/{key}}. */
  public record Entry(String node, String key, String value, long version) {}

  /** {@code POST /fault}: the peers to refuse, by the name they send in {@code X-Workshop-Peer}. */
  public record Block(List<String> block) {}

  /** The answer to {@code POST /fault} and {@code POST /heal}. */
  public record Blocked(String node, List<String> blocked) {}
}
