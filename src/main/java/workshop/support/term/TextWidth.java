package workshop.support.term;

/**
 * How many terminal columns text takes, the way terminals (xterm, tmux, screen, the macOS and
 * Windows terminals) draw it: most characters one column, East Asian wide characters and emoji
 * drawn as pictures two, combining marks and control characters none. ANSI escape sequences (the
 * colours views use) take no column.
 *
 * <p>Why our own table: JLine 3.30 counts ✅ and ❌ as one column while terminals draw them as two,
 * so a screen model built on it is one column off after every such character. This table covers the
 * characters views draw (letters, digits, box and block characters, the check and cross marks,
 * arrows, CJK text); characters whose width terminals disagree on (East Asian "ambiguous" ones such
 * as ● and …) count as one, as every Western locale draws them.
 */
public final class TextWidth {
  private TextWidth() {}

  /** Inclusive ranges drawn two columns wide: East Asian Wide/Fullwidth and Emoji_Presentation. */
  private static final int[][] WIDE = {
    {0x1100, 0x115F},
    {0x231A, 0x231B},
    {0x2329, 0x232A},
    {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},
    {0x25FD, 0x25FE},
    {0x2614, 0x2615},
    {0x2648, 0x2653},
    {0x267F, 0x267F},
    {0x2693, 0x2693},
    {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},
    {0x26BD, 0x26BE},
    {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},
    {0x26EA, 0x26EA},
    {0x26F2, 0x26F3},
    {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},
    {0x26FD, 0x26FD},
    {0x2705, 0x2705},
    {0x270A, 0x270B},
    {0x2728, 0x2728},
    {0x274C, 0x274C},
    {0x274E, 0x274E},
    {0x2753, 0x2755},
    {0x2757, 0x2757},
    {0x2795, 0x2797},
    {0x27B0, 0x27B0},
    {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},
    {0x2B55, 0x2B55},
    {0x2E80, 0x303E},
    {0x3041, 0x33FF},
    {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},
    {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},
    {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6},
    {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A},
    {0x1F200, 0x1F251},
    {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335},
    {0x1F337, 0x1F37C},
    {0x1F37E, 0x1F393},
    {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3},
    {0x1F3E0, 0x1F3F0},
    {0x1F3F4, 0x1F3F4},
    {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440},
    {0x1F442, 0x1F4FC},
    {0x1F4FF, 0x1F53D},
    {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567},
    {0x1F57A, 0x1F57A},
    {0x1F595, 0x1F596},
    {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F},
    {0x1F680, 0x1F6C5},
    {0x1F6CC, 0x1F6CC},
    {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7},
    {0x1F6DC, 0x1F6DF},
    {0x1F6EB, 0x1F6EC},
    {0x1F6F4, 0x1F6FC},
    {0x1F7E0, 0x1F7EB},
    {0x1F7F0, 0x1F7F0},
    {0x1F90C, 0x1F93A},
    {0x1F93C, 0x1F945},
    {0x1F947, 0x1F9FF},
    {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD}
  };

  /** Columns one code point takes: 0, 1 or 2. */
  public static int of(int codePoint) {
    if (codePoint < 0x20 || (codePoint >= 0x7F && codePoint < 0xA0)) {
      return 0;
    }
    if (codePoint < 0x300) {
      return 1;
    }
    int type = Character.getType(codePoint);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT) {
      return 0;
    }
    return wide(codePoint) ? 2 : 1;
  }

  /** Columns a string takes on screen, its escape sequences taking none. */
  public static int of(CharSequence text) {
    int columns = 0;
    for (int i = 0; i < text.length(); ) {
      int end = escapeEnd(text, i);
      if (end > i) {
        i = end;
        continue;
      }
      int cp = Character.codePointAt(text, i);
      columns += of(cp);
      i += Character.charCount(cp);
    }
    return columns;
  }

  /** The text without its escape sequences: what a screen shows of it. */
  public static String plain(CharSequence text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int end = escapeEnd(text, i);
      if (end > i) {
        i = end;
      } else {
        b.append(text.charAt(i++));
      }
    }
    return b.toString();
  }

  /**
   * If a control sequence ({@code ESC [ parameters final}) starts at {@code i}, the index just
   * after it; otherwise {@code i}. A lone ESC counts as a one-character sequence.
   */
  static int escapeEnd(CharSequence text, int i) {
    if (text.charAt(i) != '\u001b') {
      return i;
    }
    if (i + 1 >= text.length() || text.charAt(i + 1) != '[') {
      return i + 1;
    }
    for (int j = i + 2; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c >= 0x40 && c <= 0x7E) {
        return j + 1;
      }
    }
    return text.length();
  }

  private static boolean wide(int cp) {
    int lo = 0;
    int hi = WIDE.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (cp < WIDE[mid][0]) {
        hi = mid - 1;
      } else if (cp > WIDE[mid][1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}
