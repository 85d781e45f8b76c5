package workshop.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A call's two messages under the faults in force, and the numbers a student will measure. */
class RoundTripTest {
  private static LinkConditions links(String... faults) {
    LinkConditions l = new LinkConditions(List.of("node-1", "node-2", "node-3"));
    for (String f : faults) {
      l.apply(FaultParser.parse(f));
    }
    return l;
  }

  private static RoundTrip.Fate call(LinkConditions l, String from, String to) {
    return RoundTrip.decide(l, from, to, new SplittableRandom(1));
  }

  @Test
  void aDelayOnANodeAddsToBothDirectionsOfACallThroughIt() {
    // 100 ms on the request to node-2 and 100 ms on its answer.
    assertThat(call(links("delay node-2 100ms"), "node-1", "node-2"))
        .isEqualTo(new RoundTrip.Arrives(Duration.ofMillis(200)));
    // An outsider (curl) calling node-2 crosses the same two delays.
    assertThat(call(links("delay node-2 100ms"), "curl", "node-2"))
        .isEqualTo(new RoundTrip.Arrives(Duration.ofMillis(200)));
    assertThat(call(links("delay node-2 100ms"), "node-1", "node-3"))
        .isEqualTo(new RoundTrip.Arrives(Duration.ZERO));
  }

  @Test
  void aDelayOnOneDirectionOfALinkAddsItOncePerCallEitherWay() {
    LinkConditions l = links("delay node-1->node-2 100ms");
    // node-1's request to node-2 is delayed; so is node-1's answer when node-2 calls.
    assertThat(call(l, "node-1", "node-2"))
        .isEqualTo(new RoundTrip.Arrives(Duration.ofMillis(100)));
    assertThat(call(l, "node-2", "node-1"))
        .isEqualTo(new RoundTrip.Arrives(Duration.ofMillis(100)));
  }

  @Test
  void aOneWayBlockLosesTheCallersRequestOrTheCalleesAnswer() {
    LinkConditions l = links("block node-1->node-2");
    assertThat(call(l, "node-1", "node-2"))
        .isEqualTo(new RoundTrip.RequestLost(false, "blocked by block node-1->node-2"));
    assertThat(call(l, "node-2", "node-1"))
        .isEqualTo(
            new RoundTrip.AnswerLost(
                Duration.ZERO, false, "its answer was blocked by block node-1->node-2"));
  }

  @Test
  void aRejectingPartitionRefusesAtOnce() {
    assertThat(call(links("partition node-1 | node-2 reject"), "node-1", "node-2"))
        .isEqualTo(new RoundTrip.RequestLost(true, "cut off by partition node-1 | node-2 reject"));
    assertThat(call(links("partition node-1 | node-2"), "node-1", "node-3"))
        .isEqualTo(new RoundTrip.Arrives(Duration.ZERO));
  }

  @Test
  void aLossOnANodeLosesACallWithOneMinusTheSquareOfWhatArrives() {
    // 20 % per direction: a call survives with 0.8 * 0.8 = 64 %, so 36 % fail. Over 100,000 calls
    // the binomial standard deviation is sqrt(n p (1-p)) = 152; 5 of them is 760 calls.
    LinkConditions l = links("loss node-2 20%");
    SplittableRandom random = new SplittableRandom(7);
    int n = 100_000;
    int failed = 0;
    for (int i = 0; i < n; i++) {
      if (!(RoundTrip.decide(l, "node-1", "node-2", random) instanceof RoundTrip.Arrives)) {
        failed++;
      }
    }
    assertThat(failed).isBetween(36_000 - 760, 36_000 + 760);
  }

  @Test
  void theEffectOfEachFaultIsSaidWithItsNumbers() {
    assertThat(CallEffect.of(FaultParser.parse("delay node-2 100ms")))
        .isEqualTo(
            "delay node-2 100ms: +100 ms each way: a call to or from node-2 takes 200 ms longer");
    assertThat(CallEffect.of(FaultParser.parse("delay all 50ms jitter 10ms")))
        .isEqualTo(
            "delay all 50ms jitter 10ms: +50 ms ± 10 ms each way: every call takes 100 ms longer");
    assertThat(CallEffect.of(FaultParser.parse("loss all 5%")))
        .isEqualTo(
            "loss all 5%: 5% of messages lost each way: about 9.75% of all calls fail (time out)");
    assertThat(CallEffect.of(FaultParser.parse("partition node-1 from node-2 reject")))
        .isEqualTo(
            "partition node-1 | node-2 reject: calls between the sides are refused at once;"
                + " calls within a side work");
    assertThat(CallEffect.of(FaultParser.parse("block node-1->node-2")))
        .isEqualTo(
            "block node-1->node-2: node-1's calls to node-2 time out (nothing comes back);"
                + " node-2's calls to node-1 are handled there, but their answers are lost");
  }
}
