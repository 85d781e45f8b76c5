package workshop.cap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import workshop.cli.Cli;

/**
 * Every bad flag of {@code cap} and {@code cap-replica} is refused in one line, before any start.
 */
class CapFlagsTest {
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
  void capRefusesAnUnknownModeAndACountOfReplicasOutsideThreeToFive() {
    assertThat(run("cap", "--mode", "ca").err())
        .isEqualTo(
            "error: --mode: mode must be cp (a majority or nothing) or ap (always accept,"
                + " reconcile later), not 'ca'");
    assertThat(run("cap", "--mode", "cp", "--replicas", "2").err())
        .isEqualTo(
            "error: --replicas: replicas must be from 3 to 5, got 2 (with 2, a majority is both:"
                + " neither side of a split could serve)");
    assertThat(run("cap", "--mode", "ap", "--replicas", "6").err())
        .isEqualTo("error: --replicas: replicas must be from 3 to 5, got 6");
    assertThat(run("cap", "--mode", "cp", "--base-port", "65534").err())
        .isEqualTo("error: --base-port must be between 1 and 65535, got 65536");
    assertThat(run("cap", "--replicas", "3").code()).isEqualTo(2); // --mode is required
  }

  @Test
  void capRefusesAPortInUseAndSaysHowToFreeIt() throws Exception {
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run r = run("cap", "--mode", "cp", "--base-port", Integer.toString(held.getLocalPort()));
      assertThat(r.err())
          .isEqualTo(
              "error: port "
                  + held.getLocalPort()
                  + " is in use (an earlier `cap` still running?); stop it with `./workshop"
                  + " down`, or choose other ports with --base-port");
      assertThat(r.code()).isEqualTo(1);
    }
  }

  @Test
  void capReplicaRefusesBadPortListsAndIds() {
    assertThat(run("cap-replica", "--id", "1", "--mode", "cp", "--ports", "6401,,6403").err())
        .isEqualTo("error: --ports: '' is not a port; write 6401,6402,6403");
    assertThat(run("cap-replica", "--id", "1", "--mode", "cp", "--ports", "6401,6401,6403").err())
        .isEqualTo("error: --ports: 6401 is listed twice");
    assertThat(run("cap-replica", "--id", "1", "--mode", "cp", "--ports", "6401,6402").err())
        .startsWith("error: --ports: replicas must be from 3 to 5, got 2");
    assertThat(run("cap-replica", "--id", "4", "--mode", "ap", "--ports", "6401,6402,6403").err())
        .isEqualTo("error: --id must be from 1 to 3 (one per port), got 4");
    assertThat(run("cap-replica", "--id", "1", "--mode", "xp", "--ports", "6401,6402,6403").err())
        .startsWith("error: --mode: mode must be cp");
    assertThat(run("cap-replica", "--id", "1", "--mode", "cp", "--ports", "6401,70000,6403").err())
        .isEqualTo("error: --ports must be between 1 and 65535, got 70000");
  }
}
