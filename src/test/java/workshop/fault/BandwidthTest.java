package workshop.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stream-only fault: a bandwidth limit, from its words to the time a chunk is written. */
class BandwidthTest {
  private static final long MS = 1_000_000;

  @Test
  void readsARateInBytesASecondAndWritesItBack() {
    assertThat(FaultParser.parse("bandwidth redis 100kB/s"))
        .isEqualTo(new Fault.Bandwidth(new Target.Node("redis"), 100_000));
    assertThat(FaultParser.parse("bandwidth all 2MB/s"))
        .isEqualTo(new Fault.Bandwidth(new Target.All(), 2_000_000));
    assertThat(FaultParser.parse("bandwidth a->b 1500b/s").text())
        .isEqualTo("bandwidth a->b 1500B/s");
    for (String text :
        List.of("bandwidth redis 100kB/s", "bandwidth all 1MB/s", "bandwidth x 0B/s")) {
      assertThat(FaultParser.parse(text).text()).isEqualTo(text);
    }
  }

  @Test
  void aRateThatIsNotOneIsRefusedWithTheForm() {
    assertThatThrownBy(() -> FaultParser.parse("bandwidth redis fast"))
        .hasMessage(
            "bandwidth: 'fast' is not a rate; write it like 100kB/s, 1MB/s or 500B/s (bytes a"
                + " second; k = 1000); expected: bandwidth <node|from->to|all> <rate> (such as"
                + " 100kB/s, 1MB/s or 500B/s)");
    assertThatThrownBy(() -> FaultParser.parse("bandwidth redis -5kB/s"))
        .hasMessageContaining("'-5kB/s' is not a rate");
    assertThatThrownBy(() -> FaultParser.parse("bandwidth redis 5000MB/s"))
        .hasMessageContaining("'5000MB/s' is above 1000MB/s");
    assertThatThrownBy(() -> FaultParser.parse("bandwidth redis 99999999999kB/s"))
        .hasMessageContaining("is not a rate");
    assertThatThrownBy(() -> FaultParser.parse("bandwidth redis"))
        .hasMessageContaining("missing an argument after 'redis'");
  }

  @Test
  void theLowestLimitCoveringALinkAppliesAndMessagesAreNotLimited() {
    LinkConditions links = new LinkConditions(List.of("a", "b", "c"));
    links.apply(FaultParser.parse("bandwidth all 1MB/s"));
    links.apply(FaultParser.parse("bandwidth b 100kB/s"));
    assertThat(links.bandwidth("a", "b")).isEqualTo(100_000);
    assertThat(links.bandwidth("a", "c")).isEqualTo(1_000_000);
    // A message has no size: deciding one draws nothing and delays nothing.
    assertThat(links.decide("a", "b", new SplittableRandom(1)))
        .isEqualTo(new Verdict.Deliver(Duration.ZERO, 1));
    links.apply(FaultParser.parse("bandwidth b 0B/s"));
    assertThat(links.bandwidth("a", "b")).isEqualTo(1_000_000);
    links.apply(new Fault.Heal());
    assertThat(links.bandwidth("a", "c")).isZero();
  }

  @Test
  void aChunkWaitsForTheChunksBeforeItThenForItsOwnSize() {
    StreamDirection d = new StreamDirection();
    Verdict now = new Verdict.Deliver(Duration.ZERO, 1);
    // 10 kB at 100 kB/s takes 100 ms; the next 10 kB, read at once, goes out 100 ms after that.
    assertThat(d.chunk(now, 10_000, 100_000, 0)).isEqualTo(new StreamDirection.Forward(100 * MS));
    assertThat(d.chunk(now, 10_000, 100_000, 0)).isEqualTo(new StreamDirection.Forward(200 * MS));
    // Read after the link went idle, a chunk starts at once; a delay comes on top.
    assertThat(d.chunk(new Verdict.Deliver(Duration.ofMillis(50), 1), 1_000, 100_000, 500 * MS))
        .isEqualTo(new StreamDirection.Forward(560 * MS));
  }

  @Test
  void callsBetweenWorkshopServersAreNotLimitedAndSaySo() {
    assertThat(CallEffect.of(FaultParser.parse("bandwidth redis 100kB/s")))
        .isEqualTo(
            "bandwidth redis 100kB/s: at most 100kB/s each way on TCP streams through"
                + " ./workshop proxy on redis; calls between workshop servers are not limited");
  }
}
