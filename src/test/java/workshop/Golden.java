package workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden transcripts (etcd's datadriven style): generated text compared with a file under {@code
 * src/test/resources}. After a deliberate change, rewrite the files with {@code ./mvnw test
 * -Dgolden.rewrite=true} and review the diff like code.
 */
public final class Golden {
  private Golden() {}

  /**
   * A frame as a golden file holds it: a {@code ##} title, the screen, and the plain-output line.
   */
  public static String frame(String title, workshop.support.term.Frame f) {
    return "## " + title + "\n" + String.join("\n", f.screen()) + "\n-- line: " + f.line() + "\n\n";
  }

  public static void assertMatches(String resource, String actual) {
    Path file = Path.of("src/test/resources").resolve(resource);
    try {
      if (Boolean.getBoolean("golden.rewrite")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      }
      String expected =
          Files.exists(file)
              ? Files.readString(file, StandardCharsets.UTF_8)
              : "(missing golden file " + file + ")";
      assertThat(actual).as("golden file " + file).isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
