package workshop.support.term;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaking text into lines that fit a width: prose at spaces, shell commands between their
 * arguments with a {@code \} at each line's end (so the lines still paste into a shell), and two
 * parts side by side when they fit, one under the other when not. Widths are screen columns ({@link
 * TextWidth}). A word longer than a line stays whole; the canvas cuts it visibly.
 */
public final class Wrap {
  private Wrap() {}

  /**
   * Prose on lines of at most {@code width} columns; lines after the first start with {@code
   * indent}.
   */
  public static List<String> words(String text, int width, String indent) {
    List<String> lines = new ArrayList<>();
    String line = null;
    for (String word : text.split(" ", -1)) {
      if (line == null) {
        line = word;
      } else if (TextWidth.of(line) + 1 + TextWidth.of(word) <= width) {
        line = line + " " + word;
      } else {
        lines.add(line);
        line = indent + word;
      }
    }
    lines.add(line);
    return lines;
  }

  /**
   * A command after {@code prefix}, its {@code parts} (each kept whole: {@code -H "A: b"} is one
   * part) on as few lines as fit in {@code width}; a line that continues ends in {@code " \"} and
   * the next starts with {@code indent}.
   */
  public static List<String> command(String prefix, List<String> parts, int width, String indent) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(prefix);
    boolean first = true;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      int continuation = i == parts.size() - 1 ? 0 : 2;
      if (!first && TextWidth.of(line) + 1 + TextWidth.of(part) + continuation > width) {
        lines.add(line.append(" \\").toString());
        line = new StringBuilder(indent);
        first = true;
      }
      if (!first) {
        line.append(' ');
      }
      line.append(part);
      first = false;
    }
    lines.add(line.toString());
    return lines;
  }

  /** {@code left + gap + right} on one line when it fits in {@code width}, else two lines. */
  public static List<String> sideBySide(String left, String gap, String right, int width) {
    if (TextWidth.of(left) + TextWidth.of(gap) + TextWidth.of(right) <= width) {
      return List.of(left + gap + right);
    }
    return List.of(left, right);
  }
}
