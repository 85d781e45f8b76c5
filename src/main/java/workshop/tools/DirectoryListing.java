package workshop.tools;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The page a file server answers for a folder without an {@code index.html}: "Directory listing for
 * /path/", one link per entry, folders with a trailing slash, sorted by name ignoring case, as
 * Python's {@code http.server} lists them. Names are escaped for HTML and percent-encoded in links,
 * so a file called {@code <script>} is shown, not run.
 *
 * <p>Pure.
 */
public final class DirectoryListing {
  /** One entry of a folder. */
  public record Entry(String name, boolean folder) {}

  private DirectoryListing() {}

  /**
   * @param path the folder's path as shown ({@code /} or {@code /notes/})
   */
  public static String html(String path, List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing((Entry e) -> e.name().toLowerCase(Locale.ROOT)));
    String title = "Directory listing for " + escape(path);
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>")
        .append(title)
        .append("</title>\n</head>\n<body>\n<h1>")
        .append(title)
        .append("</h1>\n<hr>\n<ul>\n");
    for (Entry e : sorted) {
      String shown = e.folder() ? e.name() + "/" : e.name();
      out.append("<li><a href=\"")
          .append(encode(shown))
          .append("\">")
          .append(escape(shown))
          .append("</a></li>\n");
    }
    return out.append("</ul>\n<hr>\n</body>\n</html>\n").toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#x27;");
  }

  /** Percent-encodes everything but unreserved characters and '/'. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~/".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** The Content-Type for a file name, by extension; unknown ones are plain bytes. */
  public static String contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    String ext = dot < 0 ? "" : lower.substring(dot + 1);
    return switch (ext) {
      case "html", "htm" -> "text/html; charset=utf-8";
      case "txt", "md", "log", "csv", "py", "java", "sh" -> "text/plain; charset=utf-8";
      case "json" -> "application/json";
      case "css" -> "text/css; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "gif" -> "image/gif";
      case "svg" -> "image/svg+xml";
      case "pdf" -> "application/pdf";
      default -> "application/octet-stream";
    };
  }
}
