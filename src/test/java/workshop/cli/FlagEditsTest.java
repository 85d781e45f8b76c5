package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import workshop.support.cli.UserError;

class FlagEditsTest {
  /** A node's options, as the command line defines them: value or not, and aliases. */
  private static final FlagEdits.Options NODE =
      new FlagEdits.Options() {
        private final Map<String, String> names =
            Map.of(
                "--port", "--port",
                "--id", "--id",
                "--load-factor", "--load-factor",
                "--workers", "--workers",
                "-v", "--verbose",
                "--verbose", "--verbose");

        @Override
        public Optional<String> canonical(String name) {
          return Optional.ofNullable(names.get(name));
        }

        @Override
        public boolean takesValue(String canonical) {
          return !canonical.equals("--verbose");
        }
      };

  private static final List<String> NODE_2 = List.of("node", "--port", "5002", "--id", "2");

  @Test
  void aNewFlagIsAppendedAndTheModulesFlagsKept() {
    assertThat(FlagEdits.apply(NODE_2, List.of("--load-factor", "35"), NODE))
        .containsExactly("node", "--port", "5002", "--id", "2", "--load-factor", "35");
  }

  @Test
  void aFlagTheProcessHasTakesTheNewValueInPlace() {
    assertThat(FlagEdits.apply(NODE_2, List.of("--port=5012", "--workers", "10"), NODE))
        .containsExactly("node", "--port=5012", "--id", "2", "--workers", "10");
  }

  @Test
  void aliasesAreTheSameFlag() {
    List<String> verbose = List.of("node", "--port", "5002", "-v");
    assertThat(FlagEdits.apply(verbose, List.of("--verbose"), NODE))
        .containsExactly("node", "--port", "5002", "--verbose");
  }

  @Test
  void noEditsGivesTheModulesCommandBack() {
    assertThat(FlagEdits.apply(NODE_2, List.of(), NODE)).isEqualTo(NODE_2);
  }

  @Test
  void refusesAnUnknownFlagAMissingValueAndAStrayWord() {
    assertThatThrownBy(() -> FlagEdits.apply(NODE_2, List.of("--load", "35"), NODE))
        .isInstanceOf(UserError.class)
        .hasMessage("node has no option --load; `./workshop node --help` lists them");
    assertThatThrownBy(() -> FlagEdits.apply(NODE_2, List.of("--load-factor"), NODE))
        .hasMessage("--load-factor needs a value, like --load-factor 35");
    assertThatThrownBy(() -> FlagEdits.apply(NODE_2, List.of("35"), NODE))
        .hasMessage("restart takes flags for node, like --port 5012; '35' is not one");
  }
}
