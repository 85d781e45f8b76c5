package workshop.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./workshop serve}'s refusals; serving itself is {@code FileServerTest}'s. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void badFlagsAreOneLineAndExitCode2() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    String[][] cases = {
      {"--port", "-1", "--port must be between 1 and 65535 (0: any free one), got -1"},
      {"--port", "70000", "--port must be between 1 and 65535 (0: any free one), got 70000"},
      {
        "--dir",
        dir.resolve("missing").toString(),
        "--dir " + dir.resolve("missing") + " is not a folder; give a folder to serve, e.g. --dir ."
      },
      {
        "--dir",
        file.toString(),
        "--dir " + file + " is not a folder; give a folder to serve, e.g. --dir ."
      },
      {
        "--name",
        "a b",
        "--name 'a b' must be letters, digits, '.', '_' or '-', e.g. --name files-1"
      },
    };
    for (String[] c : cases) {
      ToolRun run = ToolRun.of("serve", c[0], c[1]);
      assertThat(run.code()).as(c[0] + " " + c[1]).isEqualTo(2);
      assertThat(run.err()).isEqualTo("error: " + c[2] + "\n");
    }
    ToolRun words = ToolRun.of("serve", "--port", "eight");
    assertThat(words.code()).isEqualTo(2);
    assertThat(words.err()).startsWith("error: Invalid value for option '--port': 'eight'");
  }
}
