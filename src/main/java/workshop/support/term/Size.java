package workshop.support.term;

/**
 * The columns and rows a frame may use. A live view's size is its terminal's, less the bottom row
 * where the cursor waits (so a Ctrl+C echoed there never lands on the frame); plain output and
 * printed reports have {@link #TALL} rows.
 */
public record Size(int columns, int rows) {
  /** Rows for output that scrolls instead of being redrawn: as many as the text needs. */
  public static final int TALL = Integer.MAX_VALUE;

  public Size {
    if (columns < 1 || rows < 1) {
      throw new IllegalArgumentException(
          "a frame needs at least 1 column and 1 row, got " + columns + "x" + rows);
    }
  }

  /** As wide as {@code columns}, as tall as the text needs. */
  public static Size tall(int columns) {
    return new Size(columns, TALL);
  }

  public boolean tall() {
    return rows == TALL;
  }

  @Override
  public String toString() {
    return columns + "x" + (tall() ? "any" : Integer.toString(rows));
  }
}
