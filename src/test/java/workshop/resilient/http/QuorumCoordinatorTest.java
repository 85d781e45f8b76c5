package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.Versioned;
import workshop.resilient.Placement;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/** A replica that hangs costs a quorum operation its grace, not its timeout. */
class QuorumCoordinatorTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<WebServer> servers = new ArrayList<>();
  private final QuorumCoordinator coordinator =
      new QuorumCoordinator(Duration.ofSeconds(10), workshop.support.http.TokenTrust.none());

  @AfterEach
  void stop() {
    release.countDown();
    coordinator.close();
    servers.forEach(WebServer::close);
  }

  private Placement.Replica replica(String id, boolean hangs) {
    Routes routes =
        new Routes()
            .post("/replicate", r -> answer(hangs, Json.map("status", "accepted", "version", 7)))
            .get(
                "/data/{key}",
                r ->
                    answer(
                        hangs,
                        Json.map(
                            "node_id", id, "key", r.pathParam("key"), "value", "v", "version", 7)));
    WebServer server = WebServer.builder(id).routes(routes).start();
    servers.add(server);
    return new Placement.Replica(id, server.url());
  }

  private Response answer(boolean hangs, Object body) throws InterruptedException {
    if (hangs) {
      release.await(20, TimeUnit.SECONDS);
    }
    return Response.ok(body);
  }

  @Test
  void aWriteIsAnsweredSoonAfterWAcksWhileAThirdReplicaHangs() {
    List<Placement.Replica> replicas =
        List.of(replica("node-1", false), replica("node-2", true), replica("node-3", false));
    long t0 = System.nanoTime();
    QuorumWrite.Result r =
        coordinator.write(QuorumConfig.DEFAULT, "k", new Versioned("v", 7), replicas, List.of());
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(r.ok()).isTrue();
    assertThat(r.acked()).containsExactly("node-1", "node-3");
    assertThat(r.failed())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.replica()).isEqualTo("node-2");
              assertThat(a.reason()).isEqualTo("no answer within 50 ms of the quorum");
            });
    assertThat(took).as("far below the 10 s timeout").isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aReadIsAnsweredSoonAfterRRepliesWhileAThirdReplicaHangs() {
    List<Placement.Replica> replicas =
        List.of(replica("node-1", true), replica("node-2", false), replica("node-3", false));
    long t0 = System.nanoTime();
    QuorumCoordinator.ReadOutcome o = coordinator.read(QuorumConfig.DEFAULT, "k", replicas);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    QuorumRead.Result r = o.result();
    assertThat(r.ok()).isTrue();
    assertThat(r.latest()).contains(new Versioned("v", 7));
    assertThat(o.servedBy())
        .as("the first replica in preference order that had it")
        .isEqualTo("node-2");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void withEveryReplicaHealthyTheAnswerReportsAllOfThemInPreferenceOrder() {
    List<Placement.Replica> replicas =
        List.of(replica("node-3", false), replica("node-1", false), replica("node-2", false));
    QuorumWrite.Result r =
        coordinator.write(QuorumConfig.DEFAULT, "k", new Versioned("v", 7), replicas, List.of());
    // Three fast local answers arrive well within the grace after the second one.
    assertThat(r.acked()).containsExactly("node-3", "node-1", "node-2");
  }
}
