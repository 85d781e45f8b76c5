package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepaintTest {
  static final String ESC = "\u001b[";

  @Test
  void theFirstFrameClearsTheScreenHidesTheCursorAndDrawsEveryRow() {
    Repaint r = new Repaint();
    assertThat(r.next(List.of("a", "b"), 10, 5))
        .isEqualTo(
            ESC + "?25l" + ESC + "H" + ESC + "2J" + ESC + "1;1Ha" + ESC + "K" + ESC + "2;1Hb" + ESC
                + "K" + ESC + "3;1H");
  }

  @Test
  void onlyChangedRowsAreRewrittenWholeAndTheirOldTailErased() {
    Repaint r = new Repaint();
    r.next(List.of("total 18,938", "same"), 20, 5);
    // The shorter row is rewritten from column 1 and erased to its end: no "total 018,938".
    assertThat(r.next(List.of("total 9,012", "same"), 20, 5))
        .isEqualTo(ESC + "1;1Htotal 9,012" + ESC + "K" + ESC + "3;1H");
  }

  @Test
  void rowsTheNewFrameNoLongerHasAreCleared() {
    Repaint r = new Repaint();
    r.next(List.of("a", "b", "c"), 10, 5);
    assertThat(r.next(List.of("a"), 10, 5)).isEqualTo(ESC + "2;1H" + ESC + "J" + ESC + "2;1H");
  }

  @Test
  void aRowAsWideAsTheTerminalIsNotFollowedByAnEraseThatCouldEatItsLastCharacter() {
    Repaint r = new Repaint();
    assertThat(r.next(List.of("0123456789"), 10, 5)).doesNotContain("0123456789" + ESC + "K");
  }

  @Test
  void aNewSizeClearsAndRedrawsEverything() {
    Repaint r = new Repaint();
    r.next(List.of("a", "b"), 10, 5);
    assertThat(r.next(List.of("a", "b"), 12, 5))
        .startsWith(ESC + "?25l" + ESC + "H" + ESC + "2J")
        .contains(ESC + "1;1Ha", ESC + "2;1Hb");
  }

  @Test
  void theEndLeavesTheFrameAndShowsTheCursorBelowIt() {
    Repaint r = new Repaint();
    assertThat(r.end()).as("nothing drawn: the screen is left alone").isEqualTo(ESC + "?25h");
    r.next(List.of("a", "b"), 10, 5);
    assertThat(r.end()).isEqualTo(ESC + "3;1H" + ESC + "J" + ESC + "?25h");
  }
}
