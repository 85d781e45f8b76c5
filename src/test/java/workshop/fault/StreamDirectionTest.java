package workshop.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamDirectionTest {
  private static final long MS = 1_000_000;
  private static final Verdict NOW = new Verdict.Deliver(Duration.ZERO, 1);

  private static Verdict delay(long ms) {
    return new Verdict.Deliver(Duration.ofMillis(ms), 1);
  }

  @Test
  void aChunkWithNoFaultGoesAtOnce() {
    assertThat(new StreamDirection().chunk(NOW, 5 * MS))
        .isEqualTo(new StreamDirection.Forward(5 * MS));
  }

  @Test
  void aDelayedChunkGoesAfterItsDelay() {
    assertThat(new StreamDirection().chunk(delay(100), 0))
        .isEqualTo(new StreamDirection.Forward(100 * MS));
  }

  @Test
  void aChunkIsNeverOvertakenByALaterOneWithLessJitter() {
    StreamDirection d = new StreamDirection();
    // Read at 0 ms with 120 ms drawn, then at 10 ms with 80 ms drawn: the second would be due at
    // 90 ms, before the first; TCP keeps the order, so it goes with the first, at 120 ms.
    d.chunk(delay(120), 0);
    assertThat(d.chunk(delay(80), 10 * MS)).isEqualTo(new StreamDirection.Forward(120 * MS));
    // Once the first is gone, a later one keeps its own delay.
    assertThat(d.chunk(delay(80), 200 * MS)).isEqualTo(new StreamDirection.Forward(280 * MS));
  }

  @Test
  void aDroppedChunkIsSentAgainAfterLinuxsMinimumRetransmissionTimeout() {
    StreamDirection.Step step =
        new StreamDirection().chunk(new Verdict.Drop("cut off by partition a | b"), 1000 * MS);
    assertThat(step)
        .isEqualTo(
            new StreamDirection.Retry(1200 * MS, 1, 1000 * MS, "cut off by partition a | b"));
  }

  @Test
  void eachFurtherDropWaitsTwiceAsLongUpToOnePointSixSeconds() {
    // 200, 400, 800, 1600, then 1600 ms again: a heal is seen within 1.6 s.
    assertThat(StreamDirection.wait(1)).isEqualTo(200 * MS);
    assertThat(StreamDirection.wait(2)).isEqualTo(400 * MS);
    assertThat(StreamDirection.wait(3)).isEqualTo(800 * MS);
    assertThat(StreamDirection.wait(4)).isEqualTo(1600 * MS);
    assertThat(StreamDirection.wait(5)).isEqualTo(1600 * MS);
    assertThat(StreamDirection.wait(40)).isEqualTo(1600 * MS);

    var first = new StreamDirection.Retry(200 * MS, 1, 0, "lost to loss all 5%");
    assertThat(StreamDirection.retry(first, new Verdict.Drop("lost to loss all 5%"), 200 * MS))
        .isEqualTo(new StreamDirection.Retry(600 * MS, 2, 0, "lost to loss all 5%"));
  }

  @Test
  void aHealLetsAHeldChunkThroughAtItsNextRetry() {
    var held = new StreamDirection.Retry(1600 * MS, 4, 0, "cut off");
    assertThat(StreamDirection.retry(held, NOW, 1600 * MS))
        .isEqualTo(new StreamDirection.Forward(1600 * MS));
    // A delay still in force applies to it as to any chunk.
    assertThat(StreamDirection.retry(held, delay(100), 1600 * MS))
        .isEqualTo(new StreamDirection.Forward(1700 * MS));
  }

  @Test
  void aChunkHeldTwoMinutesResetsTheConnection() {
    var held = new StreamDirection.Retry(120_000 * MS, 80, 0, "cut off");
    assertThat(StreamDirection.retry(held, new Verdict.Drop("cut off"), 119_999 * MS))
        .isInstanceOf(StreamDirection.Retry.class);
    assertThat(StreamDirection.retry(held, new Verdict.Drop("cut off"), 120_000 * MS))
        .isEqualTo(new StreamDirection.Reset("held 120 s (cut off): given up"));
  }

  @Test
  void aRejectedChunkResetsTheConnectionAtOnceEvenWhenHeld() {
    assertThat(new StreamDirection().chunk(new Verdict.Reject("blocked by block a->b reject"), 0))
        .isEqualTo(new StreamDirection.Reset("blocked by block a->b reject"));
    var held = new StreamDirection.Retry(200 * MS, 1, 0, "cut off");
    assertThat(StreamDirection.retry(held, new Verdict.Reject("now rejected"), 200 * MS))
        .isEqualTo(new StreamDirection.Reset("now rejected"));
  }

  @Test
  void chunksAfterADelayIsRemovedGoAtOnceOnceTheQueueHasDrained() {
    StreamDirection d = new StreamDirection();
    d.chunk(delay(100), 0);
    // Read after the delayed chunk's time: nothing holds it back.
    assertThat(d.chunk(NOW, 150 * MS)).isEqualTo(new StreamDirection.Forward(150 * MS));
  }
}
