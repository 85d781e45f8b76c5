package workshop.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import workshop.cli.Cli;

/** Every bad flag of {@code kv} is refused in one line with exit code 2, before anything starts. */
class KvFlagsTest {
  @TempDir Path dir;

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
  void portsOutOfRangeAreUsageErrors() {
    assertThat(run("kv", "--port", "70000"))
        .isEqualTo(
            new Run(2, "error: --port must be between 1 and 65535 (0: any free one), got 70000"));
    assertThat(run("kv", "--port", "0", "--http-port", "-1"))
        .isEqualTo(
            new Run(2, "error: --http-port must be between 1 and 65535 (0: any free one), got -1"));
  }

  @Test
  void anUnknownFsyncPolicyNamesTheThreeThatExist() {
    assertThat(run("kv", "--port", "0", "--appendonly", "yes"))
        .isEqualTo(
            new Run(2, "error: --appendonly must be one of always, everysec, no, got 'yes'"));
  }

  @Test
  void aDirThatCannotBeALogsFolderIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Run run = run("kv", "--port", "0", "--appendonly", "always", "--dir", file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: --dir " + file).doesNotContain("\n");
    assertThat(run("kv", "--id", "two words"))
        .isEqualTo(
            new Run(
                2,
                "error: --id 'two words' must be letters, digits, '.', '_' or '-', e.g. --id kv-2"));
  }

  @Test
  void aLogCorruptInTheMiddleStartsNothingAndSaysWhereAndHowToCutIt() {
    Path log = dir.resolve("kv-1.aof");
    try {
      Files.writeString(log, "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Run run =
        run("kv", "--port", "0", "--http-port", "0", "--appendonly", "no", "--dir", dir.toString());
    assertThat(run)
        .isEqualTo(
            new Run(
                1,
                "error: the append-only log is corrupt at byte offset 0: a record that is not a SET"
                    + " or DEL this server wrote; nothing was started. Keep a copy, then cut the"
                    + " file at that offset (truncate -s 0 FILE) to start with the writes before"
                    + " it."));
  }

  @Test
  void aPortInUseIsOneLineThatSaysHowToFreeIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run = run("kv", "--port", Integer.toString(taken.getLocalPort()), "--http-port", "0");
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err())
          .startsWith("error: Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
          .doesNotContain("\n");
    }
  }
}
