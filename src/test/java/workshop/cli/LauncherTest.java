package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./workshop} (bash) when an edit breaks the build: {@code down}, {@code
 * modules} and {@code --help} run from the last good build and say where the sources fail; other
 * commands refuse, and nothing is rebuilt until a source changes. Runs the real script in a copy of
 * the checkout whose {@code mvnw} and JDK are stand-ins: the build prints a real compiler error (or
 * succeeds), and {@code java} prints the command it was given.
 */
class LauncherTest {
  private static final String ERROR =
      "[ERROR] %s/src/main/java/workshop/sharding/cli/RouterStrategy.java:[8,36] ';' expected";

  @TempDir Path here;
  @TempDir Path jdk;

  @BeforeEach
  void aCheckoutWithAGoodBuildAndABrokenEdit() throws IOException {
    Assumptions.assumeFalse(
        System.getProperty("os.name").toLowerCase().contains("win"),
        "the bash launcher; workshop.cmd is its Windows twin");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs /bin/bash");
    Files.copy(Path.of("workshop"), here.resolve("workshop"));
    Files.writeString(here.resolve("pom.xml"), "<project/>");
    Files.createDirectories(here.resolve("target"));
    Files.writeString(here.resolve("target/workshop.jar"), "the last good build");
    Path source = here.resolve("src/main/java/workshop/sharding/cli/RouterStrategy.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "broken");
    touch(here.resolve("pom.xml"), 1_000);
    touch(here.resolve("target/workshop.jar"), 2_000);
    touch(source, 3_000);
    mavenThatFails();
    script(jdk.resolve("bin/java"), "echo \"java $*\"");
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"21.0.2\"\n");
  }

  @Test
  void downRunsFromTheLastGoodBuildAndSaysWhereTheSourcesFail() throws Exception {
    Run down = launch("down");
    assertThat(down.code()).as(down.err()).isZero();
    assertThat(down.err())
        .contains(
            "The current sources do not compile:"
                + " src/main/java/workshop/sharding/cli/RouterStrategy.java:8: ';' expected")
        .contains("Running `down` from the last good build");
    assertThat(down.out()).endsWith("-jar " + here.resolve("target/workshop.jar") + " down\n");
    assertThat(Files.readString(here.resolve("target/workshop.jar")))
        .isEqualTo("the last good build");
    assertThat(builds()).isEqualTo(1);
  }

  @Test
  void modulesAndHelpToo() throws Exception {
    assertThat(launch("modules").out()).contains(" modules\n");
    Run help = launch("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains(" --help\n");
    assertThat(help.err()).contains("RouterStrategy.java:8: ';' expected");
  }

  @Test
  void otherCommandsRefuseAndAreNotRebuiltUntilASourceChanges() throws Exception {
    Run up = launch("up", "01");
    assertThat(up.code()).isEqualTo(1);
    assertThat(up.out()).isEmpty();
    assertThat(up.err())
        .contains("RouterStrategy.java:[8,36] ';' expected")
        .contains("./workshop down, modules and --help still work, from the last good build.");
    Run again = launch("up", "01");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err())
        .contains(
            "The sources still do not compile:"
                + " src/main/java/workshop/sharding/cli/RouterStrategy.java:8: ';' expected");
    assertThat(launch("down").code()).isZero();
    assertThat(builds()).as("the same sources are not built twice").isEqualTo(1);

    // The student fixes the line: the next command builds again, and runs.
    Files.setLastModifiedTime(
        here.resolve("src/main/java/workshop/sharding/cli/RouterStrategy.java"),
        FileTime.from(Instant.now().plusSeconds(60)));
    mavenThatSucceeds();
    Run fixed = launch("up", "01");
    assertThat(fixed.code()).as(fixed.err()).isZero();
    assertThat(fixed.err()).doesNotContain("do not compile");
    assertThat(fixed.out()).endsWith(" up 01\n");
    assertThat(here.resolve("target/workshop-build.failed")).doesNotExist();
  }

  private record Run(int code, String out, String err) {}

  private Run launch(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", "workshop"));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).directory(here.toFile());
    b.environment().put("JAVA_HOME", jdk.toString());
    b.environment().put("PATH", "/usr/bin:/bin");
    b.environment().remove("WORKSHOP_JAVA_OPTS");
    Path out = Files.createTempFile(here, "out", ".txt");
    Path err = Files.createTempFile(here, "err", ".txt");
    b.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = b.start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not end in 30 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private int builds() throws IOException {
    Path count = here.resolve("builds.txt");
    return Files.exists(count) ? Files.readAllLines(count).size() : 0;
  }

  private void mavenThatFails() throws IOException {
    script(
        here.resolve("mvnw"),
        "echo built >> \""
            + here.resolve("builds.txt")
            + "\"\n"
            + "cat <<'LOG'\n[ERROR] COMPILATION ERROR : \n"
            + String.format(ERROR, here)
            + "\n[ERROR] -> [Help 1]\nLOG\n"
            + "exit 1");
  }

  private void mavenThatSucceeds() throws IOException {
    script(
        here.resolve("mvnw"),
        "echo built >> \""
            + here.resolve("builds.txt")
            + "\"\n"
            + "echo 'a new build' > \""
            + here.resolve("target/workshop.jar")
            + "\"");
  }

  private static void script(Path file, String body) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void touch(Path file, long secondsAfterEpochBase) throws IOException {
    // Fixed, well-separated times: the launcher compares them with find -newer.
    Files.setLastModifiedTime(
        file,
        FileTime.from(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(secondsAfterEpochBase)));
  }
}
