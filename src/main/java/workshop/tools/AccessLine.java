package workshop.tools;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line of a file server's access log, in the shape Python's {@code http.server} prints (the
 * lab's {@code python3 -m http.server 8001}): who asked, when, the request line and the status,
 * then what Python leaves out: the bytes sent and how long the answer took.
 *
 * <pre>
 * 127.0.0.1 - - [01/Dec/2026 02:41:25] "GET /notes.txt HTTP/1.1" 200 1234 0.4 ms
 * </pre>
 *
 * <p>Pure: the time and the zone are inputs.
 *
 * @param client the caller's address, without its port
 * @param target the path and query as the caller sent them
 * @param bytes the body's length
 */
public record AccessLine(
    String client, Instant at, String method, String target, int status, long bytes, long micros) {
  private static final DateTimeFormatter PYTHON_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy HH:mm:ss", Locale.ROOT);

  /** The line, with the time in {@code zone} (the server's, as Python prints it). */
  public String format(ZoneId zone) {
    return String.format(
        Locale.ROOT,
        "%s - - [%s] \"%s %s HTTP/1.1\" %d %d %.1f ms",
        client,
        PYTHON_TIME.format(at.atZone(zone)),
        method,
        printable(target),
        status,
        bytes,
        micros / 1000.0);
  }

  /**
   * A hostile target cannot forge log lines or drive the terminal: control characters, quotes and
   * backslashes are shown escaped ({@code \x1b}), as recent Pythons print them too.
   */
  static String printable(String target) {
    StringBuilder out = new StringBuilder(target.length());
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
