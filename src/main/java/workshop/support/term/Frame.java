package workshop.support.term;

import java.util.List;

/**
 * One picture of a live view: the full screen for a terminal, and the one-line summary printed
 * instead when output goes to a file, a pipe or CI.
 */
public record Frame(List<String> screen, String line) {
  public static Frame of(String screen, String line) {
    return new Frame(List.of(screen.split("\n", -1)), line);
  }
}
