package workshop.tools.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import workshop.cli.Cli;

/** {@code ./workshop <args>} run in this JVM with what it prints to stdout and stderr captured. */
record ToolRun(int code, String out, String err) {
  static synchronized ToolRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      CommandLine cl = Cli.commandLine();
      cl.setErr(new PrintWriter(System.err, true));
      code = cl.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new ToolRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The command, parsed as the launcher parses it, for a call with arguments of the test's. */
  static <T> T parsed(Class<T> type, String... args) {
    CommandLine.ParseResult parsed = Cli.commandLine().parseArgs(args);
    return type.cast(parsed.subcommand().commandSpec().userObject());
  }
}
