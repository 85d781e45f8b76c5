package workshop.cli;

import java.nio.file.Path;
import workshop.support.proc.PidFile;

/** Where the launcher keeps its state: {@code .workshop/} in the project folder. */
public final class Home {
  private Home() {}

  public static Path dir() {
    String home = System.getProperty("workshop.home");
    return Path.of(home != null ? home : ".").toAbsolutePath().normalize().resolve(".workshop");
  }

  /** The record of what {@code up} started. */
  public static PidFile upPids() {
    return new PidFile(dir().resolve("up.pids"));
  }
}
