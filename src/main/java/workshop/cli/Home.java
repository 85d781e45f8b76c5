package workshop.cli;

import java.nio.file.Path;
import workshop.support.proc.ProcessRecords;

/**
 * Where the launcher keeps its state: {@code .workshop/} in the project folder (or {@code
 * WORKSHOP_STATE}): the records of every process the toolkit started, and the running {@code up}'s
 * control file.
 */
public final class Home {
  private Home() {}

  public static Path dir() {
    return ProcessRecords.stateOfThisCheckout();
  }

  /** Every process the toolkit started from this checkout, whoever started it. */
  public static ProcessRecords records() {
    return new ProcessRecords(dir());
  }

  /** How {@code restart} and {@code stop} reach the running {@code up}. */
  public static Path upControl() {
    return dir().resolve("up.control");
  }
}
