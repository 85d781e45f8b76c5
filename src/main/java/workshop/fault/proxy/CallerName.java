package workshop.fault.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is calling through the proxy, for the faults that name callers (a partition, a block). A
 * workshop process names itself on every HTTP call in its {@code X-Workshop-Net} header; the proxy
 * reads it from the first chunk of a connection when that chunk is an HTTP request. Any other
 * caller (curl, redis-cli, the original's Python nodes) is named by its address, as a workshop
 * server names curl: it is outside every partition, and delays and losses on the proxy still reach
 * it.
 */
final class CallerName {
  private static final Pattern REQUEST_LINE =
      Pattern.compile("^[A-Z]{3,10} \\S+ HTTP/1\\.[01]\r\n");
  private static final Pattern MARK =
      Pattern.compile(
          "\r\nx-workshop-net:[ \t]*([A-Za-z0-9][A-Za-z0-9._:\\-]{0,99})[ \t]*(?:;|\r\n)");

  /** Only the head is searched: a mark is a header. */
  static final int HEAD_BYTES = 8192;

  private CallerName() {}

  /** The name in the chunk's mark, or {@code address} when it carries none. */
  static String of(byte[] chunk, int length, String address) {
    String head = new String(chunk, 0, Math.min(length, HEAD_BYTES), StandardCharsets.ISO_8859_1);
    if (!REQUEST_LINE.matcher(head).lookingAt()) {
      return address;
    }
    int end = head.indexOf("\r\n\r\n");
    String headers = (end < 0 ? head : head.substring(0, end + 2)).toLowerCase(Locale.ROOT);
    Matcher m = MARK.matcher(headers);
    if (!m.find()) {
      return address;
    }
    // The name as the caller wrote it (lower-cased above only to find the header).
    int at = m.start(1);
    String original = end < 0 ? head : head.substring(0, end + 2);
    return original.substring(at, m.end(1));
  }
}
