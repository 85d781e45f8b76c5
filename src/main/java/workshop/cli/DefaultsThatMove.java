package workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The defaults a workshop command uses to reach a module's ports ({@code --registry
 * http://localhost:5000}, the balancer's {@code --backends}): when {@link PortMoves} moved one of
 * those ports, the command must be told the new address explicitly. Reads each option's default
 * from the command line itself, so a new command's defaults follow without a list kept here.
 */
final class DefaultsThatMove {
  private DefaultsThatMove() {}

  /**
   * {@code args} (a workshop command line, such as {@code dashboard} or {@code lb --port 8080})
   * with an explicit option added for each default that names a moved port; unchanged when it does
   * not parse.
   */
  static List<String> add(List<String> args, PortMoves moves) {
    if (moves.isEmpty()) {
      return args;
    }
    List<String> out = new ArrayList<>(args);
    out.addAll(missing(args, moves));
    return out;
  }

  /**
   * A hint with the options {@link #add} would add, put after its command and before its comment
   * ({@code ./workshop dashboard (the cluster live)}); other hints unchanged.
   */
  static String hint(String hint, PortMoves moves) {
    if (moves.isEmpty() || !hint.startsWith("./workshop ") || hint.contains("\"")) {
      return hint;
    }
    String[] parts = hint.split("\\s{2,}", 2);
    List<String> words = List.of(parts[0].substring("./workshop ".length()).trim().split("\\s+"));
    List<String> extra = missing(words, moves);
    if (extra.isEmpty()) {
      return hint;
    }
    return parts[0] + " " + String.join(" ", extra) + (parts.length > 1 ? "    " + parts[1] : "");
  }

  private static List<String> missing(List<String> args, PortMoves moves) {
    Optional<ParseResult> parsed = parse(args);
    if (parsed.isEmpty()) {
      return List.of();
    }
    ParseResult leaf = parsed.get();
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    List<String> extra = new ArrayList<>();
    for (OptionSpec option : leaf.commandSpec().options()) {
      String given = option.defaultValue();
      if (given == null || given.contains("${") || leaf.hasMatchedOption(option)) {
        continue;
      }
      String moved = moves.value(given);
      if (!moved.equals(given)) {
        extra.add(option.longestName());
        extra.add(moved);
      }
    }
    return extra;
  }

  private static Optional<ParseResult> parse(List<String> args) {
    try {
      return Optional.of(Cli.commandLine().parseArgs(args.toArray(String[]::new)));
    } catch (CommandLine.PicocliException e) {
      return Optional.empty();
    }
  }
}
