package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnTest {
  static final Block HEADER = Block.of("Header", List.of("state"));

  static Block events(int n) {
    List<List<String>> items = new java.util.ArrayList<>();
    for (int i = 1; i <= n; i++) {
      items.add(List.of("event " + i));
    }
    return Block.shrinks("events", "Events", items, 2, 1);
  }

  static final Block TABLE = Block.optional("table", "Table", List.of("t1", "t2"), 2);

  @Test
  void blocksThatFitAreStackedWithABlankLineBetween() {
    assertThat(Column.stack(List.of(HEADER, events(2), TABLE), new Size(40, 20), null))
        .containsExactly(
            "Header", "state", "", "Events", "event 1", "event 2", "", "Table", "t1", "t2");
  }

  @Test
  void theBlankLinesGoFirstAndThenNothingIsSaid() {
    // 10 lines with the blanks, 8 without: 8 rows show everything.
    assertThat(Column.stack(List.of(HEADER, events(2), TABLE), new Size(40, 8), null))
        .containsExactly("Header", "state", "Events", "event 1", "event 2", "Table", "t1", "t2");
  }

  @Test
  void thenTheLowestCutOrderGivesUpItemsDownToWhatItKeepsAndTheLastRowSaysSo() {
    // Without blanks: 2 + 1 + 5 + 3 = 11 lines in 9 rows: 8 for blocks, 1 for the notice.
    assertThat(Column.stack(List.of(HEADER, events(5), TABLE), new Size(60, 9), "or --all"))
        .containsExactly(
            "Header",
            "state",
            "Events",
            "event 1",
            "event 2",
            "Table",
            "t1",
            "t2",
            "… hidden: 3 events (14 rows show all, or --all)");
  }

  @Test
  void anOptionalBlockIsLeftOutWholeAndASingleItemIsNamedInTheSingular() {
    assertThat(Column.stack(List.of(HEADER, events(3), TABLE), new Size(60, 6), null))
        .containsExactly(
            "Header",
            "state",
            "Events",
            "event 1",
            "event 2",
            "… hidden: 1 event, table (12 rows show all)");
  }

  @Test
  void whatStillDoesNotFitIsCutAtTheBottomAndNamed() {
    Block big = Block.of("Big", List.of("b1", "b2", "b3", "b4"));
    assertThat(Column.stack(List.of(HEADER, big), new Size(60, 4), null))
        .containsExactly("Header", "state", "Big", "… hidden: Big (9 rows show all)");
  }

  @Test
  void aTallSizeNeverCuts() {
    List<String> all = Column.stack(List.of(HEADER, events(50), TABLE), Size.tall(40), null);
    assertThat(all).hasSize(2 + 1 + 51 + 1 + 3).noneMatch(l -> l.startsWith("…"));
  }

  @Test
  void longLinesAreCutVisiblyAtTheWidth() {
    assertThat(Column.stack(List.of(Block.of(List.of("0123456789"))), new Size(6, 3), null))
        .containsExactly("01234…");
  }
}
