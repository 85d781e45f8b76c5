package workshop.tools.http;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;
import workshop.tools.AccessLine;
import workshop.tools.DirectoryListing;
import workshop.tools.SafePath;

/**
 * The lab's {@code python3 -m http.server 8001}: serves the files of one folder over HTTP, a
 * listing for a folder without {@code index.html}, and prints one access line per request ({@link
 * AccessLine}). What it adds: {@code GET /health} and {@code /stats} like every workshop server,
 * the fault layer (so {@code ./workshop net delay serve-8001 100ms} reaches it), and refusals where
 * Python quietly serves or rewrites: a path with {@code ..} (403), a symbolic link that leads out
 * of the folder (403), a malformed escape (400), each as the workshop's JSON error. Only GET is
 * served; other methods get the JSON 405 of {@link Routes}.
 */
public final class FileServer implements Observable, AutoCloseable {
  /** Files are read whole into memory to answer; larger ones are refused rather than exhaust it. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private final Path root;
  private final Path realRoot;
  private final PrintStream log;
  private final InstantSource clock;
  private final ZoneId zone = ZoneId.systemDefault();
  private final Instant started;
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final Map<Integer, LongAdder> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
  private final WebServer server;

  private FileServer(
      String name,
      Path root,
      String host,
      int port,
      FaultPolicy faults,
      PrintStream log,
      InstantSource clock)
      throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
    this.log = log;
    this.clock = clock;
    this.started = clock.instant();
    this.server =
        WebServer.builder(name)
            .host(host)
            .port(port)
            .routes(new Routes())
            .filter(this::logged)
            .filter(this::files)
            .observe(this)
            .faults(faults)
            .start();
  }

  /**
   * Serves {@code root} on {@code host:port} (0: a free one).
   *
   * @throws IllegalArgumentException when {@code root} is not a readable folder
   */
  public static FileServer start(
      String name,
      Path root,
      String host,
      int port,
      FaultPolicy faults,
      PrintStream log,
      InstantSource clock) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(
          "--dir " + root + " is not a folder; give a folder to serve, e.g. --dir .");
    }
    try {
      return new FileServer(name, root, host, port, faults, log, clock);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serve " + root + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.port();
  }

  public String url() {
    return server.url();
  }

  public Path root() {
    return root;
  }

  @Override
  public void close() {
    server.close();
  }

  /** The outermost filter: every request that reached this server, one line, whatever happened. */
  private Response logged(Request request, workshop.support.http.Handler next) throws Exception {
    long t0 = System.nanoTime();
    Response answer;
    try {
      answer = next.handle(request);
    } catch (HttpError e) {
      answer = e.toResponse();
    }
    long micros = (System.nanoTime() - t0) / 1_000;
    requests.increment();
    bytesSent.add(answer.body().length);
    byStatus.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
    String client = request.remoteAddress().replaceFirst(":\\d+$", "");
    log.println(
        new AccessLine(
                client,
                clock.instant(),
                request.method(),
                request.target(),
                answer.status(),
                answer.body().length,
                micros)
            .format(zone));
    return answer;
  }

  /** GETs of anything but the server's own routes are files. */
  private Response files(Request request, workshop.support.http.Handler next) throws Exception {
    String path = request.path();
    boolean own =
        path.equals("/health")
            || path.equals("/stats")
            || path.equals("/info")
            || path.equals("/clients")
            || path.startsWith("/fault/");
    if (own || !request.method().equals("GET")) {
      return next.handle(request);
    }
    return switch (SafePath.resolve(path)) {
      case SafePath.Refused r ->
          Response.error(
              r.malformed() ? 400 : 403,
              r.malformed() ? "bad_path" : "forbidden",
              path + ": " + r.reason());
      case SafePath.Inside in -> serve(path, in);
    };
  }

  private Response serve(String shown, SafePath.Inside in) throws IOException {
    Path file = root;
    for (String segment : in.segments()) {
      file = file.resolve(segment);
    }
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      return Response.error(404, "not_found", "no file " + shown + " in the served folder");
    }
    if (!real.startsWith(realRoot)) {
      return Response.error(
          403, "forbidden", shown + " is a link that leads outside the served folder");
    }
    if (Files.isDirectory(real)) {
      if (!in.endsWithSlash() && !in.segments().isEmpty()) {
        // As Python does: relative links in the listing only work below a trailing slash.
        return Response.text(301, "moved to " + shown + "/\n").withHeader("Location", shown + "/");
      }
      Path index = real.resolve("index.html");
      if (Files.isRegularFile(index) && index.toRealPath().startsWith(realRoot)) {
        return file(index);
      }
      return listing(shown, real);
    }
    return file(real);
  }

  private Response file(Path real) throws IOException {
    if (!Files.isReadable(real)) {
      return Response.error(403, "forbidden", real.getFileName() + " cannot be read");
    }
    long size = Files.size(real);
    if (size > MAX_FILE_BYTES) {
      return Response.error(
          403,
          "too_large",
          real.getFileName()
              + " is "
              + size
              + " bytes; this server answers with files of at most "
              + MAX_FILE_BYTES
              + " bytes");
    }
    String name = real.getFileName().toString();
    return Response.bytes(200, DirectoryListing.contentType(name), Files.readAllBytes(real));
  }

  private static Response listing(String shown, Path folder) throws IOException {
    List<DirectoryListing.Entry> entries = new ArrayList<>();
    try (Stream<Path> list = Files.list(folder)) {
      list.forEach(
          p ->
              entries.add(
                  new DirectoryListing.Entry(p.getFileName().toString(), Files.isDirectory(p))));
    }
    String path = shown.endsWith("/") ? shown : shown + "/";
    return Response.bytes(
        200,
        "text/html; charset=utf-8",
        DirectoryListing.html(path, entries).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public Object health() {
    return Json.map(
        "status",
        "healthy",
        "server",
        "serve",
        "dir",
        root.toString(),
        "uptime_seconds",
        java.time.Duration.between(started, clock.instant()).toSeconds());
  }

  @Override
  public Map<String, Object> info() {
    return Json.map("role", "serve", "dir", root.toString());
  }

  @Override
  public Object stats() {
    Map<String, Long> statuses = new TreeMap<>();
    byStatus.forEach((status, n) -> statuses.put(String.valueOf(status), n.sum()));
    return Json.map(
        "requests", requests.sum(), "bytes_sent", bytesSent.sum(), "by_status", statuses);
  }
}
