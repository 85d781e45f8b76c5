package workshop.cascade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import workshop.cli.Cli;

/** Bad flags are refused in one line before any server starts, with exit code 2 and the usage. */
class CascadeCommandTest {
  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, err.toString());
  }

  @Test
  void anUnknownProtectionIsRefusedWithTheAllowedNames() {
    Run r = run("cascade", "--protect", "timeouts,retries");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "error: --protect 'timeouts,retries': unknown protection 'retries'; write none, all,"
                + " or a comma-separated list of timeouts, breaker, bulkhead, limit, jitter")
        .contains("Usage: workshop cascade");
  }

  @Test
  void anEmptyListIsRefused() {
    assertThat(run("cascade", "--protect", "").err()).startsWith("error: --protect is empty");
    assertThat(run("cascade", "--protect", ",").err())
        .startsWith("error: --protect ',' has an empty name in its list");
  }

  @Test
  void aNegativeOrZeroDurationIsRefused() {
    Run negative = run("cascade", "--duration", "-5s");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err()).contains("'-5s' is negative; use a duration such as 2s");
    assertThat(run("cascade", "--duration", "0").err())
        .startsWith("error: --duration must be between 4s and 600s, got 0s");
    assertThat(run("cascade", "--duration", "soon").err()).contains("'soon' is not a duration");
  }

  @Test
  void compareAndProtectTogetherAreRefused() {
    assertThat(run("cascade", "--compare", "--protect", "all").err())
        .startsWith("error: --compare runs every protection in turn: leave out --protect");
  }

  @Test
  void theHelpNamesEveryProtectionAndGivesExamples() {
    CommandLine cl = Cli.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("cascade", "--help")).isZero();
    assertThat(out.toString())
        .contains("limit and jitter")
        .contains("./workshop cascade --protect timeouts,breaker --duration 20s");
  }

  @Test
  void everyProtectionIsExplainedInOneLine() {
    assertThat(CascadeCommand.explain(new workshop.cascade.CascadePlan(java.util.Set.of())))
        .isEqualTo(
            "every call waits up to the default 1000 ms and is retried at once, up to 3 attempts");
    assertThat(
            CascadeCommand.explain(
                new workshop.cascade.CascadePlan(workshop.cascade.Protection.parse("limit"))))
        .isEqualTo("A's calls to B at most 44/s, retries included (token bucket, burst 8)");
  }
}
