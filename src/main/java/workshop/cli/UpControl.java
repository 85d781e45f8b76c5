package workshop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * How {@code ./workshop restart} and {@code ./workshop stop} reach the running {@code up}: a small
 * HTTP server on a free loopback port, whose port and secret {@code up} writes to {@code
 * .workshop/up.control} (readable by this user only). Every call must carry the secret, so another
 * user on a shared machine cannot restart a student's processes.
 *
 * <pre>
 * GET  /processes                  what runs, by name
 * POST /processes/{name}/restart   {"flags": ["--load-factor", "35"]}: stop it, start it again
 * POST /processes/{name}/stop      stop it; up waits for its restart
 * </pre>
 */
final class UpControl implements AutoCloseable {
  static final String HEADER = "X-Workshop-Control";

  /** A restart's flags, added to or replacing the module's flags for that process. */
  record Restart(List<String> flags) {}

  /** What one process is doing. */
  record Process(String name, long pid, String state, List<String> args) {
    static Process of(ModuleRun.State s) {
      return new Process(s.name(), s.pid(), s.state(), s.args());
    }
  }

  /** The processes of the running module. */
  record Processes(String module, List<Process> processes) {}

  /** The answer to a stop: the process as it was, or why nothing was stopped. */
  record Stopped(String name, boolean stopped, long pid, String message) {}

  private final WebServer server;
  private final Path file;

  private UpControl(WebServer server, Path file) {
    this.server = server;
    this.file = file;
  }

  /** Starts the control server for {@code run} and writes the control file. */
  static UpControl start(String module, ModuleRun run, Path file) {
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Routes routes =
        new Routes()
            .get(
                "/processes",
                r ->
                    Response.ok(
                        new Processes(module, run.states().stream().map(Process::of).toList())))
            .destructive("POST", "/processes/{name}/restart", r -> restart(run, r))
            .destructive("POST", "/processes/{name}/stop", r -> stop(run, r));
    WebServer server =
        WebServer.builder("up-control")
            .host("127.0.0.1")
            .port(0)
            .routes(routes)
            .filter(
                (request, next) ->
                    secret.equals(request.header(HEADER))
                        ? next.handle(request)
                        : Response.error(403, "forbidden", "missing or wrong " + HEADER))
            .start();
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Windows: the file sits in the user's own checkout.
      }
      Files.writeString(tmp, server.port() + " " + secret + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new UpControl(server, file);
  }

  private static Response restart(ModuleRun run, Request request) {
    Restart body = request.read(Restart.class);
    try {
      return Response.ok(Process.of(run.restart(request.pathParam("name"), body.flags())));
    } catch (UserError e) {
      throw HttpError.unprocessable(e.getMessage());
    } catch (ModuleRun.StartFailed e) {
      throw HttpError.conflict(e.getMessage());
    }
  }

  private static Response stop(ModuleRun run, Request request) {
    String name = request.pathParam("name");
    try {
      return Response.ok(
          run.stop(name)
              .map(
                  s ->
                      new Stopped(
                          name,
                          true,
                          s.pid(),
                          "Stopped "
                              + name
                              + " (pid "
                              + s.pid()
                              + "); ./workshop restart "
                              + name
                              + " starts it again."))
              .orElse(
                  new Stopped(
                      name,
                      false,
                      0,
                      name
                          + " was not running; ./workshop restart "
                          + name
                          + " starts it again.")));
    } catch (UserError e) {
      throw HttpError.notFound(e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A stale file names a port nobody answers on: the client says up is not running.
    }
    server.close();
  }

  /** The client side, for {@code restart} and {@code stop}. */
  static final class Client implements AutoCloseable {
    private final String url;
    private final String secret;
    private final WebClient http;

    private Client(int port, String secret, Duration timeout) {
      this.url = "http://127.0.0.1:" + port;
      this.secret = secret;
      this.http = WebClient.builder().timeout(timeout).peerName("workshop-cli").build();
    }

    /** The running {@code up}, or empty when none runs from this checkout. */
    static Optional<Client> connect(Path file) {
      List<String> words;
      try {
        words = List.of(Files.readString(file, StandardCharsets.UTF_8).trim().split(" "));
      } catch (IOException e) {
        return Optional.empty();
      }
      if (words.size() != 2 || !words.get(0).matches("\\d{1,5}")) {
        return Optional.empty();
      }
      // A restart waits for the new process to listen: up to a minute on a busy laptop.
      Client c =
          new Client(
              Integer.parseInt(words.get(0)), words.get(1), ModuleRun.READY_WITHIN.plusSeconds(15));
      try {
        c.processes();
        return Optional.of(c);
      } catch (CallFailure e) {
        c.close();
        return Optional.empty();
      }
    }

    Processes processes() {
      return read(send("GET", "/processes", null), Processes.class);
    }

    /** Restarts {@code name}; a {@link UserError} with up's reason when it cannot. */
    Process restart(String name, List<String> flags) {
      return read(send("POST", path(name) + "/restart", new Restart(flags)), Process.class);
    }

    Stopped stop(String name) {
      return read(send("POST", path(name) + "/stop", null), Stopped.class);
    }

    private static String path(String name) {
      if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new UserError("'" + name + "' is not a process name; `./workshop up` prints them");
      }
      return "/processes/" + name;
    }

    private ClientResponse send(String method, String path, Object body) {
      return http.send(
          method,
          url + path,
          Map.of(HEADER, secret, "Content-Type", Response.JSON),
          body == null ? null : Json.write(body),
          http.timeout());
    }

    private static <T> T read(ClientResponse r, Class<T> type) {
      if (r.status() / 100 != 2) {
        String detail;
        try {
          detail = r.read(Refusal.class).detail();
        } catch (Json.JsonParseFailure e) {
          detail = r.text();
        }
        throw new UserError(detail);
      }
      return r.read(type);
    }

    @Override
    public void close() {
      http.close();
    }
  }

  /** The shape of a refusal. */
  record Refusal(String detail) {}
}
