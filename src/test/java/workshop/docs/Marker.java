package workshop.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the HTML comment right above a fenced block in the docs says about it. Invisible on a
 * rendered page; read by {@link DocTranscriptsTest}.
 *
 * <ul>
 *   <li>{@code <!-- transcript: ./workshop sim gossip --seed 1 -->}: the block is what that command
 *       prints, compared line for line, exactly.
 *   <li>{@code <!-- transcript (masked): ./workshop verify 07 -->}: the same, after {@link
 *       Transcript#mask masking} numbers, ids and times, for output from real processes and clocks.
 *       More options, comma-separated: {@code trimmed} (the block shows some of the lines, in their
 *       order), {@code per process} (lines prefixed {@code name | } come from processes that print
 *       at once: each process's lines keep their order, not their interleaving), and {@code vary
 *       /regex/} (text that differs from run to run in a way numbers do not cover; both sides have
 *       it replaced), and {@code drop /regex/} (text one side has and the other need not, such as a
 *       flag the program adds because a test moved a port; both sides have it deleted). A regex
 *       cannot contain a slash: write {@code \x2F}.
 *   <li>{@code <!-- excerpt: src/test/resources/gossip/view.txt -->}: the block's lines appear, in
 *       order, in that file, which its own test keeps true (a golden file or a transcript).
 *   <li>{@code <!-- illustration: reason -->}: not checked, and the reason says why.
 * </ul>
 *
 * @param subject the command (or the name of the scene that checks it), the file, or the reason
 */
record Marker(
    Kind kind,
    String subject,
    boolean masked,
    boolean trimmed,
    boolean perProcess,
    List<Pattern> vary,
    List<Pattern> drop) {
  enum Kind {
    TRANSCRIPT,
    EXCERPT,
    ILLUSTRATION
  }

  private static final Pattern COMMENT =
      Pattern.compile("^<!--\\s*(transcript|excerpt|illustration)\\b(.*)-->\\s*$");

  /** The marker on {@code line}; empty when it is not one; an exception when it is malformed. */
  static Optional<Marker> parse(String line) {
    Matcher m = COMMENT.matcher(line.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    Kind kind = Kind.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
    String rest = m.group(2).strip();
    List<String> options = new ArrayList<>();
    if (rest.startsWith("(")) {
      int end = closing(rest);
      options = splitOptions(rest.substring(1, end));
      rest = rest.substring(end + 1).strip();
    }
    if (!rest.startsWith(":")) {
      throw new IllegalArgumentException("a marker needs ': ' before its subject: " + line);
    }
    String subject = rest.substring(1).strip();
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("a marker with nothing after ':': " + line);
    }
    boolean masked = false;
    boolean trimmed = false;
    boolean perProcess = false;
    List<Pattern> vary = new ArrayList<>();
    List<Pattern> drop = new ArrayList<>();
    for (String o : options) {
      if (o.equals("masked")) {
        masked = true;
      } else if (o.equals("trimmed")) {
        trimmed = true;
      } else if (o.equals("per process")) {
        perProcess = true;
      } else if (o.startsWith("vary /") && o.endsWith("/") && o.length() > "vary //".length()) {
        vary.add(Pattern.compile(o.substring("vary /".length(), o.length() - 1)));
      } else if (o.startsWith("drop /") && o.endsWith("/") && o.length() > "drop //".length()) {
        drop.add(Pattern.compile(o.substring("drop /".length(), o.length() - 1)));
      } else {
        throw new IllegalArgumentException(
            "unknown marker option '"
                + o
                + "' (masked, trimmed, per process, vary /regex/ or drop /regex/): "
                + line);
      }
    }
    if (kind != Kind.TRANSCRIPT && !options.isEmpty()) {
      throw new IllegalArgumentException("only a transcript takes options: " + line);
    }
    return Optional.of(
        new Marker(
            kind, subject, masked, trimmed, perProcess, List.copyOf(vary), List.copyOf(drop)));
  }

  /** The index of the ')' that closes the '(' at 0, skipping what is between slashes. */
  private static int closing(String s) {
    boolean inRegex = false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/') {
        inRegex = !inRegex;
      } else if (c == ')' && !inRegex) {
        return i;
      }
    }
    throw new IllegalArgumentException("a marker's options are not closed with ')': " + s);
  }

  private static List<String> splitOptions(String s) {
    List<String> out = new ArrayList<>();
    boolean inRegex = false;
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '/') {
        inRegex = !inRegex;
      }
      if (c == ',' && !inRegex) {
        out.add(b.toString().strip());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    if (!b.toString().isBlank()) {
      out.add(b.toString().strip());
    }
    return out;
  }

  /** How the comparison is done, as a failure message says it. */
  String mode() {
    List<String> words = new ArrayList<>();
    words.add(masked ? "masked" : "exact");
    if (trimmed) {
      words.add("trimmed");
    }
    if (perProcess) {
      words.add("per process");
    }
    vary.forEach(v -> words.add("vary /" + v.pattern() + "/"));
    drop.forEach(d -> words.add("drop /" + d.pattern() + "/"));
    return String.join(", ", words);
  }
}
