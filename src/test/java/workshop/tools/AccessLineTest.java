package workshop.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AccessLineTest {
  private static final Instant T0 = Instant.parse("2026-12-01T02:41:25Z");

  @Test
  void readsLikePythonsHttpServerWithBytesAndTimeAdded() {
    AccessLine line = new AccessLine("127.0.0.1", T0, "GET", "/notes.txt?x=1", 200, 1234, 420);
    assertThat(line.format(ZoneOffset.UTC))
        .isEqualTo(
            "127.0.0.1 - - [01/Dec/2026 02:41:25] \"GET /notes.txt?x=1 HTTP/1.1\" 200 1234 0.4 ms");
  }

  @Test
  void showsTheTimeInTheServersZone() {
    AccessLine line = new AccessLine("127.0.0.1", T0, "GET", "/", 404, 0, 0);
    assertThat(line.format(ZoneOffset.ofHours(2))).contains("[01/Dec/2026 04:41:25]");
  }

  @Test
  void aHostileTargetCannotForgeALineOrDriveTheTerminal() {
    AccessLine line =
        new AccessLine("10.0.0.9", T0, "GET", "/a\"b\\c\n127.0.0.1 - - fake\u001b[2J", 400, 0, 0);
    String shown = line.format(ZoneOffset.UTC);
    assertThat(shown).doesNotContain("\n").doesNotContain("\u001b");
    assertThat(shown).contains("/a\\x22b\\x5cc\\x0a127.0.0.1 - - fake\\x1b[2J");
  }
}
