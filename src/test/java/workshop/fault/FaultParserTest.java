package workshop.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault vocabulary read from one line, written back, and every mistake named. */
class FaultParserTest {
  @Test
  void readsEveryFaultWordIntoItsRecord() {
    assertThat(FaultParser.parse("partition node-1,node-2 | node-3"))
        .isEqualTo(
            new Fault.Partition(
                new Fault.Groups(List.of(List.of("node-1", "node-2"), List.of("node-3")))));
    assertThat(FaultParser.parse("partition halves"))
        .isEqualTo(new Fault.Partition(new Fault.Halves()));
    assertThat(FaultParser.parse("partition isolate node-2"))
        .isEqualTo(new Fault.Partition(new Fault.Isolate("node-2")));
    assertThat(FaultParser.parse("partition majority-ring"))
        .isEqualTo(new Fault.Partition(new Fault.MajorityRing()));
    assertThat(FaultParser.parse("partition bridge node-3"))
        .isEqualTo(new Fault.Partition(new Fault.Bridge("node-3")));
    assertThat(FaultParser.parse("block node-1->node-2"))
        .isEqualTo(new Fault.Block("node-1", "node-2"));
    assertThat(FaultParser.parse("delay node-1->node-2 100ms jitter 20ms"))
        .isEqualTo(
            new Fault.Delay(
                new Target.Link("node-1", "node-2"),
                Duration.ofMillis(100),
                Duration.ofMillis(20)));
    assertThat(FaultParser.parse("delay all 1.5s"))
        .isEqualTo(new Fault.Delay(new Target.All(), Duration.ofMillis(1500), Duration.ZERO));
    assertThat(FaultParser.parse("loss node-2 5%"))
        .isEqualTo(new Fault.Loss(new Target.Node("node-2"), 5));
    assertThat(FaultParser.parse("duplicate all 1%"))
        .isEqualTo(new Fault.Duplicate(new Target.All(), 1));
    assertThat(FaultParser.parse("reorder node-3 10%"))
        .isEqualTo(new Fault.Reorder(new Target.Node("node-3"), 10));
    assertThat(FaultParser.parse("crash node-2")).isEqualTo(new Fault.Crash("node-2"));
    assertThat(FaultParser.parse("restart node-2")).isEqualTo(new Fault.Restart("node-2", false));
    assertThat(FaultParser.parse("restart node-2 wipe"))
        .isEqualTo(new Fault.Restart("node-2", true));
    assertThat(FaultParser.parse("pause node-2")).isEqualTo(new Fault.Pause("node-2"));
    assertThat(FaultParser.parse("resume node-2")).isEqualTo(new Fault.Resume("node-2"));
    assertThat(FaultParser.parse("skew node-2 +500ms drift 1%"))
        .isEqualTo(new Fault.Skew("node-2", Duration.ofMillis(500), 1));
    assertThat(FaultParser.parse("skew node-2 -2s"))
        .isEqualTo(new Fault.Skew("node-2", Duration.ofSeconds(-2), 0));
    assertThat(FaultParser.parse("  heal  ")).isEqualTo(new Fault.Heal());
  }

  @Test
  void addressesAreNodeNamesToo() {
    assertThat(FaultParser.parse("block 127.0.0.1:7001->127.0.0.1:7002"))
        .isEqualTo(new Fault.Block("127.0.0.1:7001", "127.0.0.1:7002"));
  }

  @Test
  void everyFaultWritesBackTheTextItWasReadFrom() {
    List<String> lines =
        List.of(
            "partition node-1,node-2 | node-3 | node-4",
            "partition halves",
            "partition isolate node-2",
            "partition majority-ring",
            "partition bridge node-3",
            "block node-1->node-2",
            "delay node-2 100ms",
            "delay all 2s jitter 250ms",
            "loss node-1->node-2 0.5%",
            "duplicate all 1%",
            "reorder node-3 10%",
            "crash node-2",
            "restart node-2 wipe",
            "pause node-2",
            "resume node-2",
            "skew node-2 +500ms drift -1.5%",
            "skew node-2 -2s",
            "heal");
    for (String line : lines) {
      assertThat(FaultParser.parse(line).text()).isEqualTo(line);
    }
  }

  @Test
  void spacesAroundSeparatorsAndWordCaseDoNotMatter() {
    assertThat(FaultParser.parse("PARTITION node-1 , node-2|node-3").text())
        .isEqualTo("partition node-1,node-2 | node-3");
  }

  @Test
  void mistakesNameTheWordTheProblemAndTheExpectedForm() {
    assertThatThrownBy(() -> FaultParser.parse(""))
        .hasMessageStartingWith("no fault given; expected one of: partition, block, delay");
    assertThatThrownBy(() -> FaultParser.parse("explode node-1"))
        .hasMessageStartingWith("'explode' is not a fault; expected one of: partition,");
    assertThatThrownBy(() -> FaultParser.parse("delay node-2"))
        .hasMessage(
            "delay: missing an argument after 'node-2'; expected: delay <node|from->to|all>"
                + " <duration> [jitter <duration>]");
    assertThatThrownBy(() -> FaultParser.parse("delay node-2 10parsecs"))
        .hasMessageStartingWith(
            "delay: '10parsecs' is not a duration; write it like 100ms, 2s or 1.5s");
    assertThatThrownBy(() -> FaultParser.parse("loss node-2 5"))
        .hasMessageStartingWith("loss: '5' is not a percentage; write it like 5% or 0.5%");
    assertThatThrownBy(() -> FaultParser.parse("loss node-2 150%"))
        .hasMessageStartingWith("loss: 150% is outside 0% to 100%");
    assertThatThrownBy(() -> FaultParser.parse("crash"))
        .hasMessage("crash: missing arguments; expected: crash <node>");
    assertThatThrownBy(() -> FaultParser.parse("crash node-2 now"))
        .hasMessage("crash: unexpected 'now'; expected: crash <node>");
    assertThatThrownBy(() -> FaultParser.parse("crash node$2"))
        .hasMessageStartingWith("crash: 'node$2' is not a node name");
    assertThatThrownBy(() -> FaultParser.parse("block node-1"))
        .hasMessage(
            "block: expected one direction of one link, such as node-1->node-2; expected: block"
                + " <from>-><to> [reject] (or block <from> to <to>)");
    assertThatThrownBy(() -> FaultParser.parse("block node-1->node-1"))
        .hasMessageStartingWith("block: node-1->node-1 is a link from a node to itself");
    assertThatThrownBy(() -> FaultParser.parse("partition node-1,node-2"))
        .hasMessageStartingWith(
            "partition: expected two or more groups separated by '|' (or the word 'from'), or a named"
                + " shape");
    assertThatThrownBy(() -> FaultParser.parse("partition node-1 | node-1,node-2"))
        .hasMessageStartingWith("partition: node-1 is listed twice");
    assertThatThrownBy(() -> FaultParser.parse("partition node-1, | node-2"))
        .hasMessageStartingWith("partition: '' is not a node name");
    assertThatThrownBy(() -> FaultParser.parse("partition isolate"))
        .hasMessageStartingWith("partition: missing an argument after 'isolate'");
    assertThatThrownBy(() -> FaultParser.parse("skew node-2 +1s drift 80%"))
        .hasMessageStartingWith("skew: 80% is outside -50% to 50%");
    assertThatThrownBy(() -> FaultParser.parse("delay all 2d"))
        .hasMessageStartingWith("delay: '2d' is not a duration");
    assertThatThrownBy(() -> FaultParser.parse("delay all 100000m"))
        .hasMessageStartingWith("delay: '100000m' is longer than a day");
    assertThatThrownBy(() -> FaultParser.parse(null)).hasMessageStartingWith("no fault given");
  }

  @Test
  void theShellSafeWordsReadAsTheSymbolsTheyStandFor() {
    // `./workshop net` passes its words unquoted: 'from' for '|', 'to' for '->'.
    assertThat(FaultParser.parse("partition node-1,node-2 from node-3"))
        .isEqualTo(FaultParser.parse("partition node-1,node-2 | node-3"));
    assertThat(FaultParser.parse("partition a FROM b from c").text())
        .isEqualTo("partition a | b | c");
    assertThat(FaultParser.parse("block node-1 to node-2"))
        .isEqualTo(new Fault.Block("node-1", "node-2"));
    assertThat(FaultParser.parse("delay node-1 to node-2 100ms"))
        .isEqualTo(
            new Fault.Delay(
                new Target.Link("node-1", "node-2"), Duration.ofMillis(100), Duration.ZERO));
    assertThat(FaultParser.parse("loss node-1 TO node-2 5%").text())
        .isEqualTo("loss node-1->node-2 5%");
  }

  @Test
  void aPartitionOrBlockMayRefuseAtOnceInsteadOfDropping() {
    assertThat(FaultParser.parse("partition node-1 from node-2 reject"))
        .isEqualTo(
            new Fault.Partition(
                new Fault.Groups(List.of(List.of("node-1"), List.of("node-2"))), true));
    assertThat(FaultParser.parse("partition isolate node-2 reject"))
        .isEqualTo(new Fault.Partition(new Fault.Isolate("node-2"), true));
    assertThat(FaultParser.parse("block node-1 to node-2 reject"))
        .isEqualTo(new Fault.Block("node-1", "node-2", true));
    for (String line :
        List.of(
            "partition node-1 | node-2 reject",
            "partition halves reject",
            "block node-1->node-2 reject")) {
      assertThat(FaultParser.parse(line).text()).isEqualTo(line);
    }
  }

  @Test
  void aBlockCutShortByTheShellSaysWhatTheShellDid() {
    // Unquoted, `net block node-1->node-2` reaches us as "node-1-" (and node-2 became a file).
    assertThatThrownBy(() -> FaultParser.parse("block node-1-"))
        .hasMessageContaining("read '>' as a redirection")
        .hasMessageContaining("quote it, 'node-1->node-2', or write node-1 to node-2");
  }

  @Test
  void aNegativeDurationIsCalledNegative() {
    assertThatThrownBy(() -> FaultParser.parse("delay all -100ms"))
        .hasMessageStartingWith("delay: '-100ms' is negative; a duration here is 0ms or more");
    assertThatThrownBy(() -> FaultParser.parse("delay all 100ms jitter -5ms"))
        .hasMessageStartingWith("delay: '-5ms' is negative");
  }

  @Test
  void theVocabularysOwnWordsAreNotNodeNames() {
    assertThatThrownBy(() -> FaultParser.parse("crash from"))
        .hasMessageStartingWith("crash: 'from' is a word of the vocabulary");
    assertThatThrownBy(() -> FaultParser.parse("partition from node-1"))
        .hasMessageStartingWith("partition: '' is not a node name");
    assertThatThrownBy(() -> FaultParser.parse("block node-1 to"))
        .hasMessageStartingWith("block: missing an argument after 'to'");
  }

  @Test
  void hostileInputIsRefusedQuickly() {
    StringBuilder huge = new StringBuilder("partition n0");
    for (int i = 1; i < 50_000; i++) {
      huge.append(',').append('n').append(i);
    }
    assertThat(FaultParser.parse(huge + " | other")).isInstanceOf(Fault.Partition.class);
    assertThatThrownBy(() -> FaultParser.parse(huge + ",n7 | other"))
        .hasMessageStartingWith("partition: n7 is listed twice");
    assertThatThrownBy(() -> FaultParser.parse("crash x\u0000y"))
        .hasMessageContaining("is not a node name");
  }
}
