package workshop.support.term;

import java.util.ArrayList;
import java.util.List;

/**
 * One panel of a view stacked by {@link Column}: an optional title line and items of one or more
 * lines each (a wrapped event is one item of two lines), and what the panel may give up when the
 * terminal is too short. Immutable.
 *
 * <ul>
 *   <li>{@link #of}: never cut (a header, a state the view is about);
 *   <li>{@link #shrinks}: loses items, oldest first, down to {@code keep} (events, calls);
 *   <li>{@link #optional}: shown whole or left out whole (a table that means nothing in part).
 * </ul>
 *
 * Blocks with a lower {@code cutOrder} give up room first.
 *
 * @param name what the notice calls it when left out: "hash ring", or for a shrinking block a
 *     plural ending in s, counted in front: "events" reads "5 events", "1 event"
 * @param keepLast newest last (a call log): shrinking keeps the last items, not the first
 */
public record Block(
    String name, String title, List<List<String>> items, int keep, int cutOrder, boolean keepLast) {
  /** Blocks that are never cut carry this order. */
  public static final int NEVER = Integer.MAX_VALUE;

  public Block {
    items = items.stream().map(List::copyOf).toList();
    if (keep < 0 || keep > items.size()) {
      keep = Math.max(0, Math.min(keep, items.size()));
    }
  }

  /** A block shown whole, one item per line. */
  public static Block of(String title, List<String> lines) {
    return new Block(title == null ? "" : title, title, single(lines), 0, NEVER, false);
  }

  /** A block of lines without a title, shown whole. */
  public static Block of(List<String> lines) {
    return of(null, lines);
  }

  /** A block that gives up its items down to {@code keep} when room is short. */
  public static Block shrinks(
      String name, String title, List<List<String>> items, int keep, int cutOrder) {
    return new Block(name, title, items, keep, cutOrder, false);
  }

  /** A block left out whole when room is short. */
  public static Block optional(String name, String title, List<String> lines, int cutOrder) {
    return new Block(name, title, single(lines), 0, cutOrder, false);
  }

  /** The same block, shrinking from its start: its newest items are its last. */
  public Block newestLast() {
    return new Block(name, title, items, keep, cutOrder, true);
  }

  /** Lines when {@code shown} items are kept. */
  int height(int shown) {
    int h = title == null ? 0 : 1;
    for (List<String> item : kept(shown)) {
      h += item.size();
    }
    return h;
  }

  /** The title and the lines of {@code shown} items. */
  List<String> lines(int shown) {
    List<String> out = new ArrayList<>();
    if (title != null) {
      out.add(title);
    }
    kept(shown).forEach(out::addAll);
    return out;
  }

  private List<List<String>> kept(int shown) {
    int n = Math.min(shown, items.size());
    return keepLast ? items.subList(items.size() - n, items.size()) : items.subList(0, n);
  }

  private static List<List<String>> single(List<String> lines) {
    return lines.stream().map(List::of).toList();
  }
}
