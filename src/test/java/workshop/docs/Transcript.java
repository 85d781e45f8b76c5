package workshop.docs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a doc's block with what the program printed, and says how they differ.
 *
 * <p>The normalisation, documented once here and applied to both sides:
 *
 * <ul>
 *   <li>Always: trailing spaces are dropped; a line that is exactly {@code ...} in the doc stands
 *       for any number of lines (none included).
 *   <li>{@code masked}: every number ({@code 42}, {@code -7}, {@code 1,934}, {@code 0.25}, the
 *       parts of {@code 127.0.0.1} or {@code 21:04:13}) becomes {@code #}, so times, latencies,
 *       pids, ports, seeds and versions compare equal; runs of spaces become one (columns move when
 *       numbers change width); runs of bar characters ({@code █░▓}) become one.
 *   <li>{@code vary /regex/}: what the regex matches becomes {@code <varies>}; {@code drop
 *       /regex/}: what it matches is deleted (a flag only one side has).
 *   <li>{@code trimmed}: the doc's lines are a selection of the program's, in the same order.
 *   <li>{@code per process}: lines {@code name | text} are grouped by process. Among the lines of
 *       no process the doc's are a selection in the same order; each process of the doc must be
 *       matched by a different process of the program, of the same kind (equal names once masked,
 *       so any gossip-N for gossip-4), whose lines include the doc's in the same order. The
 *       interleaving of processes that print at the same time is not compared, nor, masked, which
 *       of several alike processes did what (which node suspected a dead one first).
 * </ul>
 */
final class Transcript {
  private Transcript() {}

  static final String ELLIPSIS = "...";
  private static final Pattern NUMBER =
      Pattern.compile("(?:(?<=^|[\\s(\\[=:,{\"'])-)?\\d+(?:[.,]\\d+)*");
  private static final Pattern SPACES = Pattern.compile(" {2,}");
  private static final Pattern BARS = Pattern.compile("█+|░+|▓+");
  private static final Pattern PROCESS = Pattern.compile("^([\\w.-]+) *\\| (.*)$");

  /** One line as it is compared. */
  static String mask(String line, Marker m) {
    String s = line.stripTrailing();
    for (Pattern d : m.drop()) {
      s = d.matcher(s).replaceAll("");
    }
    for (Pattern v : m.vary()) {
      s = v.matcher(s).replaceAll("<varies>");
    }
    if (m.masked()) {
      s = NUMBER.matcher(s).replaceAll("#");
      s = BARS.matcher(s).replaceAll(r -> Matcher.quoteReplacement(r.group().substring(0, 1)));
      s = SPACES.matcher(s).replaceAll(" ").strip();
    }
    return s;
  }

  /** Empty when the doc's lines match the program's; otherwise a diff that shows where. */
  static Optional<String> mismatch(List<String> doc, List<String> program, Marker m) {
    if (m.perProcess()) {
      return mismatchPerProcess(byProcess(doc), byProcess(program), m);
    }
    List<String> pattern = m.trimmed() ? trim(doc) : doc;
    return matches(pattern, program, m) ? Optional.empty() : Optional.of(diff(doc, program, m));
  }

  /**
   * The lines of no process must be a selection of the program's; each process of the doc must be
   * matched by a process of the program, a different one each, of the same kind (equal names once
   * masked), whose lines include the doc's in order.
   */
  private static Optional<String> mismatchPerProcess(
      Map<String, List<String>> doc, Map<String, List<String>> program, Marker m) {
    List<String> none = doc.getOrDefault("", List.of());
    List<String> theirs = program.getOrDefault("", List.of());
    if (!matches(trim(none), theirs, m)) {
      return Optional.of(
          "in the lines of no process (doc first, then program):\n" + diff(none, theirs, m));
    }
    List<String> names = doc.keySet().stream().filter(n -> !n.isEmpty()).toList();
    if (assign(names, 0, doc, program, new HashSet<>(), m)) {
      return Optional.empty();
    }
    for (String name : names) {
      boolean someone =
          program.entrySet().stream()
              .anyMatch(
                  e ->
                      !e.getKey().isEmpty()
                          && mask(e.getKey(), m).equals(mask(name, m))
                          && matches(trim(doc.get(name)), e.getValue(), m));
      if (!someone) {
        return Optional.of(
            "no process printed "
                + name
                + "'s lines (doc first, then the program's "
                + name
                + "):\n"
                + diff(doc.get(name), program.getOrDefault(name, List.of()), m));
      }
    }
    StringBuilder which = new StringBuilder();
    for (String name : names) {
      which.append("  ").append(name).append(" could be:");
      program.forEach(
          (other, lines) -> {
            if (!other.isEmpty()
                && mask(other, m).equals(mask(name, m))
                && matches(trim(doc.get(name)), lines, m)) {
              which.append(' ').append(other);
            }
          });
      which.append('\n');
    }
    return Optional.of(
        "each of the doc's processes matches some process, but not each a different one:\n"
            + which
            + "the program's lines by process:\n"
            + String.join(
                "\n",
                program.entrySet().stream()
                    .filter(e -> !e.getKey().isEmpty())
                    .flatMap(e -> e.getValue().stream())
                    .toList()));
  }

  /** Backtracking: gives doc processes {@code i..} distinct program processes that match. */
  private static boolean assign(
      List<String> names,
      int i,
      Map<String, List<String>> doc,
      Map<String, List<String>> program,
      Set<String> taken,
      Marker m) {
    if (i == names.size()) {
      return true;
    }
    String name = names.get(i);
    // The process of the same name first: most blocks show who printed what.
    List<String> candidates = new ArrayList<>();
    if (program.containsKey(name)) {
      candidates.add(name);
    }
    program.keySet().stream()
        .filter(n -> !n.isEmpty() && !n.equals(name) && mask(n, m).equals(mask(name, m)))
        .forEach(candidates::add);
    for (String c : candidates) {
      if (!taken.contains(c) && matches(trim(doc.get(name)), program.get(c), m)) {
        taken.add(c);
        if (assign(names, i + 1, doc, program, taken, m)) {
          return true;
        }
        taken.remove(c);
      }
    }
    return false;
  }

  /** The doc's lines with an ellipsis before, between and after them. */
  private static List<String> trim(List<String> doc) {
    List<String> out = new ArrayList<>();
    out.add(ELLIPSIS);
    for (String l : doc) {
      if (!l.strip().equals(ELLIPSIS)) {
        out.add(l);
        out.add(ELLIPSIS);
      }
    }
    return out;
  }

  /** Lines by the name of the process that printed them; "" for lines of no process. */
  private static Map<String, List<String>> byProcess(List<String> lines) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String l : lines) {
      Matcher p = PROCESS.matcher(l);
      String who = p.matches() ? p.group(1) : "";
      groups.computeIfAbsent(who, k -> new ArrayList<>()).add(l);
    }
    return groups;
  }

  /** Whether {@code program} matches {@code pattern} whole, {@code ...} matching any run. */
  static boolean matches(List<String> pattern, List<String> program, Marker m) {
    List<String> p = pattern.stream().map(l -> isEllipsis(l) ? null : mask(l, m)).toList();
    List<String> a = program.stream().map(l -> mask(l, m)).toList();
    // reach[j]: the first i pattern lines can match the first j program lines.
    boolean[] reach = new boolean[a.size() + 1];
    reach[0] = true;
    for (String want : p) {
      boolean[] next = new boolean[a.size() + 1];
      for (int j = 0; j <= a.size(); j++) {
        if (want == null) {
          next[j] = reach[j] || (j > 0 && next[j - 1]);
        } else {
          next[j] = j > 0 && reach[j - 1] && a.get(j - 1).equals(want);
        }
      }
      reach = next;
    }
    return reach[a.size()];
  }

  private static boolean isEllipsis(String line) {
    return line.strip().equals(ELLIPSIS);
  }

  /**
   * A line diff of the two sides ({@code -} only in the doc, {@code +} only in the program), on the
   * compared forms, showing each side's own text.
   */
  static String diff(List<String> doc, List<String> program, Marker m) {
    List<String> d = doc.stream().map(l -> mask(l, m)).toList();
    List<String> a = program.stream().map(l -> mask(l, m)).toList();
    int[][] lcs = new int[d.size() + 1][a.size() + 1];
    for (int i = d.size() - 1; i >= 0; i--) {
      for (int j = a.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            d.get(i).equals(a.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < d.size() || j < a.size()) {
      if (i < d.size() && j < a.size() && d.get(i).equals(a.get(j))) {
        out.append("  ").append(doc.get(i)).append('\n');
        i++;
        j++;
      } else if (i < d.size() && (j == a.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.append("- ").append(doc.get(i)).append('\n');
        i++;
      } else {
        out.append("+ ").append(program.get(j)).append('\n');
        j++;
      }
    }
    return out.toString();
  }
}
