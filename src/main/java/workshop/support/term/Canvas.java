package workshop.support.term;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-size grid of character cells that views draw text into: what is put there is exactly what
 * the terminal will show, because every cell is one screen column. Text may carry ANSI colours (SGR
 * sequences); each cell remembers its colour. A character two columns wide (✅, CJK) takes two
 * cells, so nothing after it shifts.
 *
 * <p>Nothing is ever drawn outside the grid: text longer than the room it is given is cut and ends
 * in {@code …}, so a cut is visible; rows past the bottom are refused ({@link #put} returns 0), and
 * {@link #fit} turns a frame that is too tall into one whose last row says what was left out.
 *
 * <p>Pure and not thread-safe: one view fills one canvas, then reads its {@link #lines()}.
 */
public final class Canvas {
  static final String ELLIPSIS = "…";
  static final String RESET = "\u001b[0m";

  /** One screen column: its character (null: the right half of a wide one) and colour. */
  private record Cell(String glyph, String style) {}

  private static final Cell BLANK = new Cell(" ", "");

  private final Size size;
  private final List<Cell[]> rows = new ArrayList<>();

  public Canvas(Size size) {
    this.size = size;
  }

  public Canvas(int columns, int rows) {
    this(new Size(columns, rows));
  }

  public Size size() {
    return size;
  }

  public int columns() {
    return size.columns();
  }

  /**
   * Writes {@code text} from {@code column} to the right edge; see {@link
   * #put(int,int,String,int)}.
   */
  public int put(int row, int column, String text) {
    return put(row, column, text, size.columns() - column);
  }

  /**
   * Writes styled text at {@code row}, from {@code column}, in at most {@code room} columns (and
   * never past the right edge). Text that needs more room is cut, and its last column shows {@code
   * …}. Newlines and other control characters are not drawn.
   *
   * @return the columns written; 0 when the row is outside the canvas
   */
  public int put(int row, int column, String text, int room) {
    room = Math.min(room, size.columns() - column);
    if (row < 0 || row >= size.rows() || column < 0 || room <= 0) {
      return 0;
    }
    boolean cut = TextWidth.of(text) > room;
    int limit = cut ? room - 1 : room;
    Cell[] cells = row(row);
    String style = "";
    int at = column;
    for (int i = 0; i < text.length(); ) {
      int end = TextWidth.escapeEnd(text, i);
      if (end > i) {
        style = restyle(style, text.substring(i, end));
        i = end;
        continue;
      }
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int w = TextWidth.of(cp);
      if (w == 0) {
        attachMark(cells, at, column, cp);
        continue;
      }
      if (at - column + w > limit) {
        break;
      }
      place(cells, at, new Cell(Character.toString(cp), style), w);
      at += w;
    }
    if (cut) {
      place(cells, at, new Cell(ELLIPSIS, style), 1);
      at++;
    }
    return at - column;
  }

  /**
   * The canvas as text, one string per row from the top to the last row with something drawn:
   * colours as SGR sequences (reset at each row's end), trailing blanks dropped.
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Cell[] cells : rows) {
      out.add(render(cells));
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /**
   * Lines drawn on a canvas of {@code size}: each cut to the width; when there are more lines than
   * rows, the last row says how many were left out and how tall a terminal shows them all.
   */
  public static List<String> fit(List<String> lines, Size size) {
    Canvas c = new Canvas(size);
    boolean tooTall = lines.size() > size.rows();
    int shown = tooTall ? size.rows() - 1 : lines.size();
    for (int i = 0; i < shown; i++) {
      c.put(i, 0, lines.get(i));
    }
    if (tooTall) {
      c.put(
          shown,
          0,
          "… "
              + (lines.size() - shown)
              + " more lines below: a terminal "
              + (lines.size() + 1)
              + " rows tall shows them");
    }
    return c.lines();
  }

  /** The lines as a screen shows them: without colours, trailing blanks dropped. */
  public static List<String> plain(List<String> lines) {
    return lines.stream().map(l -> TextWidth.plain(l).stripTrailing()).toList();
  }

  private Cell[] row(int row) {
    while (rows.size() <= row) {
      Cell[] blank = new Cell[size.columns()];
      Arrays.fill(blank, BLANK);
      rows.add(blank);
    }
    return rows.get(row);
  }

  /** Puts a character {@code width} cells wide at {@code at}, breaking what it overlaps. */
  private static void place(Cell[] cells, int at, Cell cell, int width) {
    free(cells, at);
    if (width == 2) {
      free(cells, at + 1);
      cells[at + 1] = new Cell(null, cell.style());
    }
    cells[at] = cell;
  }

  /** Blanks a cell; when it is half of a wide character, its other half goes too. */
  private static void free(Cell[] cells, int at) {
    if (cells[at].glyph() == null) {
      cells[at - 1] = BLANK;
    } else if (at + 1 < cells.length && cells[at + 1].glyph() == null) {
      cells[at + 1] = BLANK;
    }
    cells[at] = BLANK;
  }

  /** A combining mark joins the character before it; with none before, it is dropped. */
  private static void attachMark(Cell[] cells, int at, int start, int cp) {
    int prev = at - 1;
    while (prev >= start && cells[prev].glyph() == null) {
      prev--;
    }
    if (prev >= start && cp >= 0x20 && Character.getType(cp) != Character.FORMAT) {
      cells[prev] = new Cell(cells[prev].glyph() + Character.toString(cp), cells[prev].style());
    }
  }

  /** The style after an SGR sequence: a reset clears it, anything else adds to it. */
  private static String restyle(String style, String sequence) {
    if (!sequence.endsWith("m")) {
      return style; // not a colour: cursor moves and the like are never drawn
    }
    return sequence.equals(RESET) || sequence.equals("\u001b[m") ? "" : style + sequence;
  }

  private static String render(Cell[] cells) {
    int end = cells.length;
    while (end > 0 && cells[end - 1].equals(BLANK)) {
      end--;
    }
    StringBuilder b = new StringBuilder();
    String style = "";
    for (int i = 0; i < end; i++) {
      Cell c = cells[i];
      if (c.glyph() == null) {
        continue;
      }
      if (!c.style().equals(style)) {
        if (!style.isEmpty()) {
          b.append(RESET);
        }
        b.append(c.style());
        style = c.style();
      }
      b.append(c.glyph());
    }
    if (!style.isEmpty()) {
      b.append(RESET);
    }
    return b.toString();
  }
}
