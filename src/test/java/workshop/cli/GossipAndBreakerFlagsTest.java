package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every bad flag of modules 07 and 09 is refused with one line, before anything starts. */
class GossipAndBreakerFlagsTest {
  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, err.toString().strip());
  }

  @Test
  void gossipNodeRefusesBadFlags() {
    assertThat(run("gossip-node", "--port", "7001", "--id", "1", "--neighbors", "7002,,7003").err())
        .isEqualTo("error: --neighbors has an empty item in '7002,,7003'; write 7002,7003");
    assertThat(run("gossip-node", "--port", "7001", "--id", "1", "--neighbors", "abc").err())
        .isEqualTo("error: --neighbors: 'abc' is not a port or host:port");
    assertThat(run("gossip-node", "--port", "7001", "--id", "1", "--mode", "shout").err())
        .isEqualTo("error: --mode/--fanout: mode must be push, pull or push-pull, got 'shout'");
    assertThat(run("gossip-node", "--port", "7001", "--id", "1", "--fanout", "0").err())
        .isEqualTo("error: --mode/--fanout: fanout must be between 1 and 100, got 0");
    assertThat(run("gossip-node", "--port", "7001", "--id", "1", "--interval", "0s").err())
        .isEqualTo("error: --interval must be between 10ms and 10m, got 0 ms");
    assertThat(run("gossip-node", "--port", "70000", "--id", "1").err())
        .isEqualTo("error: --port must be between 1 and 65535, got 70000");
    assertThat(run("gossip-node", "--port", "7001", "--id", "-1").err())
        .isEqualTo("error: --id must be 0 or more, got -1");
    assertThat(run("gossip-node", "--port", "7001").code()).isEqualTo(2); // --id is required
  }

  @Test
  void breakerCommandsRefuseBadFlags() {
    assertThat(run("viz", "breaker", "--threshold", "0").err())
        .isEqualTo(
            "error: --threshold/--open-duration: failure threshold must be between 1 and 1000,"
                + " got 0 (default 3)");
    assertThat(run("viz", "breaker", "--open-duration", "0s").err())
        .startsWith("error: --threshold/--open-duration: open duration must be more than 0");
    assertThat(run("viz", "breaker", "--target", "ftp://x").err())
        .isEqualTo("error: --target must be an http:// URL, got 'ftp://x'");
    assertThat(run("viz", "breaker", "--timeout", "0s").err())
        .isEqualTo("error: --timeout must be more than 0 and --calls 0 or more");
    assertThat(run("flaky-server", "--port", "70000").err())
        .isEqualTo("error: --port must be between 1 and 65535, got 70000");
  }

  @Test
  void simGossipRefusesBadFlags() {
    assertThat(run("sim", "gossip", "--nodes", "1").err())
        .isEqualTo("error: --nodes must be between 2 and 1000000, got 1");
    assertThat(run("sim", "gossip", "--loss", "1.5").err())
        .isEqualTo("error: --loss must be between 0 and 0.9, got 1.5");
    assertThat(run("sim", "gossip", "--mode", "yell").err())
        .isEqualTo("error: --mode/--fanout: mode must be push, pull or push-pull, got 'yell'");
    assertThat(run("sim", "gossip", "--nodes", "100", "--trace").err())
        .isEqualTo("error: --trace prints every message; use it with --nodes 50 or fewer");
  }

  @Test
  void vizGossipRefusesABadNodeList() {
    assertThat(run("viz", "gossip", "--nodes", "7001,,7002").err())
        .isEqualTo("error: --nodes has an empty item in '7001,,7002'; write 7002,7003");
  }
}
