package workshop.resilient.cli;

/** The dashboard's ANSI colours, or none (plain output, {@code --once}). */
record Palette(boolean color) {
  static final String GREEN = "\u001b[32m";
  static final String YELLOW = "\u001b[33m";
  static final String RED = "\u001b[31m";
  static final String DIM = "\u001b[2m";
  static final String BOLD = "\u001b[1m";
  static final String RESET = "\u001b[0m";

  String paint(String style, String text) {
    return color && !text.isEmpty() ? style + text + RESET : text;
  }

  /** Colours {@code length} characters of a plain line from {@code start}, if they are there. */
  String paintAt(String line, int start, int length, String style) {
    if (!color || start + length > line.length()) {
      return line;
    }
    return line.substring(0, start)
        + paint(style, line.substring(start, start + length))
        + line.substring(start + length);
  }
}
