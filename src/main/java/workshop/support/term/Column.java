package workshop.support.term;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Stacks {@link Block}s top to bottom on a canvas of a given size, a blank line between them. When
 * they do not fit, it gives room up in this order, and stops as soon as they fit:
 *
 * <ol>
 *   <li>the blank lines between blocks;
 *   <li>block by block, lowest {@code cutOrder} first: a shrinking block loses items down to its
 *       {@code keep}, an optional block is left out whole;
 *   <li>whatever still runs past the bottom.
 * </ol>
 *
 * Whenever anything is left out, the last row says what and how to see it ("… hidden: hash ring, 5
 * events (50 rows show all, or --once)"), so a frame is never cut silently. Lines wider than the
 * canvas are cut with {@code …}. Pure.
 */
public final class Column {
  private Column() {}

  /**
   * @param seeAll another way to see everything, said after the row count ("or ... --once"), or
   *     null
   * @return the canvas lines (as {@link Canvas#lines()})
   */
  public static List<String> stack(List<Block> blocks, Size size, String seeAll) {
    int[] shown = blocks.stream().mapToInt(b -> b.items().size()).toArray();
    boolean[] dropped = new boolean[blocks.size()];
    List<String> full = lines(blocks, shown, dropped, true);
    if (full.size() <= size.rows()) {
      return draw(full, size, null);
    }
    List<String> tight = lines(blocks, shown, dropped, false);
    if (tight.size() <= size.rows()) {
      return draw(tight, size, null);
    }
    int budget = size.rows() - 1;
    List<Integer> order =
        IntStream.range(0, blocks.size())
            .boxed()
            .filter(i -> blocks.get(i).cutOrder() != Block.NEVER)
            .sorted(Comparator.comparingInt(i -> blocks.get(i).cutOrder()))
            .toList();
    for (int i : order) {
      int excess = lines(blocks, shown, dropped, false).size() - budget;
      if (excess <= 0) {
        break;
      }
      Block b = blocks.get(i);
      if (b.keep() == 0) {
        dropped[i] = true;
        continue;
      }
      while (shown[i] > b.keep() && excess > 0) {
        excess -= b.height(shown[i]) - b.height(shown[i] - 1);
        shown[i]--;
      }
    }
    List<String> lines = lines(blocks, shown, dropped, false);
    List<String> leftOut = leftOut(blocks, shown, dropped);
    if (lines.size() > budget) {
      leftOut.addAll(cutAtBottom(blocks, shown, dropped, budget));
      lines = lines.subList(0, budget);
    }
    // A terminal one row taller than the frame: its last row is the cursor's (see Size).
    String notice =
        "… hidden: "
            + String.join(", ", leftOut)
            + " ("
            + (full.size() + 1)
            + " rows show all"
            + (seeAll == null ? "" : ", " + seeAll)
            + ")";
    return draw(lines, size, notice);
  }

  private static List<String> lines(
      List<Block> blocks, int[] shown, boolean[] dropped, boolean gaps) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      if (dropped[i]) {
        continue;
      }
      if (gaps && !out.isEmpty()) {
        out.add("");
      }
      out.addAll(blocks.get(i).lines(shown[i]));
    }
    return out;
  }

  /** "hash ring" for a block left out, "5 events" for one shown in part. */
  private static List<String> leftOut(List<Block> blocks, int[] shown, boolean[] dropped) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      if (dropped[i]) {
        out.add(b.name());
      } else if (shown[i] < b.items().size()) {
        int n = b.items().size() - shown[i];
        String name = b.name();
        out.add(
            n + " " + (n == 1 && name.endsWith("s") ? name.substring(0, name.length() - 1) : name));
      }
    }
    return out;
  }

  /** The names of the blocks that run past row {@code budget}. */
  private static List<String> cutAtBottom(
      List<Block> blocks, int[] shown, boolean[] dropped, int budget) {
    List<String> out = new ArrayList<>();
    int row = 0;
    for (int i = 0; i < blocks.size(); i++) {
      if (dropped[i]) {
        continue;
      }
      int h = blocks.get(i).height(shown[i]);
      if (row + h > budget) {
        String name = blocks.get(i).name();
        out.add(name);
      }
      row += h;
    }
    return out;
  }

  private static List<String> draw(List<String> lines, Size size, String notice) {
    Canvas c = new Canvas(size);
    for (int i = 0; i < lines.size(); i++) {
      c.put(i, 0, lines.get(i));
    }
    if (notice != null) {
      c.put(lines.size(), 0, notice);
    }
    return c.lines();
  }
}
