package workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import workshop.support.cli.UserError;

/**
 * {@code ./workshop restart node-2 --load-factor 35}: a process's arguments with flags added or
 * replaced. A flag the process already has takes the new value in place ({@code --port 5002} with
 * {@code --port 5012} becomes {@code --port 5012}); a new flag is appended. What is not edited is
 * kept as it was, so the process keeps its name, id and neighbours.
 *
 * <p>Pure: what a flag is (its aliases, whether it takes a value) comes from {@link Options}, which
 * the launcher answers from the command's own definition.
 */
final class FlagEdits {
  /** What the command knows of its options. */
  interface Options {
    /** The option's canonical name ({@code --verbose} for {@code -v}); empty when unknown. */
    Optional<String> canonical(String name);

    boolean takesValue(String canonical);
  }

  /** One flag as it was written: {@code --port 5002}, {@code --port=5002} or {@code -v}. */
  private record Flag(String canonical, List<String> words) {}

  private FlagEdits() {}

  /**
   * @param base the process's arguments, its command first ({@code node --port 5002 --id 2})
   * @param edits flags only ({@code --load-factor 35})
   * @throws UserError for an unknown flag, a missing value or a word that is not a flag
   */
  static List<String> apply(List<String> base, List<String> edits, Options options) {
    if (base.isEmpty()) {
      throw new IllegalArgumentException("no command to edit");
    }
    String command = base.get(0);
    List<Object> items =
        new ArrayList<>(parse(base.subList(1, base.size()), options, command, true));
    for (Object edit : parse(edits, options, command, false)) {
      Flag flag = (Flag) edit;
      int at = indexOf(items, flag.canonical());
      if (at >= 0) {
        items.set(at, flag);
      } else {
        items.add(flag);
      }
    }
    List<String> out = new ArrayList<>();
    out.add(command);
    for (Object item : items) {
      if (item instanceof Flag f) {
        out.addAll(f.words());
      } else {
        out.add((String) item);
      }
    }
    return out;
  }

  private static int indexOf(List<Object> items, String canonical) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Flag f && f.canonical().equals(canonical)) {
        return i;
      }
    }
    return -1;
  }

  /** Flags (and, in the base only, other words kept as they are). */
  private static List<Object> parse(
      List<String> words, Options options, String command, boolean lenient) {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (!word.startsWith("-") || word.equals("-")) {
        if (lenient) {
          items.add(word);
          continue;
        }
        throw new UserError(
            "restart takes flags for " + command + ", like --port 5012; '" + word + "' is not one");
      }
      String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
      Optional<String> canonical = options.canonical(name);
      if (canonical.isEmpty()) {
        if (lenient) {
          items.add(word);
          continue;
        }
        throw new UserError(
            command
                + " has no option "
                + name
                + "; `./workshop "
                + command
                + " --help` lists them");
      }
      List<String> written = List.of(word);
      if (!word.contains("=") && options.takesValue(canonical.get())) {
        if (i + 1 >= words.size()) {
          throw new UserError(name + " needs a value, like " + name + " 35");
        }
        written = List.of(word, words.get(++i));
      }
      items.add(new Flag(canonical.get(), written));
    }
    return items;
  }
}
