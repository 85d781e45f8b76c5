package workshop.tools;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the path of a request into the names of the folders and file to serve below a file server's
 * root, or refuses it with a reason. The rule: after percent-decoding, every segment must be an
 * ordinary name, so {@code ..} (however it is spelled: {@code %2e%2e}, {@code ..%2f}), a backslash,
 * a NUL or a drive letter is refused rather than quietly dropped as Python's {@code http.server}
 * drops it. Symbolic links leading out of the root are the shell's to check, since only the file
 * system knows them.
 *
 * <p>Pure: no file system access.
 */
public final class SafePath {
  /** A path within the root, as segments ({@code []} is the root), or why it was refused. */
  public sealed interface Result {}

  public record Inside(List<String> segments, boolean endsWithSlash) implements Result {}

  /**
   * @param malformed true when the path cannot be read at all (answer 400), false when it reads as
   *     a way out of the folder (answer 403)
   */
  public record Refused(String reason, boolean malformed) implements Result {}

  private SafePath() {}

  /** {@code rawPath} as sent (still percent-encoded, without the query). */
  public static Result resolve(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return new Refused("a path starts with '/'", true);
    }
    String decoded;
    try {
      decoded = decode(rawPath);
    } catch (IllegalArgumentException e) {
      return new Refused(e.getMessage(), true);
    }
    List<String> segments = new ArrayList<>();
    for (String s : decoded.split("/", -1)) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        return new Refused("'..' would leave the served folder", false);
      }
      if (s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0 || s.contains(":")) {
        return new Refused("a name with '\\', ':' or NUL is not served", false);
      }
      segments.add(s);
    }
    return new Inside(List.copyOf(segments), decoded.endsWith("/"));
  }

  /** Percent-decoding as UTF-8; a '+' stays a '+' (it means a space only in a query). */
  static String decode(String raw) {
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%') {
        int hi = i + 1 < in.length ? hex(in[i + 1]) : -1;
        int lo = i + 2 < in.length ? hex(in[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("a '%' must be followed by two hex digits");
        }
        out[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else {
        out[n++] = in[i];
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit((char) b, 16);
  }
}
