package workshop.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The transcript file format: read, written back unchanged, and replayed. */
class TranscriptFormatTest {
  static final String FILE =
      """
      # why the first command
      echo one
      ----
      one

      # an empty output

      silent
      ----

      echo two
      ----
      two
      # a closing remark
      """;

  @Test
  void aFileReadsIntoCommandsWithTheirCommentsAndOutputsAndWritesBackTheSame() {
    Transcript.Parsed p = Transcript.parse(FILE);
    assertThat(p.cases().stream().map(Transcript.Case::command))
        .containsExactly("echo one", "silent", "echo two");
    assertThat(p.cases().get(0).before()).containsExactly("# why the first command");
    assertThat(p.cases().get(1).before()).containsExactly("# an empty output", "");
    assertThat(p.cases().get(1).output()).isEmpty();
    assertThat(p.cases().get(2).line()).isEqualTo(11);
    // An output runs to the next blank line, so a comment right under it belongs to it.
    assertThat(p.cases().get(2).output()).isEqualTo("two\n# a closing remark");
    assertThat(Transcript.render(p, p.cases().stream().map(Transcript.Case::output).toList()))
        .isEqualTo(FILE);
  }

  @Test
  void replayingPutsEachCommandsOutputInPlaceAndMistakesBecomeErrorLines() {
    Transcript.Driver echo =
        command -> {
          if (command.startsWith("echo ")) {
            return command.substring(5);
          }
          if (command.equals("silent")) {
            return "";
          }
          throw new IllegalArgumentException("no such command: " + command);
        };
    String file = "echo hi\n----\nstale\n\nfly\n----\n";
    assertThat(Transcript.replay(Transcript.parse(file), echo))
        .isEqualTo("echo hi\n----\nhi\n\nfly\n----\nerror: no such command: fly\n");
  }

  @Test
  void aCommandWithoutItsSeparatorIsRefusedWithItsLine() {
    assertThatThrownBy(() -> Transcript.parse("# x\nrun 1s\nstate\n"))
        .hasMessage("line 2: 'run 1s' must be followed by a line '----'");
  }

  @Test
  void anOutputWithABlankLineCannotBeWritten() {
    assertThatThrownBy(() -> Transcript.replay(Transcript.parse("x\n----\n"), command -> "a\n\nb"))
        .hasMessage("line 1: the output of 'x' has a blank line");
  }
}
