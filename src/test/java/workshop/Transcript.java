package workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A scenario transcript in etcd-io/raft's datadriven style: one file under {@code
 * src/test/resources} holds the inputs, the expected output and {@code #} comments saying why,
 * together, so it reads as lesson text.
 *
 * <pre>
 * # Why this step matters.
 * command arg arg
 * ----
 * expected output
 * (a blank line ends the output)
 * </pre>
 *
 * The test runs every command through an interpreter in order and compares the whole file with what
 * it would be with the actual outputs. After a deliberate change, rewrite the outputs with {@code
 * ./mvnw test -Dgolden.rewrite=true} and review the diff like code.
 */
public final class Transcript {
  private Transcript() {}

  /** One command: its name and arguments, split on spaces. */
  public record Command(String name, List<String> args) {
    public String arg(int i) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(name + " needs at least " + (i + 1) + " arguments");
      }
      return args.get(i);
    }
  }

  public static void run(String resource, Function<Command, String> interpreter) {
    Path file = Path.of("src/test/resources").resolve(resource);
    String expected;
    try {
      expected = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String actual = replay(expected, interpreter);
    if (Boolean.getBoolean("golden.rewrite")) {
      try {
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(actual).as("transcript " + file).isEqualTo(expected);
  }

  /** The transcript with every command's output replaced by what the interpreter answers now. */
  static String replay(String transcript, Function<Command, String> interpreter) {
    List<String> lines = transcript.lines().toList();
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        out.add(line);
        i++;
        continue;
      }
      if (i + 1 >= lines.size() || !lines.get(i + 1).equals("----")) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": a command must be followed by a line of ----: " + line);
      }
      List<String> words = Arrays.asList(line.trim().split("\\s+"));
      String answer = interpreter.apply(new Command(words.get(0), words.subList(1, words.size())));
      out.add(line);
      out.add("----");
      answer.lines().forEach(out::add);
      i += 2;
      while (i < lines.size() && !lines.get(i).isBlank()) {
        i++; // the recorded output, replaced by the answer above
      }
    }
    return String.join("\n", out) + "\n";
  }
}
