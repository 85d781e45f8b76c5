package workshop.kv.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import workshop.kv.Reply;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * The key-value server over HTTP/JSON, for curl and the original workshop's Python clients: {@code
 * POST /write} and {@code GET /data/{key}} as the original's primary answered them (a missing key
 * is a 404 with a JSON error here, where the original answered 200 with {@code null}), and every
 * workshop server's {@code /health}, {@code /stats}, {@code /info}, {@code /clients} and fault
 * routes; {@code /info} carries the key count, the replication role and offset, and the log's
 * policy. Each call is the same SET or GET a redis-cli user sends, through {@link
 * KvServer#execute}.
 */
final class KvHttp implements Observable, AutoCloseable {
  /** HTTP callers are not RESP connections; id 0 is never given to one. */
  private static final long NO_CONNECTION = 0;

  private final KvServer kv;
  private final WebServer server;

  private KvHttp(KvServer kv, KvServer.Config config) {
    this.kv = kv;
    Routes routes = new Routes().post("/write", this::write).get("/data/{key}", this::read);
    this.server =
        WebServer.builder(config.id())
            .host(config.host())
            .port(config.httpPort())
            .routes(routes)
            .observe(this)
            .faults(config.faults())
            .start();
  }

  static KvHttp start(KvServer kv, KvServer.Config config) {
    return new KvHttp(kv, config);
  }

  String url() {
    return server.url();
  }

  int port() {
    return server.port();
  }

  private Response write(Request request) {
    KvWire.WriteBody body = request.read(KvWire.WriteBody.class);
    KvServer.Result result =
        kv.execute(NO_CONNECTION, List.of(utf8("SET"), utf8(body.key()), utf8(body.value())));
    if (result.reply() instanceof Reply.Error e) {
      throw HttpError.unavailable(e.message());
    }
    return Response.ok(new KvWire.Written("written", kv.id(), body.key(), result.offset()));
  }

  private Response read(Request request) {
    String key = request.pathParam("key");
    Reply reply = kv.execute(NO_CONNECTION, List.of(utf8("GET"), utf8(key))).reply();
    if (reply instanceof Reply.Bulk b) {
      return Response.ok(
          new KvWire.Data(key, new String(b.bytes(), StandardCharsets.UTF_8), kv.id()));
    }
    throw HttpError.notFound("no key '" + key + "' on " + kv.id() + "; write it with POST /write");
  }

  @Override
  public Object health() {
    return Json.map("status", "healthy", "node", kv.id(), "role", "master");
  }

  @Override
  public Object stats() {
    return kv.info();
  }

  @Override
  public java.util.Map<String, Object> info() {
    KvWire.Info i = kv.info();
    return Json.map(
        "role",
        "kv",
        "id",
        i.node(),
        "keys",
        i.keys(),
        "replication_role",
        i.role(),
        "master_repl_offset",
        i.offset(),
        "appendonly",
        i.appendonly());
  }

  @Override
  public void close() {
    server.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
