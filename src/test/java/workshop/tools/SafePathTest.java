package workshop.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathTest {
  @Test
  void theRootIsNoSegments() {
    assertThat(SafePath.resolve("/")).isEqualTo(new SafePath.Inside(List.of(), true));
  }

  @Test
  void aNestedPathIsItsDecodedSegmentsAndRemembersATrailingSlash() {
    assertThat(SafePath.resolve("/notes/my%20file.txt"))
        .isEqualTo(new SafePath.Inside(List.of("notes", "my file.txt"), false));
    assertThat(SafePath.resolve("/notes/")).isEqualTo(new SafePath.Inside(List.of("notes"), true));
  }

  @Test
  void emptyAndDotSegmentsAreSkipped() {
    assertThat(SafePath.resolve("//a/./b"))
        .isEqualTo(new SafePath.Inside(List.of("a", "b"), false));
  }

  @Test
  void utf8NamesDecode() {
    assertThat(SafePath.resolve("/caf%C3%A9.txt"))
        .isEqualTo(new SafePath.Inside(List.of("café.txt"), false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/../etc/passwd", "/a/../../b", "/%2e%2e/x", "/%2E%2e%2fetc", "/a/..", "/..%2f"})
  void everySpellingOfDotDotIsRefusedAsAWayOut(String path) {
    assertThat(SafePath.resolve(path))
        .isEqualTo(new SafePath.Refused("'..' would leave the served folder", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%5c..%5cb", "/a%00.txt", "/C:%5cWindows", "/x:y"})
  void backslashesNulsAndDriveLettersAreRefused(String path) {
    assertThat(SafePath.resolve(path)).isInstanceOf(SafePath.Refused.class);
    assertThat(((SafePath.Refused) SafePath.resolve(path)).malformed()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/%", "/%4", "/%zz", "noslash", ""})
  void aPathThatCannotBeReadIsMalformed(String path) {
    assertThat(SafePath.resolve(path)).isInstanceOf(SafePath.Refused.class);
    assertThat(((SafePath.Refused) SafePath.resolve(path)).malformed()).isTrue();
  }
}
