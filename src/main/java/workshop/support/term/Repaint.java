package workshop.support.term;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes that turn what a terminal shows into the next frame, and nothing else: rows that
 * changed are rewritten whole from their first column (each one positioned absolutely, so no error
 * can carry from one row to the next), their old tail erased; rows the new frame no longer has are
 * cleared; a new terminal size clears the screen and draws every row. The cursor stays hidden and
 * waits at the start of the row below the frame.
 *
 * <p>It speaks the VT100 sequences every terminal in use understands (xterm, tmux, screen, the
 * macOS and Windows terminals): cursor position (CUP), erase line (EL), erase display (ED), and
 * show/hide cursor (DECTCEM). It never relies on the terminal's idea of a character's width beyond
 * the row being written, which is how the library's own in-place diff went wrong.
 *
 * <p>Lines must fit the terminal's width (a {@link Canvas} guarantees it). Not thread-safe.
 */
final class Repaint {
  static final String HIDE_CURSOR = "\u001b[?25l";
  static final String SHOW_CURSOR = "\u001b[?25h";
  static final String CLEAR = "\u001b[H\u001b[2J";
  static final String ERASE_LINE_END = "\u001b[K";
  static final String ERASE_BELOW = "\u001b[J";

  private List<String> shown = List.of();
  private int columns = -1;
  private int rows = -1;

  /** What to write to show {@code lines} on a terminal of {@code columns} x {@code rows}. */
  String next(List<String> lines, int columns, int rows) {
    StringBuilder b = new StringBuilder();
    boolean resized = columns != this.columns || rows != this.rows;
    if (resized) {
      b.append(HIDE_CURSOR).append(CLEAR);
      shown = List.of();
      this.columns = columns;
      this.rows = rows;
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i < shown.size() && shown.get(i).equals(line)) {
        continue;
      }
      b.append(moveTo(i));
      b.append(line);
      if (TextWidth.of(line) < columns) {
        // A row written to the last column must not be followed by EL: some terminals would
        // erase that last character.
        b.append(ERASE_LINE_END);
      }
    }
    if (lines.size() < shown.size()) {
      b.append(moveTo(lines.size())).append(ERASE_BELOW);
    }
    b.append(moveTo(Math.min(lines.size(), rows - 1)));
    shown = new ArrayList<>(lines);
    return b.toString();
  }

  /** What to write when the view ends: the frame stays, the cursor comes back below it. */
  String end() {
    if (columns < 0) {
      return SHOW_CURSOR; // nothing drawn: leave the screen as it was
    }
    return moveTo(shown.size()) + ERASE_BELOW + SHOW_CURSOR;
  }

  /** The lines on screen now, as last drawn. */
  List<String> shown() {
    return List.copyOf(shown);
  }

  private static String moveTo(int row) {
    return "\u001b[" + (row + 1) + ";1H";
  }
}
