package workshop.resilient.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import workshop.membership.MembershipConfig;
import workshop.quorum.QuorumConfig;
import workshop.support.http.WebClient;

/**
 * A registry and three resilient nodes in this JVM on free ports, with heartbeats every 100 ms (a
 * node is dead after 1.5 s) and anti-entropy every 300 ms, so capstone tests run in seconds. {@link
 * #start} returns once all three are alive.
 */
public final class TestCluster implements AutoCloseable {
  public static final MembershipConfig FAST_MEMBERSHIP =
      new MembershipConfig(Duration.ofMillis(100), Duration.ofMillis(1500));

  private final PrintStream log;
  private final MembershipConfig membership;
  private final List<ResilientNodeServer> nodes = new ArrayList<>();
  private final WebClient http = WebClient.create(Duration.ofSeconds(5));
  private RegistryServer registry;

  private TestCluster(
      PrintStream log,
      MembershipConfig membership,
      Duration antiEntropy,
      RegistryServer.ScaleUp scaleUp) {
    this.log = log;
    this.membership = membership;
    this.registry = startRegistry(0, scaleUp);
    for (int i = 1; i <= 3; i++) {
      nodes.add(
          ResilientNodeServer.start(
              "node-" + i,
              "127.0.0.1",
              0,
              registry.url(),
              Duration.ofMillis(100),
              antiEntropy,
              i,
              log));
    }
  }

  /** The usual cluster: fast membership, anti-entropy every 300 ms. */
  public static TestCluster start(PrintStream log) throws InterruptedException {
    return start(log, FAST_MEMBERSHIP, Duration.ofMillis(300));
  }

  public static TestCluster start(
      PrintStream log, MembershipConfig membership, Duration antiEntropy)
      throws InterruptedException {
    return start(log, membership, antiEntropy, null);
  }

  /** A cluster whose registry can start nodes ({@code scaleUp}; null for none). */
  public static TestCluster start(
      PrintStream log,
      MembershipConfig membership,
      Duration antiEntropy,
      RegistryServer.ScaleUp scaleUp)
      throws InterruptedException {
    TestCluster c = new TestCluster(log, membership, antiEntropy, scaleUp);
    try {
      c.awaitAlive(3, "the nodes did not register");
    } catch (RuntimeException | AssertionError e) {
      c.close();
      throw e;
    }
    return c;
  }

  public RegistryServer registry() {
    return registry;
  }

  public String url() {
    return registry.url();
  }

  /** Node {@code i}, counting from 1 as their ids do. */
  public ResilientNodeServer node(int i) {
    return nodes.get(i - 1);
  }

  public List<ResilientNodeServer> nodes() {
    return nodes;
  }

  /** The registry's {@code alive_count}. */
  public int alive() {
    return http.get(registry.url() + "/cluster-status").json().path("alive_count").asInt();
  }

  /** Waits up to 5 s for {@code count} alive nodes; fails with {@code otherwise}. */
  public void awaitAlive(int count, String otherwise) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (alive() == count) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError(otherwise + " (alive: " + alive() + ", expected " + count + ")");
  }

  /**
   * Stops the registry and starts a new one on the same port (with {@code scaleUp}, or none), then
   * waits until the nodes, which keep heartbeating, have registered again.
   */
  public void restartRegistry(RegistryServer.ScaleUp scaleUp) throws InterruptedException {
    int port = registry.port();
    registry.close();
    registry = startRegistry(port, scaleUp);
    awaitAlive(3, "the nodes did not re-register with the restarted registry");
  }

  private RegistryServer startRegistry(int port, RegistryServer.ScaleUp scaleUp) {
    return RegistryServer.start(
        "127.0.0.1", port, membership, QuorumConfig.DEFAULT, scaleUp, InstantSource.system(), log);
  }

  @Override
  public void close() {
    nodes.forEach(ResilientNodeServer::close);
    registry.close();
    http.close();
  }
}
