package workshop.fault.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.fault.FaultParser;
import workshop.fault.LinkConditions;
import workshop.support.http.CallFailure;
import workshop.support.http.FaultAction;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;

/** The fault vocabulary applied to real calls through the HTTP fault seam. */
class LinkFaultPolicyTest {
  static final Map<String, String> NAMES =
      Map.of("127.0.0.1:5002", "node-2", "127.0.0.1:5003", "node-3");

  private static LinkFaultPolicy policy(String... faults) {
    LinkFaultPolicy p =
        new LinkFaultPolicy(
            "node-1",
            new LinkConditions(List.of("node-1", "node-2", "node-3")),
            new SplittableRandom(1),
            NAMES);
    for (String f : faults) {
      p.apply(FaultParser.parse(f));
    }
    return p;
  }

  @Test
  void eachVerdictBecomesTheMatchingSeamAction() {
    LinkFaultPolicy p = policy("partition isolate node-3", "crash node-2");
    assertThat(p.outbound("127.0.0.1:5003", "POST", "/x"))
        .isEqualTo(new FaultAction.Drop("cut off by partition isolate node-3"));
    assertThat(p.outbound("127.0.0.1:5002", "POST", "/x"))
        .isEqualTo(new FaultAction.Reject("node-2 is down: nothing listens there"));
    // 100 ms each way: the request to node-2 and its answer back.
    LinkFaultPolicy slow = policy("delay node-2 100ms");
    assertThat(slow.outbound("127.0.0.1:5002", "GET", "/"))
        .isEqualTo(new FaultAction.Delay(Duration.ofMillis(200)));
    assertThat(slow.outbound("127.0.0.1:5003", "GET", "/")).isEqualTo(FaultAction.PASS);
  }

  @Test
  void aCallTheCallerDecidedPassesAndAnUnmarkedOneIsDecidedByTheCallee() {
    LinkFaultPolicy p = policy("partition isolate node-1");
    assertThat(p.inbound("127.0.0.1:40000", "node-2; decided", "POST", "/x"))
        .isEqualTo(FaultAction.PASS);
    assertThat(p.inbound("127.0.0.1:40000", "node-2", "POST", "/x"))
        .isEqualTo(new FaultAction.Drop("cut off by partition isolate node-1"));
    // No mark: named by X-Workshop-Peer; a caller no fault names (curl) talks to everyone.
    assertThat(p.inbound("node-2", null, "POST", "/x"))
        .isEqualTo(new FaultAction.Drop("cut off by partition isolate node-1"));
    assertThat(p.inbound("curl", null, "GET", "/")).isEqualTo(FaultAction.PASS);
  }

  @Test
  void theCallerMarksItsCallsDecidedOnlyWhenItKnowsTheCallee() {
    LinkFaultPolicy p = policy();
    assertThat(p.mark("localhost:5002")).isEqualTo("node-1; decided");
    assertThat(p.mark("[::1]:5003")).isEqualTo("node-1; decided");
    assertThat(p.mark("127.0.0.1:9999")).isEqualTo("node-1");
    p.apply(FaultParser.parse("delay all 1s"));
    assertThat(p.outbound("127.0.0.1:9999", "GET", "/"))
        .as("nobody named 127.0.0.1:9999: its own layer, if it has one, decides")
        .isEqualTo(FaultAction.PASS);
  }

  @Test
  void aOneWayBlockLosesTheRequestOneWayAndTheAnswerTheOther() {
    LinkFaultPolicy p = policy("block node-1->node-2");
    assertThat(p.outbound("127.0.0.1:5002", "POST", "/x"))
        .isEqualTo(new FaultAction.Drop("blocked by block node-1->node-2"));
    // node-2 calls node-1: the request arrives, node-1's answer is what the block drops.
    assertThat(p.inbound("x", "node-2", "POST", "/heartbeat"))
        .isEqualTo(
            new FaultAction.LoseAnswer(
                Duration.ZERO, false, "its answer was blocked by block node-1->node-2"));
    LinkFaultPolicy refusing = policy("block node-1->node-2 reject");
    assertThat(refusing.outbound("127.0.0.1:5002", "POST", "/x"))
        .isEqualTo(new FaultAction.Reject("blocked by block node-1->node-2 reject"));
  }

  @Test
  void aRealCallAcrossAPartitionWaitsOutItsTimeoutAndThenFails() {
    try (WebServer server =
        WebServer.builder("node-2")
            .port(0)
            .routes(new Routes().get("/", r -> Response.ok(Map.of("ok", true))))
            .start()) {
      String address = "127.0.0.1:" + server.port();
      LinkFaultPolicy p =
          new LinkFaultPolicy(
              "node-1",
              new LinkConditions(List.of("node-1", "node-2")),
              new SplittableRandom(1),
              Map.of(address, "node-2"));
      try (WebClient client =
          WebClient.builder().timeout(Duration.ofMillis(200)).faults(p).build()) {
        // Generous timeouts for real answers: the machine may be busy. The dropped call waits out
        // the client's own 200 ms.
        assertThat(client.get("http://" + address + "/", Duration.ofSeconds(10)).ok()).isTrue();
        p.apply(FaultParser.parse("partition node-1 | node-2"));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.get("http://" + address + "/"))
            .isInstanceOfSatisfying(
                CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT));
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        p.apply(FaultParser.parse("heal"));
        assertThat(client.get("http://" + address + "/", Duration.ofSeconds(10)).ok()).isTrue();
      }
    }
  }
}
