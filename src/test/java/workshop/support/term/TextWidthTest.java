package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextWidthTest {
  @Test
  void checkAndCrossMarksTakeTwoColumnsAsTerminalsDrawThem() {
    // JLine 3.30 says 1 for both; tmux, xterm and the macOS and Windows terminals draw 2.
    assertThat(TextWidth.of("✅")).isEqualTo(2);
    assertThat(TextWidth.of("❌")).isEqualTo(2);
    // "Checkpoint " 11, ✅ 2, " | " 3, ❌ 2.
    assertThat(TextWidth.of("Checkpoint ✅ | ❌")).isEqualTo(18);
  }

  @Test
  void blocksBoxesDotsAndTheEllipsisTakeOneColumn() {
    assertThat(TextWidth.of("█▓░│─●◐○◌·…✓✗→")).isEqualTo(14);
  }

  @Test
  void wideScriptsAndPictureEmojiTakeTwoAndCombiningMarksNone() {
    assertThat(TextWidth.of("日本")).isEqualTo(4);
    assertThat(TextWidth.of("🧪📊")).isEqualTo(4);
    assertThat(TextWidth.of("e\u0301")).as("e + combining acute").isEqualTo(1);
  }

  @Test
  void coloursTakeNoColumnAndPlainTextDropsThem() {
    String red = "\u001b[31mDEAD\u001b[0m";
    assertThat(TextWidth.of(red)).isEqualTo(4);
    assertThat(TextWidth.plain(red)).isEqualTo("DEAD");
    assertThat(TextWidth.plain("a\u001b[1;32mb\u001b[mc")).isEqualTo("abc");
  }

  @Test
  void controlCharactersTakeNoColumnAndAnUnfinishedEscapeIsDropped() {
    assertThat(TextWidth.of("a\tb\u0007")).isEqualTo(2);
    assertThat(TextWidth.plain("ab\u001b[31")).isEqualTo("ab");
  }
}
