package workshop.kv.server;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import workshop.kv.Call;
import workshop.kv.Clients;
import workshop.kv.CommandTable;
import workshop.kv.FsyncPolicy;
import workshop.kv.Keyspace;
import workshop.kv.Operation;
import workshop.kv.Outcome;
import workshop.kv.Reply;
import workshop.kv.ServerFacts;
import workshop.support.http.FaultPolicy;

/**
 * The key-value server: one {@link Keyspace} behind one lock, reached two ways, the Redis protocol
 * ({@link RespServer}, for redis-cli and redis-benchmark) and HTTP/JSON ({@link KvHttp}, for curl
 * and the original workshop's clients). Both call {@link #execute}, which runs a command from the
 * {@link CommandTable} and, for a write, carries out the steps the core leaves to it: sequence the
 * write as an {@link Operation}, buffer it for the log, apply it; then, outside the lock, wait
 * until the log's bytes are in the kernel and (with {@code --appendonly always}) on disk before
 * answering. Writers that wait together share one {@code write} and one fsync.
 */
public final class KvServer implements AutoCloseable {
  /** How to start one. {@code policy} null: no log, the data lives in memory only. */
  public record Config(
      String id,
      String host,
      int port,
      int httpPort,
      FsyncPolicy policy,
      Path dir,
      FaultPolicy faults,
      PrintStream log) {}

  /** A command's answer, whether the connection ends after it, and the offset once it ran. */
  public record Result(Reply reply, boolean close, long offset) {}

  private final Config config;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Keyspace keys = new Keyspace();
  private final Clients clients = new Clients();
  private final CommandTable table;
  private final ServerFacts facts;
  private final AppendOnlyFile aof;
  private final RespServer resp;
  private final KvHttp http;

  private KvServer(Config config, InstantSource clock) throws IOException {
    this.config = config;
    this.clock = clock;
    this.table = new CommandTable(keys, clients, this::facts);
    this.aof = config.policy() == null ? null : replay(config);
    this.resp = RespServer.start(this, config.host(), config.port());
    String runId = HexFormat.of().formatHex(randomBytes(20));
    this.facts =
        new ServerFacts(
            runId,
            ProcessHandle.current().pid(),
            resp.port(),
            clock.millis(),
            ServerFacts.LogFacts.NONE);
    this.http = config.httpPort() < 0 ? null : KvHttp.start(this, config);
  }

  /**
   * Starts the server: replays the log, then listens.
   *
   * @throws workshop.kv.AppendLog.CorruptLog when the log is corrupt in the middle
   * @throws UncheckedIOException when a port or the log cannot be opened
   */
  public static KvServer start(Config config, InstantSource clock) {
    try {
      return new KvServer(config, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private AppendOnlyFile replay(Config config) {
    AppendOnlyFile.Opened opened =
        AppendOnlyFile.open(config.dir().resolve(config.id() + ".aof"), config.policy());
    opened.writes().forEach(w -> keys.apply(keys.sequence(w)));
    if (opened.droppedBytes() > 0) {
      config
          .log()
          .printf(
              "%s: dropped the last %d bytes of %s: an incomplete record, the end of a write"
                  + " cut short (Redis's aof-load-truncated); kept %d complete writes%n",
              config.id(), opened.droppedBytes(), opened.file().path(), opened.writes().size());
    } else {
      config
          .log()
          .printf(
              "%s: replayed %d writes from %s (appendonly %s)%n",
              config.id(), opened.writes().size(), opened.file().path(), config.policy().label());
    }
    return opened.file();
  }

  /** Runs one command from connection {@code client}. */
  public Result execute(long client, List<byte[]> args) {
    long position = 0;
    long offset;
    Reply reply;
    boolean close = false;
    lock.lock();
    try {
      Outcome outcome = table.execute(new Call(client, args, clock.millis()));
      switch (outcome) {
        case Outcome.Answer a -> {
          reply = a.reply();
          close = a.close();
        }
        case Outcome.Write w -> {
          Operation op = keys.sequence(w.write());
          try {
            position = aof == null ? 0 : aof.append(op.bytes());
            keys.apply(op);
            reply = w.reply();
          } catch (IOException e) {
            reply =
                Reply.err(
                    "the append-only log cannot be written, so the write was not applied: "
                        + e.getMessage());
          }
        }
      }
      offset = keys.offset();
    } finally {
      lock.unlock();
    }
    if (position > 0) {
      try {
        aof.flushTo(position);
        aof.syncTo(position);
      } catch (IOException e) {
        reply =
            Reply.err(
                "the write was applied but did not reach the append-only log: " + e.getMessage());
      }
    }
    return new Result(reply, close, offset);
  }

  long connect(String addr, String laddr) {
    lock.lock();
    try {
      return clients.connect(addr, laddr, clock.millis());
    } finally {
      lock.unlock();
    }
  }

  void disconnect(long client) {
    lock.lock();
    try {
      clients.disconnect(client);
    } finally {
      lock.unlock();
    }
  }

  /** The server's facts for INFO; called under the lock. */
  private ServerFacts facts() {
    ServerFacts.LogFacts log = aof == null ? ServerFacts.LogFacts.NONE : aof.facts();
    return new ServerFacts(facts.runId(), facts.pid(), facts.tcpPort(), facts.startedMillis(), log);
  }

  /** A snapshot for /info, /health and /stats. */
  KvWire.Info info() {
    lock.lock();
    try {
      ServerFacts f = facts();
      return new KvWire.Info(
          config.id(),
          "master",
          f.tcpPort(),
          keys.size(),
          keys.offset(),
          keys.writes(),
          table.processed(),
          clients.count(),
          f.log().policy() == null ? "off" : f.log().policy(),
          f.log().sizeBytes(),
          f.log().fsyncs(),
          (clock.millis() - f.startedMillis()) / 1000);
    } finally {
      lock.unlock();
    }
  }

  public String id() {
    return config.id();
  }

  public int port() {
    return resp.port();
  }

  /** The HTTP side's URL, or null when it was not started. */
  public String httpUrl() {
    return http == null ? null : http.url();
  }

  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** The log file, or null without one. */
  public Path logFile() {
    return aof == null ? null : aof.path();
  }

  @Override
  public void close() {
    resp.close();
    if (http != null) {
      http.close();
    }
    if (aof != null) {
      try {
        aof.close();
      } catch (IOException e) {
        config.log().println(config.id() + ": closing the log failed: " + e.getMessage());
      }
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SplittableRandom().nextBytes(bytes);
    return bytes;
  }
}
