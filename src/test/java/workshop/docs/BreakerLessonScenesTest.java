package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.Cli;
import workshop.support.http.WebClient;

/**
 * Lesson 09 as a student runs it: {@code ./workshop up 09} (one process, and it says so), then
 * {@code ./workshop viz breaker} piped against its flaky server, failing and then slow. The view
 * runs here with shorter timings ({@code --every 200ms --open-duration 1s}, a 200 ms timeout
 * against a 600 ms delay) so the scene takes seconds instead of the lesson's half-minute: masked,
 * the lines are the same, and the lesson leaves out the rejections in the middle (their number
 * follows from the timings).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BreakerLessonScenesTest {
  static final String UP = "./workshop up 09";
  static final String FAILING =
      "./workshop viz breaker | cat, with /fail before the first call and /recover after the"
          + " first failed trial";
  static final String SLOW =
      "./workshop viz breaker | cat, with /slow?ms=3000 before the first call";

  @TempDir Path state;

  @Test
  void upStartsOneProcessAndThePlainPanelShowsEveryTransition() throws Exception {
    try (Stage stage = Stage.up("09", state);
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      stage.awaitUp(UP, Duration.ofSeconds(10));
      String server = "http://127.0.0.1:" + stage.port(9001);

      http.post(server + "/fail");
      String failing =
          view(
              server,
              // The first trial fails (failures=4): recover, so the next one succeeds.
              out -> {
                if (out.contains("failures=4")) {
                  http.post(server + "/recover");
                  return true;
                }
                return false;
              },
              "--every",
              "200ms",
              "--open-duration",
              "1s",
              "--calls",
              "16");
      DocTranscripts.assertMatch(FAILING, failing);

      http.post(server + "/slow?ms=600");
      String slow =
          view(
              server,
              out -> true,
              "--timeout",
              "200ms",
              "--every",
              "200ms",
              "--open-duration",
              "1s",
              "--calls",
              "12");
      http.post(server + "/recover");
      DocTranscripts.assertMatch(SLOW, slow);
    }
  }

  /** What {@code viz breaker} prints without a terminal; {@code react} sees it as it grows. */
  private static String view(String server, Reaction react, String... flags)
      throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    List<String> args = new ArrayList<>(List.of("viz", "breaker", "--target", server + "/"));
    args.addAll(List.of(flags));
    int[] code = {-1};
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      Thread run =
          Thread.ofPlatform().start(() -> code[0] = Cli.execute(args.toArray(String[]::new)));
      boolean reacted = false;
      while (run.isAlive()) {
        if (!reacted) {
          reacted = react.to(bytes.toString(StandardCharsets.UTF_8));
        }
        run.join(10);
      }
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code[0]).as(out).isZero();
    return out;
  }

  /** Acts on the output so far; true once it has acted. */
  interface Reaction {
    boolean to(String outputSoFar);
  }
}
