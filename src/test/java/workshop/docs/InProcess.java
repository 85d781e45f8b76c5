package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import workshop.cli.Cli;

/**
 * Runs {@code ./workshop <args>} in this JVM as a pipe would see it (no terminal: views print one
 * plain line per change), capturing what it prints. Commands that talk to servers over HTTP behave
 * the same in this JVM as in one of their own, and start in milliseconds instead of a second.
 */
final class InProcess {
  private InProcess() {}

  /** Runs to the end; fails unless the exit code is 0. */
  static String run(String... args) {
    return run(out -> true, args);
  }

  /** Runs to the end, whatever its exit code, which it puts in {@code code[0]}. */
  static String anyExit(int[] code, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      code[0] = Cli.execute(args);
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Runs to the end; fails unless the exit code is {@code code}. */
  static String exits(int code, String... args) {
    return run(code, out -> true, args);
  }

  /**
   * Runs to the end while {@code react} sees the output as it grows, until it returns true (it has
   * done what it waited for: a scene sends {@code /recover} once the breaker reopened).
   */
  static String run(Predicate<String> react, String... args) {
    return run(0, react, args);
  }

  private static String run(int expected, Predicate<String> react, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int[] code = {-1};
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      Thread command = Thread.ofPlatform().start(() -> code[0] = Cli.execute(args));
      boolean done = false;
      while (command.isAlive()) {
        if (!done) {
          done = react.test(bytes.toString(StandardCharsets.UTF_8));
        }
        command.join(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code[0])
        .as("./workshop %s exited %s:\n%s", String.join(" ", args), code[0], out)
        .isEqualTo(expected);
    return out;
  }
}
