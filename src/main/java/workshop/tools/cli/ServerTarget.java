package workshop.tools.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;
import workshop.support.proc.AddressBook;

/**
 * The workshop server that {@code info} and {@code clients} ask: a name from the address book
 * ({@code node-1}, as {@code up} and {@code net} print it), {@code host:port}, or an {@code
 * http://} URL (its path ignored). Every way it can fail is one line saying what to do: no such
 * name, a port nobody listens on, a port where something other than a workshop server answers.
 *
 * @param shown how the target is named in output ({@code node-1}, or {@code localhost:5001})
 * @param base {@code http://host:port}
 */
record ServerTarget(String shown, String base) {
  private static final java.util.regex.Pattern HOST_PORT =
      java.util.regex.Pattern.compile("^(\\[[0-9a-fA-F:]+\\]|[^:/\\s\\[\\]]+):(\\d{1,6})$");

  /** Resolves {@code text} against the servers listed in {@code state}'s address book. */
  static ServerTarget resolve(String text, Path state) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw UserError.usage("give a workshop server's name (node-1), host:port, or a URL");
    }
    if (t.contains("://")) {
      URI uri = Urls.http(t);
      return new ServerTarget(uri.getHost() + ":" + port(uri), Urls.base(uri));
    }
    java.util.regex.Matcher hostPort = HOST_PORT.matcher(t);
    if (hostPort.matches()) {
      int port = Integer.parseInt(hostPort.group(2));
      if (port < 1 || port > 65_535) {
        throw UserError.usage("the port in '" + t + "' must be between 1 and 65535");
      }
      return new ServerTarget(t, "http://" + t);
    }
    if (t.matches("\\d+")) {
      throw UserError.usage("'" + t + "' is a number, not a server: write localhost:" + t);
    }
    if (!t.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw UserError.usage(
          "'"
              + shorten(t)
              + "' is not a server name: names are letters, digits, '.', '_' and '-' (node-1),"
              + " or give host:port");
    }
    List<AddressBook.Entry> live = new AddressBook(state).live();
    AddressBook.Entry entry = PingCommand.named(t, live, "target");
    return new ServerTarget(entry.name(), entry.url());
  }

  /**
   * {@code GET path} on the server, read as {@code type}.
   *
   * @throws UserError when nothing answers, or what answers is not a workshop server
   */
  <T> T get(String path, Class<T> type, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw UserError.usage("--timeout must be more than 0, e.g. 5s");
    }
    ClientResponse answer;
    try (WebClient client = WebClient.create(timeout)) {
      answer = client.get(base + path);
    } catch (CallFailure f) {
      throw new UserError("cannot ask " + shown + ": " + f.getMessage());
    }
    if (answer.status() != 200) {
      throw new UserError(
          shown
              + " answered GET "
              + path
              + " with "
              + answer.status()
              + ": not a workshop server (every workshop server answers "
              + path
              + ")"
              + excerpt(answer));
    }
    try {
      return answer.read(type);
    } catch (Json.JsonParseFailure e) {
      throw new UserError(
          shown
              + " answered GET "
              + path
              + " with something other than a workshop server's answer"
              + excerpt(answer));
    }
  }

  private static String excerpt(ClientResponse answer) {
    String text = answer.text().strip().replaceAll("\\s+", " ");
    return text.isEmpty() ? "" : ": " + shorten(text);
  }

  private static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? 80 : uri.getPort();
  }
}
