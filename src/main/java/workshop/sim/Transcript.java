package workshop.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario written as a transcript, in the style of etcd-io/raft's {@code testdata}: each command
 * on one line, then {@code ----}, then the output it produced, ended by a blank line; {@code #}
 * lines before a command say why. A test replays every command through a {@link Driver} and
 * compares the whole file with the one it would write ({@link #render}), so a transcript is both a
 * test and a lesson a student reads top to bottom.
 *
 * <pre>
 * # node-3 dies; node-1's update still reaches node-4.
 * crash node-3
 * ----
 *    0.000s  crash node-3
 * </pre>
 */
public final class Transcript {
  public static final String SEPARATOR = "----";

  /** Carries out one command and returns its output (no blank lines). */
  @FunctionalInterface
  public interface Driver {
    /**
     * @throws IllegalArgumentException for a command it cannot carry out; the message becomes the
     *     output ({@code error: ...}), so mistakes are part of what a transcript shows
     */
    String run(String command);
  }

  /**
   * One command.
   *
   * @param before the comment (and blank) lines above it
   * @param line its line number in the file, from 1
   */
  public record Case(List<String> before, String command, int line, String output) {}

  /** A parsed file: its cases, and the comment lines after the last one. */
  public record Parsed(List<Case> cases, List<String> after) {}

  private Transcript() {}

  /**
   * @throws IllegalArgumentException naming the line when a command is not followed by {@code ----}
   */
  public static Parsed parse(String text) {
    String[] lines = text.split("\n", -1);
    int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
    List<Case> cases = new ArrayList<>();
    List<String> before = new ArrayList<>();
    int i = 0;
    while (i < n) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        before.add(line);
        i++;
        continue;
      }
      if (i + 1 >= n || !lines[i + 1].equals(SEPARATOR)) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": '" + line + "' must be followed by a line '" + SEPARATOR + "'");
      }
      int start = i + 2;
      int end = start;
      while (end < n && !lines[end].isEmpty()) {
        end++;
      }
      cases.add(
          new Case(
              List.copyOf(before),
              line,
              i + 1,
              String.join("\n", java.util.Arrays.asList(lines).subList(start, end))));
      before.clear();
      i = end + 1; // the blank line that ends the output
    }
    return new Parsed(cases, List.copyOf(before));
  }

  /** Replays every command and returns the file as it should read with the actual outputs. */
  public static String replay(Parsed parsed, Driver driver) {
    List<String> outputs = new ArrayList<>();
    for (Case c : parsed.cases()) {
      String out;
      try {
        out = driver.run(c.command());
      } catch (IllegalArgumentException e) {
        out = "error: " + e.getMessage();
      }
      out = out.stripTrailing();
      if (out.lines().anyMatch(String::isBlank)) {
        throw new IllegalStateException(
            "line " + c.line() + ": the output of '" + c.command() + "' has a blank line");
      }
      outputs.add(out);
    }
    return render(parsed, outputs);
  }

  /** The file with these outputs in place of the recorded ones. */
  public static String render(Parsed parsed, List<String> outputs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parsed.cases().size(); i++) {
      Case c = parsed.cases().get(i);
      c.before().forEach(l -> b.append(l).append('\n'));
      b.append(c.command()).append('\n').append(SEPARATOR).append('\n');
      if (!outputs.get(i).isEmpty()) {
        b.append(outputs.get(i)).append('\n');
      }
      if (i < parsed.cases().size() - 1 || !parsed.after().isEmpty()) {
        b.append('\n');
      }
    }
    parsed.after().forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }
}
