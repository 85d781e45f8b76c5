package workshop.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one inline command line into words as Redis does ({@code sdssplitargs}): words are
 * separated by blanks; in double quotes {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \a},
 * {@code \\}, {@code \"} and {@code \xHH} are escapes; in single quotes only {@code \'} is. A
 * closing quote must end the word.
 */
final class InlineWords {
  private InlineWords() {}

  /** The words of {@code line[from, to)}, or null when a quote is not closed properly. */
  static List<byte[]> split(byte[] line, int from, int to) {
    List<byte[]> words = new ArrayList<>();
    int i = from;
    while (true) {
      while (i < to && isBlank(line[i])) {
        i++;
      }
      if (i >= to) {
        return words;
      }
      byte[] word = new byte[to - i];
      int n = 0;
      byte quote = 0;
      boolean done = false;
      while (!done) {
        if (i >= to) {
          if (quote != 0) {
            return null;
          }
          done = true;
        } else if (quote == '"') {
          if (line[i] == '\\'
              && i + 3 < to
              && line[i + 1] == 'x'
              && isHex(line[i + 2])
              && isHex(line[i + 3])) {
            word[n++] = (byte) (hex(line[i + 2]) * 16 + hex(line[i + 3]));
            i += 3;
          } else if (line[i] == '\\' && i + 1 < to) {
            i++;
            word[n++] = unescape(line[i]);
          } else if (line[i] == '"') {
            if (i + 1 < to && !isBlank(line[i + 1])) {
              return null;
            }
            done = true;
          } else {
            word[n++] = line[i];
          }
          i++;
        } else if (quote == '\'') {
          if (line[i] == '\\' && i + 1 < to && line[i + 1] == '\'') {
            i++;
            word[n++] = '\'';
          } else if (line[i] == '\'') {
            if (i + 1 < to && !isBlank(line[i + 1])) {
              return null;
            }
            done = true;
          } else {
            word[n++] = line[i];
          }
          i++;
        } else if (isBlank(line[i])) {
          done = true;
        } else if (line[i] == '"' || line[i] == '\'') {
          quote = line[i];
          i++;
        } else {
          word[n++] = line[i++];
        }
      }
      words.add(Arrays.copyOf(word, n));
    }
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0;
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }

  private static byte unescape(byte b) {
    return switch (b) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> b;
    };
  }
}
