package workshop.quorum;

/**
 * N replicas, a write succeeds when W of them acknowledge it, a read when R of them answer
 * (Gifford, "Weighted voting for replicated data", 1979; Dynamo, 2007; DDIA ch. 5 "Quorums for
 * reading and writing").
 *
 * <p>The one rule: when R + W > N every read quorum shares at least one replica with every write
 * quorum, so a read always sees the latest acknowledged write. When R + W <= N a read can miss it.
 * Reads survive N - R failed replicas and writes N - W.
 */
public record QuorumConfig(int n, int w, int r) {
  /** The manual's default: 3 replicas, majority writes and reads. */
  public static final QuorumConfig DEFAULT = new QuorumConfig(3, 2, 2);

  public QuorumConfig {
    if (n < 1 || n > 9) {
      throw new IllegalArgumentException("N must be between 1 and 9 replicas, got " + n);
    }
    if (w < 1 || w > n) {
      throw new IllegalArgumentException("W must be between 1 and N=" + n + ", got " + w);
    }
    if (r < 1 || r > n) {
      throw new IllegalArgumentException("R must be between 1 and N=" + n + ", got " + r);
    }
  }

  /** R + W > N: every read overlaps the latest acknowledged write. */
  public boolean readsSeeLatestWrite() {
    return r + w > n;
  }

  public int readFailuresTolerated() {
    return n - r;
  }

  public int writeFailuresTolerated() {
    return n - w;
  }

  /** 2W > N: two writes cannot both succeed on disjoint halves of a partition. */
  public boolean writesOverlap() {
    return 2 * w > n;
  }

  @Override
  public String toString() {
    return "N=" + n + ", W=" + w + ", R=" + r;
  }
}
