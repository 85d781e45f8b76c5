package workshop.docs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
  void upStartsOneProcessAndThePlainPanelShowsEveryTransition() {
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
  private static String view(String server, Predicate<String> react, String... flags) {
    List<String> args = new ArrayList<>(List.of("viz", "breaker", "--target", server + "/"));
    args.addAll(List.of(flags));
    return InProcess.run(react, args.toArray(String[]::new));
  }
}
