package workshop.resilient.http;

import java.time.Duration;
import workshop.membership.http.MembershipWire;
import workshop.resilient.LoadTally;
import workshop.support.http.CallFailure;

/**
 * The load test's calls to the registry: one write or one read, turned into the records {@link
 * LoadTally} counts. Every answer is classified, including answers that are not the registry's.
 * Thread-safe.
 */
public final class LoadTestClient implements AutoCloseable {
  private final RegistryClient registry;

  public LoadTestClient(String registry, Duration timeout) {
    this.registry = new RegistryClient(registry, "load-test", timeout);
  }

  /**
   * How many nodes the registry says are alive.
   *
   * @throws IllegalStateException with a one-line reason when the registry cannot be reached or
   *     answers like something else
   */
  public int aliveNodes() {
    RegistryClient.Answer<MembershipWire.ClusterStatus> a;
    try {
      a = registry.clusterStatus();
    } catch (CallFailure e) {
      throw new IllegalStateException(
          "cannot reach the registry at "
              + registry.url()
              + " ("
              + e.getMessage()
              + "); start it with ./workshop up, or point --registry at it");
    }
    if (!a.ok()) {
      throw new IllegalStateException(
          registry.url()
              + " answered GET /cluster-status with "
              + a.status()
              + " "
              + a.snippet()
              + ", which is not a registry's answer; is --registry the registry's URL?");
    }
    return (int) a.value().alive_count();
  }

  /** Writes {@code key} through the registry's quorum and says how it went. */
  public LoadTally.Write write(String key, String value) {
    long start = System.nanoTime();
    try {
      RegistryClient.Answer<RegistryWire.Written> a = registry.write(key, value);
      double ms = (System.nanoTime() - start) / 1e6;
      if (a.ok()) {
        return LoadTally.Write.acknowledged(
            key, ms, a.value().replica_nodes(), a.value().written_to());
      }
      if (a.status() == 200) {
        return LoadTally.Write.failed(
            key, LoadTally.Outcome.OTHER, ms, "answered 200 without replica_nodes: " + a.snippet());
      }
      if (a.status() == 503) {
        return LoadTally.Write.failed(key, LoadTally.Outcome.QUORUM_NOT_MET, ms, a.reason());
      }
      return LoadTally.Write.failed(
          key, LoadTally.Outcome.OTHER, ms, "answered " + a.status() + ": " + a.reason());
    } catch (CallFailure e) {
      LoadTally.Outcome outcome =
          switch (e.kind()) {
            case TIMEOUT -> LoadTally.Outcome.TIMEOUT;
            case REFUSED -> LoadTally.Outcome.REFUSED;
            case RESET, IO -> LoadTally.Outcome.OTHER;
          };
      return LoadTally.Write.failed(
          key, outcome, (System.nanoTime() - start) / 1e6, e.getMessage());
    }
  }

  /** Reads {@code key} back through the registry's quorum. */
  public LoadTally.ReadBack read(String key, String expected) {
    try {
      RegistryClient.Answer<RegistryWire.Read> a = registry.read(key);
      if (a.ok()) {
        return new LoadTally.ReadBack(key, expected, 200, a.value().value());
      }
      return new LoadTally.ReadBack(
          key, expected, a.status() == 200 ? 500 : a.status(), a.reason());
    } catch (CallFailure e) {
      return new LoadTally.ReadBack(key, expected, 0, e.getMessage());
    }
  }

  @Override
  public void close() {
    registry.close();
  }
}
