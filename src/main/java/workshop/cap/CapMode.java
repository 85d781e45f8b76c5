package workshop.cap;

import java.util.Locale;

/**
 * The two answers to a partition that the CAP theorem leaves (Brewer 2000; Gilbert and Lynch 2002):
 * stay consistent and refuse the side without a majority, or stay available and reconcile later.
 */
public enum CapMode {
  /** Consistent: a read or write needs a majority of replicas; a minority side answers 503. */
  CP,
  /** Available: every replica accepts; conflicting values are settled by last-writer-wins. */
  AP;

  /** "cp" or "ap", as {@code --mode} takes it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the two modes
   */
  public static CapMode parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "cp" -> CP;
      case "ap" -> AP;
      default ->
          throw new IllegalArgumentException(
              "mode must be cp (a majority or nothing) or ap (always accept, reconcile later), not '"
                  + text
                  + "'");
    };
  }
}
