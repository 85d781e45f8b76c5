package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every description {@code --help} prints is made of whole sentences. Picocli prints each element
 * of a description array on a line of its own, and the list of commands shows only the first
 * element, so an element that stops mid-sentence ("... and the nodes") is what a student reads as
 * the whole description. Walks the CommandSpec of every command and subcommand, so a new option is
 * checked the day it is added.
 */
class HelpDescriptionsTest {
  /**
   * Ends a sentence: a full stop, question or exclamation mark, maybe inside a quote or bracket.
   */
  private static final Pattern ENDS_A_SENTENCE = Pattern.compile(".*[.!?][\"')`]*$");

  /** Abbreviations that end in a full stop without ending the sentence. */
  private static final Pattern ENDS_IN_ABBREVIATION = Pattern.compile(".*\\b(e\\.g|i\\.e|etc)\\.$");

  @Test
  void everyDescriptionOfEveryCommandOptionAndParameterIsWholeSentences() {
    List<String> problems = new ArrayList<>();
    walk(Cli.commandLine(), problems);
    assertThat(problems).as("%s", String.join("\n", problems)).isEmpty();
  }

  @Test
  void theRulesCatchADescriptionCutMidSentence() {
    assertThat(problems("x", new String[] {"Stop every process: what `up` started, and the nodes"}))
        .containsExactly(
            "x: \"Stop every process: what `up` started, and the nodes\" does not end a sentence");
    assertThat(problems("x", new String[] {"Stop one process (e.g.", "gossip-3), and no other."}))
        .contains(
            "x: \"Stop one process (e.g.\" ends in an abbreviation, not a sentence",
            "x: \"Stop one process (e.g.\" leaves a ( open",
            "x: \"gossip-3), and no other.\" continues the line before it (starts in lower case)");
    assertThat(problems("x", new String[] {"Keys (74.6 % of them)."}))
        .containsExactly(
            "x: \"Keys (74.6 % of them).\" has a % that is not %% or %n (picocli formats it)");
    assertThat(problems("x", new String[] {"One sentence.", "Another (with a list: a, b)."}))
        .isEmpty();
  }

  private static void walk(CommandLine cl, List<String> problems) {
    CommandSpec spec = cl.getCommandSpec();
    String name = spec.qualifiedName(" ");
    problems.addAll(problems(name, spec.usageMessage().description()));
    if (spec.usageMessage().description().length == 0) {
      problems.add(name + ": has no description");
    }
    for (OptionSpec o : spec.options()) {
      problems.addAll(problems(name + " " + o.longestName(), o.description()));
    }
    for (ArgSpec p : spec.positionalParameters()) {
      problems.addAll(problems(name + " " + p.paramLabel(), p.description()));
    }
    cl.getSubcommands().values().forEach(sub -> walk(sub, problems));
  }

  private static List<String> problems(String where, String[] description) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < description.length; i++) {
      String line = description[i].strip();
      String quoted = where + ": \"" + line + "\"";
      if (line.isEmpty()) {
        found.add(where + ": has an empty description line");
        continue;
      }
      try {
        String.format(Locale.ROOT, line);
      } catch (IllegalFormatException e) {
        found.add(quoted + " has a % that is not %% or %n (picocli formats it)");
      }
      if (ENDS_IN_ABBREVIATION.matcher(line).matches()) {
        found.add(quoted + " ends in an abbreviation, not a sentence");
      } else if (!ENDS_A_SENTENCE.matcher(line).matches()) {
        found.add(quoted + " does not end a sentence");
      }
      if (Character.isLowerCase(line.codePointAt(0))) {
        found.add(
            quoted
                + (i > 0
                    ? " continues the line before it (starts in lower case)"
                    : " does not start a sentence (starts in lower case)"));
      }
      for (String pair : List.of("()", "[]", "{}")) {
        long open = line.chars().filter(c -> c == pair.charAt(0)).count();
        long close = line.chars().filter(c -> c == pair.charAt(1)).count();
        if (open > close) {
          found.add(quoted + " leaves a " + pair.charAt(0) + " open");
        } else if (close > open) {
          found.add(quoted + " closes a " + pair.charAt(1) + " it did not open");
        }
      }
      if (line.chars().filter(c -> c == '`').count() % 2 != 0) {
        found.add(quoted + " leaves a ` open");
      }
    }
    return found;
  }
}
