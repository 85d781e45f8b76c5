package workshop.cascade;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The five defences against a cascading failure that {@code ./workshop cascade --protect} can turn
 * on, in any subset. Each is one idea from Nygard's <i>Release It!</i> (ch. 5, "Stability
 * Patterns"): a caller that waits forever for a slow dependency becomes slow itself, and passes the
 * slowness up the chain until the front door falls over.
 */
public enum Protection {
  /**
   * Each call's timeout fits inside its caller's, and nobody works on a request already given up.
   */
  TIMEOUTS("timeouts"),
  /** Module 09's circuit breaker on each dependency: after 3 failures, fail at once for a while. */
  BREAKER("breaker"),
  /** At most a few of a server's workers may wait on one dependency; the rest stay free. */
  BULKHEAD("bulkhead"),
  /** Module 02's token bucket on A's calls to B, retries included: a retry budget. */
  LIMIT("limit"),
  /** Retries wait an exponential backoff with full jitter instead of retrying at once. */
  JITTER("jitter");

  private final String flag;

  Protection(String flag) {
    this.flag = flag;
  }

  public String flag() {
    return flag;
  }

  /** "timeouts, breaker, bulkhead, limit, jitter" */
  public static String names() {
    return Arrays.stream(values()).map(Protection::flag).collect(Collectors.joining(", "));
  }

  /**
   * Reads {@code --protect}: {@code none}, {@code all}, or a comma-separated list of names.
   *
   * @throws IllegalArgumentException naming what was wrong and what is allowed
   */
  public static Set<Protection> parse(String text) {
    String hint = "write none, all, or a comma-separated list of " + names();
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("--protect is empty: " + hint);
    }
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    if (wanted.equals("none")) {
      return EnumSet.noneOf(Protection.class);
    }
    if (wanted.equals("all")) {
      return EnumSet.allOf(Protection.class);
    }
    EnumSet<Protection> chosen = EnumSet.noneOf(Protection.class);
    for (String part : wanted.split(",", -1)) {
      String name = part.strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "--protect '" + text + "' has an empty name in its list: " + hint);
      }
      chosen.add(named(name, text, hint));
    }
    return chosen;
  }

  /** "none", "all" or the flags in their usual order: "timeouts,breaker". */
  public static String describe(Set<Protection> set) {
    if (set.isEmpty()) {
      return "none";
    }
    if (set.size() == values().length) {
      return "all";
    }
    return set.stream().sorted().map(Protection::flag).collect(Collectors.joining(","));
  }

  private static Protection named(String name, String text, String hint) {
    for (Protection p : values()) {
      if (p.flag.equals(name)) {
        return p;
      }
    }
    String why = name.equals("none") || name.equals("all") ? " cannot be mixed with names" : "";
    throw new IllegalArgumentException(
        "--protect '" + text + "': unknown protection '" + name + "'" + why + "; " + hint);
  }

  /** Every protection, for {@code --compare}: none first, each alone, then all together. */
  public static List<Set<Protection>> compareRuns() {
    List<Set<Protection>> runs = new ArrayList<>();
    runs.add(EnumSet.noneOf(Protection.class));
    for (Protection p : values()) {
      runs.add(EnumSet.of(p));
    }
    runs.add(EnumSet.allOf(Protection.class));
    return runs;
  }
}
