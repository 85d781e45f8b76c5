package workshop.kv;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When the append-only log is forced to disk, as Redis's {@code appendfsync}: what a {@code kill
 * -9} or a power cut can take away is what was written but not yet forced.
 */
public enum FsyncPolicy {
  /** fsync before each write is acknowledged: nothing acknowledged is lost; the slowest. */
  ALWAYS,
  /** fsync once a second: a crash loses at most about the last second's writes. */
  EVERYSEC,
  /**
   * Never fsync; the operating system writes the pages back when it likes (on Linux within about 30
   * s). A killed process loses nothing the kernel already holds; a power cut loses the rest.
   */
  NO;

  /** "always", "everysec" or "no", as the flag takes it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The policy a flag names.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static FsyncPolicy parse(String text) {
    for (FsyncPolicy p : values()) {
      if (p.label().equals(text.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "--appendonly must be one of "
            + Arrays.stream(values()).map(FsyncPolicy::label).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }
}
