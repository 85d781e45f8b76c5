package workshop.kv.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.kv.AppendLog;
import workshop.kv.FsyncPolicy;
import workshop.kv.server.KvServer;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;
import workshop.support.proc.ProcessRecords;

/** {@code ./workshop kv --port 6380 [--http-port 13000] [--appendonly always|everysec|no]}. */
@Command(
    name = "kv",
    mixinStandardHelpOptions = true,
    description = {
      "Start a key-value server that speaks the Redis protocol, so redis-cli and redis-benchmark"
          + " work on it, and HTTP/JSON for curl (POST /write, GET /data/KEY, GET /info).",
      "With --appendonly every write is appended to a log that is replayed at the next start."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop kv --port 6380",
      "  redis-cli -p 6380 SET user_1 Alice",
      "  curl localhost:13000/data/user_1",
      "  ./workshop kv --port 6380 --appendonly always --dir /tmp/kv"
    })
public final class KvCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "6380",
      description = "Port of the Redis protocol (default ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(
      names = "--http-port",
      defaultValue = "13000",
      description =
          "Port of HTTP/JSON, the original workshop's primary port (default ${DEFAULT-VALUE};"
              + " 0: any free one).")
  int httpPort;

  @Option(
      names = "--id",
      defaultValue = "kv-1",
      description =
          "The name ./workshop net and pause know this server by, and its log's file name"
              + " (default ${DEFAULT-VALUE}; a number N means kv-N).")
  String id;

  @Option(
      names = "--appendonly",
      description =
          "Keep an append-only log and force it to disk always (before each reply), everysec"
              + " (once a second) or no (when the operating system likes); without this flag"
              + " the data lives in memory only.")
  String appendonly;

  @Option(
      names = "--dir",
      description = "The folder of the append-only log (default: .workshop/kv in this checkout).")
  Path dir;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}: this machine only).")
  String host;

  @Override
  public Integer call() {
    if (port < 0 || port > 65_535) {
      throw UserError.usage("--port must be between 1 and 65535 (0: any free one), got " + port);
    }
    if (httpPort < 0 || httpPort > 65_535) {
      throw UserError.usage(
          "--http-port must be between 1 and 65535 (0: any free one), got " + httpPort);
    }
    String name = id.matches("\\d+") ? "kv-" + id : id;
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw UserError.usage(
          "--id '" + id + "' must be letters, digits, '.', '_' or '-', e.g. --id kv-2");
    }
    FsyncPolicy policy = null;
    if (appendonly != null) {
      try {
        policy = FsyncPolicy.parse(appendonly);
      } catch (IllegalArgumentException e) {
        throw UserError.usage(e.getMessage());
      }
    }
    Path folder = dir != null ? dir : ProcessRecords.stateOfThisCheckout().resolve("kv");
    if (policy != null) {
      writable(folder);
    }
    NetFaults net = NetFaults.forThisProcess(name, System.out);
    KvServer server;
    try {
      server =
          KvServer.start(
              new KvServer.Config(
                  net.name(), host, port, httpPort, policy, folder, net, System.out),
              InstantSource.system());
    } catch (AppendLog.CorruptLog e) {
      throw new UserError(
          e.getMessage()
              + "; nothing was started. Keep a copy, then cut the file at that offset"
              + " (truncate -s "
              + e.offset()
              + " FILE) to start with the writes before it.");
    } catch (UncheckedIOException e) {
      throw new UserError(e.getMessage());
    }
    net.listening(server.httpUrl());
    System.out.printf(
        "%s: Redis protocol on %s:%d, HTTP on %s, %s%n",
        net.name(),
        host,
        server.port(),
        server.httpUrl(),
        policy == null
            ? "no append-only log"
            : "appendonly " + policy.label() + " in " + server.logFile());
    System.out.printf(
        "Try: redis-cli -p %d SET user_1 Alice, then curl %s/data/user_1  (Ctrl+C stops it)%n",
        server.port(), server.httpUrl());
    System.out.flush();
    return Serve.untilShutdown(server, net.name() + " stopped.");
  }

  private static void writable(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw UserError.usage("--dir " + folder + " cannot be created: " + e.getMessage());
    }
    if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
      throw UserError.usage("--dir " + folder + " is not a folder this user can write to");
    }
  }
}
