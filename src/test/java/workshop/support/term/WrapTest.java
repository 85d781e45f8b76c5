package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrapTest {
  @Test
  void proseBreaksAtSpacesAndLaterLinesAreIndented() {
    assertThat(Wrap.words("one two three four five", 10, "  "))
        .containsExactly("one two", "  three", "  four", "  five");
    assertThat(Wrap.words("short", 10, "  ")).containsExactly("short");
  }

  @Test
  void aWordLongerThanTheLineStaysWhole() {
    assertThat(Wrap.words("a http://a-very-long-address/ b", 10, ""))
        .containsExactly("a", "http://a-very-long-address/", "b");
  }

  @Test
  void aCommandBreaksBetweenItsPartsWithABackslashSoItStillPastes() {
    List<String> parts =
        List.of(
            "curl -X POST http://localhost:5000/data",
            "-H \"Content-Type: application/json\"",
            "-d '{\"key\":\"k\"}'");
    assertThat(Wrap.command("  write  ", parts, 110, "         "))
        .containsExactly(
            "  write  curl -X POST http://localhost:5000/data -H \"Content-Type: application/json\""
                + " -d '{\"key\":\"k\"}'");
    assertThat(Wrap.command("  write  ", parts, 60, "         "))
        .containsExactly(
            "  write  curl -X POST http://localhost:5000/data \\",
            "         -H \"Content-Type: application/json\" \\",
            "         -d '{\"key\":\"k\"}'");
  }

  @Test
  void twoPartsStandSideBySideOnlyWhenTheyFit() {
    assertThat(Wrap.sideBySide("left", "  ", "right", 11)).containsExactly("left  right");
    assertThat(Wrap.sideBySide("left", "  ", "right", 10)).containsExactly("left", "right");
  }
}
