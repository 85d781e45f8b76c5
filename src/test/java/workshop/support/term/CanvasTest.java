package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasTest {
  @Test
  void textTooLongForItsRoomEndsInAnEllipsisInTheLastColumn() {
    Canvas c = new Canvas(10, 3);
    assertThat(c.put(0, 0, "0123456789abc")).isEqualTo(10);
    c.put(1, 0, "0123456789");
    assertThat(c.lines()).containsExactly("012345678…", "0123456789");
  }

  @Test
  void aWideCharacterThatWouldStraddleTheEdgeIsNotHalfDrawn() {
    Canvas c = new Canvas(5, 1);
    c.put(0, 0, "abc✅✅");
    // "abc" then ✅ needs columns 3-4 and fits only without the ellipsis: cut before it.
    assertThat(c.lines()).containsExactly("abc…");
  }

  @Test
  void textAfterAWideCharacterLandsInTheRightColumn() {
    Canvas c = new Canvas(20, 2);
    c.put(0, 0, "ok ✅ | next");
    c.put(1, 5, "x");
    assertThat(c.lines()).containsExactly("ok ✅ | next", "     x");
    assertThat(TextWidth.of(c.lines().get(0))).isEqualTo(12);
  }

  @Test
  void overwritingHalfAWideCharacterBlanksItsOtherHalf() {
    Canvas c = new Canvas(6, 2);
    c.put(0, 0, "✅✅✅");
    c.put(0, 1, "x");
    c.put(1, 0, "✅✅✅");
    c.put(1, 2, "ab");
    assertThat(c.lines()).containsExactly(" x✅✅", "✅ab✅");
  }

  @Test
  void coloursAreKeptAndResetAtTheEndOfEachRow() {
    Canvas c = new Canvas(20, 1);
    c.put(0, 0, "a \u001b[31mDEAD\u001b[0m b \u001b[32mUP");
    assertThat(c.lines()).containsExactly("a \u001b[31mDEAD\u001b[0m b \u001b[32mUP\u001b[0m");
    assertThat(Canvas.plain(c.lines())).containsExactly("a DEAD b UP");
  }

  @Test
  void nothingIsDrawnOutsideTheCanvas() {
    Canvas c = new Canvas(4, 1);
    assertThat(c.put(1, 0, "below")).isZero();
    assertThat(c.put(0, 4, "right")).isZero();
    assertThat(c.put(0, 2, "xyz")).isEqualTo(2);
    assertThat(c.lines()).containsExactly("  x…");
  }

  @Test
  void aFrameTooTallSaysOnItsLastRowHowManyLinesAreBelow() {
    List<String> lines = List.of("1", "2", "3", "4", "5", "6");
    assertThat(Canvas.fit(lines, new Size(80, 4)))
        .containsExactly("1", "2", "3", "… 3 more lines below: a terminal 7 rows tall shows them");
    assertThat(Canvas.fit(lines, new Size(80, 6))).isEqualTo(lines);
  }
}
