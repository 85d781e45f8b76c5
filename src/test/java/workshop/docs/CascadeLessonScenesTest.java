package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The basics lesson's cascade on real servers (three in this JVM, on free ports), as a student runs
 * it: once with no protection and once with all, 7 s each (C slow from 1 s to 4 s). Each output is
 * compared with the lesson's block (masked), and the two runs must differ where the lesson says
 * they do: with every protection, A keeps serving the half of its requests that never needed C
 * while C is slow; with none, the slowness spreads to them too.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CascadeLessonScenesTest {
  static final String NONE = "./workshop cascade --protect none --duration 7s";
  static final String ALL = "./workshop cascade --protect all --duration 7s";

  /** A row of the final table: the protections, then A's success overall and while C is slow. */
  static final Pattern ROW = Pattern.compile("(?m)^(none|all)\\s+(\\d+) %\\s+(\\d+) %\\s+.*$");

  @Test
  void everyProtectionKeepsTheWorkThatDoesNotNeedCAliveWhileNoneLetsTheSlownessSpread() {
    String none = InProcess.run(args(NONE));
    String all = InProcess.run(args(ALL));
    int noneWhileSlow = whileSlow(none);
    int allWhileSlow = whileSlow(all);
    // Half of the requests never need C: with every protection they still succeed (about 50 %);
    // with none, A's and B's pools fill with requests waiting on C and those fail too.
    assertThat(allWhileSlow).as(all).isGreaterThanOrEqualTo(40);
    assertThat(allWhileSlow).as(none + "\n" + all).isGreaterThan(noneWhileSlow + 15);
    DocTranscripts.assertMatch(NONE, none);
    DocTranscripts.assertMatch(ALL, all);
  }

  private static String[] args(String command) {
    return command.replaceFirst("^\\./workshop ", "").split(" ");
  }

  private static int whileSlow(String output) {
    Matcher m = ROW.matcher(output);
    assertThat(m.find()).as("a final table row in:\n" + output).isTrue();
    return Integer.parseInt(m.group(3));
  }
}
