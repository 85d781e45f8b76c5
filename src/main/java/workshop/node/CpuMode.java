package workshop.node;

import java.util.Locale;

/** Where a node's {@code --load-factor} work runs ({@code --cpu}). */
public enum CpuMode {
  /**
   * On the node's own simulated machine of {@code --cores} cores: the request waits, without
   * burning anything, until its simulated work is done. Every laptop shows the same numbers, and
   * three nodes have three machines' worth of cores.
   */
  SIMULATED,
  /**
   * On this machine's real cores: the request computes fib(n). Nodes on one laptop share its cores,
   * and anything else running on it slows them down.
   */
  REAL;

  /** The flag's spelling: {@code simulated} or {@code real}. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code --cpu}'s value.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static CpuMode parse(String text) {
    for (CpuMode mode : values()) {
      if (mode.flag().equals(text == null ? null : text.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "--cpu must be simulated (the node's own cores, the same numbers on every laptop) or real"
            + " (this machine's cores), got '"
            + text
            + "'");
  }
}
