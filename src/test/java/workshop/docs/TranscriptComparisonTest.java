package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a doc block is compared with what the program printed (the rules in {@link Transcript}). */
class TranscriptComparisonTest {
  private static Marker marker(String comment) {
    return Marker.parse(comment).orElseThrow();
  }

  private static boolean same(String marker, List<String> doc, List<String> program) {
    return Transcript.mismatch(doc, program, marker(marker)).isEmpty();
  }

  @Test
  void anExactBlockMatchesLineForLineAndAnEllipsisStandsForAnyRunOfLines() {
    String exact = "<!-- transcript: ./workshop sim gossip -->";
    assertThat(same(exact, List.of("a", "b"), List.of("a", "b"))).isTrue();
    assertThat(same(exact, List.of("a", "b"), List.of("a", "b", "c"))).isFalse();
    assertThat(same(exact, List.of("a", "...", "d"), List.of("a", "b", "c", "d"))).isTrue();
    assertThat(same(exact, List.of("a", "...", "b"), List.of("a", "b"))).isTrue();
    // Trailing spaces never count; numbers do, unless masked.
    assertThat(same(exact, List.of("x 1  "), List.of("x 1"))).isTrue();
    assertThat(same(exact, List.of("took 1.2 s"), List.of("took 3.4 s"))).isFalse();
  }

  @Test
  void maskedNumbersTimesPortsAndColumnsCompareEqual() {
    String masked = "<!-- transcript (masked): ./workshop verify 07 -->";
    assertThat(
            same(
                masked,
                List.of("node 1 on http://127.0.0.1:41289 at 21:03:58, 1,934 sent, seed -25"),
                List.of("node 3 on http://127.0.0.1:5003 at 09:00:01, 12 sent, seed 7")))
        .isTrue();
    assertThat(
            same(masked, List.of("node-1      48   ████"), List.of("node-1   5245   ██████████")))
        .isTrue();
    // Words still count: masking is for numbers only.
    assertThat(same(masked, List.of("2 alive"), List.of("2 dead"))).isFalse();
  }

  @Test
  void varyReplacesWhatItMatchesOnBothSidesSoItsAlternativesStillNameTheWords() {
    String vary =
        "<!-- transcript (masked, vary /it answered the first heartbeat|it answers again after"
            + " [0-9]+ failed heartbeats?/): ./workshop up -->";
    assertThat(
            same(
                vary,
                List.of("registered: it answered the first heartbeat; 2 alive"),
                List.of("registered: it answers again after 1 failed heartbeat; 3 alive")))
        .isTrue();
    // A third wording is drift, and is caught.
    assertThat(
            same(
                vary,
                List.of("registered: it answered the first heartbeat; 2 alive"),
                List.of("registered: welcome back; 3 alive")))
        .isFalse();
  }

  @Test
  void dropDeletesWhatOnlyOneSideHas() {
    String drop =
        "<!-- transcript (masked, drop / --registry http:\\x2F\\x2Flocalhost:[0-9]+/):"
            + " ./workshop dashboard --once -->";
    assertThat(
            same(
                drop,
                List.of("  load test  ./workshop load-test"),
                List.of("  load test  ./workshop load-test --registry http://localhost:41234")))
        .isTrue();
    assertThat(same(drop, List.of("  load test  ./workshop load-test"), List.of("  load test")))
        .isFalse();
  }

  @Test
  void aTrimmedBlockIsASelectionOfTheProgramsLinesInTheirOrder() {
    String trimmed = "<!-- transcript (trimmed): curl -i -->";
    assertThat(
            same(
                trimmed,
                List.of("HTTP/1.1 200 OK", "X-Backend: a"),
                List.of("HTTP/1.1 200 OK", "Date: x", "X-Backend: a")))
        .isTrue();
    assertThat(
            same(
                trimmed,
                List.of("X-Backend: a", "HTTP/1.1 200 OK"),
                List.of("HTTP/1.1 200 OK", "X-Backend: a")))
        .isFalse();
  }

  @Test
  void perProcessComparesEachProcessesLinesNotHowProcessesInterleave() {
    String perProcess = "<!-- transcript (masked, per process): ./workshop up -->";
    List<String> doc = List.of("Starting 2", "node-1 | up", "node-2 | up", "node-1 | ready", "Try");
    List<String> program =
        List.of(
            "Starting 2", "node-2 | up", "node-1 | up", "node-1 | ready", "node-2 | ready", "Try");
    assertThat(same(perProcess, doc, program)).isTrue();
    // A process's own order still counts.
    assertThat(same(perProcess, List.of("node-1 | ready", "node-1 | up"), program)).isFalse();
  }

  @Test
  void perProcessLetsAnyOfSeveralAlikeProcessesPlayARoleButEachOnlyOne() {
    String perProcess = "<!-- transcript (masked, per process): up's terminal -->";
    // The doc says gossip-4 suspected node 3; in this run gossip-2 did: alike, so it matches.
    List<String> program =
        List.of("gossip-2 | [Node 2] suspect 7003", "gossip-4 | [Node 4] learns 1:1");
    assertThat(
            same(
                perProcess,
                List.of("gossip-4 | [Node 4] suspect 7003", "gossip-2 | [Node 2] learns 1:1"),
                program))
        .isTrue();
    // Two suspects in the doc need two processes that suspected; one did.
    assertThat(
            same(
                perProcess,
                List.of("gossip-4 | [Node 4] suspect 7003", "gossip-1 | [Node 1] suspect 7003"),
                program))
        .isFalse();
  }

  @Test
  void theDiffMarksDocLinesWithAMinusAndProgramLinesWithAPlus() {
    Marker exact = marker("<!-- transcript: x -->");
    assertThat(Transcript.mismatch(List.of("a", "b"), List.of("a", "c"), exact))
        .hasValue("  a\n- b\n+ c\n");
  }

  @Test
  void aMarkerSaysHowItIsCompared() {
    Marker m =
        marker("<!-- transcript (masked, trimmed, per process, vary /x+/): the up's terminal -->");
    assertThat(m.kind()).isEqualTo(Marker.Kind.TRANSCRIPT);
    assertThat(m.subject()).isEqualTo("the up's terminal");
    assertThat(m.mode()).isEqualTo("masked, trimmed, per process, vary /x+/");
    assertThat(marker("<!-- illustration: a screen of a real terminal -->").kind())
        .isEqualTo(Marker.Kind.ILLUSTRATION);
    assertThat(Marker.parse("<!-- a plain comment -->")).isEmpty();
  }

  @Test
  void aMalformedMarkerIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> Marker.parse("<!-- transcript (exactly): x -->"))
        .hasMessageContaining("unknown marker option 'exactly'");
    assertThatThrownBy(() -> Marker.parse("<!-- transcript ./workshop up -->"))
        .hasMessageContaining("needs ': ' before its subject");
    assertThatThrownBy(() -> Marker.parse("<!-- excerpt (masked): file.txt -->"))
        .hasMessageContaining("only a transcript takes options");
  }
}
