package workshop.quorum.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.ReplicaReply;
import workshop.quorum.Versioned;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * A quorum coordinator over HTTP: asks every replica, lets {@link QuorumRead} and {@link
 * QuorumWrite} decide, and carries out read repair. It asks all N and counts who answers (as the
 * original did), so a read's answer is the newest among every replica it can reach.
 *
 * <p>Versions come from {@code versions}, one counter shared by the coordinators of a demo, like
 * the client timestamps Cassandra orders writes by.
 */
public final class QuorumClient implements AutoCloseable {
  private final QuorumConfig config;
  private final Map<String, String> replicas;
  private final LongSupplier versions;
  private final WebClient http;

  /** The highest version a replica refused a write with: later writes go above it. */
  private long floor;

  /**
   * @param replicas replica name to base URL, in the order they are asked
   * @param peerName how replicas see this client (what a partition blocks)
   */
  public QuorumClient(
      QuorumConfig config, Map<String, String> replicas, LongSupplier versions, String peerName) {
    if (replicas.size() != config.n()) {
      throw new IllegalArgumentException(
          config + " needs " + config.n() + " replicas, got " + replicas.size());
    }
    this.config = config;
    this.replicas = new LinkedHashMap<>(replicas);
    this.versions = versions;
    this.http = WebClient.builder().timeout(Duration.ofSeconds(2)).peerName(peerName).build();
  }

  public QuorumConfig config() {
    return config;
  }

  /**
   * Writes {@code value} at the next version. A replica that holds a newer version refuses it (it
   * answers {@code "stored": false}); then the write fails unless W others stored it, and the next
   * version this client uses is above what the refusing replica holds, so a retry wins.
   */
  public QuorumWrite.Result write(String key, String value) {
    Versioned v;
    synchronized (this) {
      v = new Versioned(value, Math.max(versions.getAsLong(), floor + 1));
    }
    List<QuorumWrite.Ack> acks = new ArrayList<>();
    for (var replica : replicas.entrySet()) {
      acks.add(store(replica.getKey(), replica.getValue(), key, v));
    }
    QuorumWrite.Result result = QuorumWrite.decide(config, v, acks);
    synchronized (this) {
      floor = Math.max(floor, result.highestHeld());
    }
    return result;
  }

  private QuorumWrite.Ack store(String name, String url, String key, Versioned v) {
    try {
      ClientResponse r = put(url, key, v);
      if (!r.ok()) {
        return QuorumWrite.Ack.failed(name, "answered " + r.status());
      }
      ReplicaWire.Stored s = r.read(ReplicaWire.Stored.class);
      return QuorumWrite.Ack.answer(
          name, v, s.stored(), new QuorumWrite.Held(s.value(), s.version()));
    } catch (CallFailure e) {
      return QuorumWrite.Ack.failed(name, describe(e));
    } catch (Json.JsonParseFailure e) {
      return QuorumWrite.Ack.failed(name, "unreadable answer: " + e.getMessage());
    }
  }

  /** A quorum read; on success, stale replicas that answered are repaired. */
  public Read read(String key) {
    List<ReplicaReply> replies = new ArrayList<>();
    for (var replica : replicas.entrySet()) {
      replies.add(ask(replica.getKey(), replica.getValue(), key));
    }
    QuorumRead.Result result = QuorumRead.decide(config, replies);
    List<String> repaired = new ArrayList<>();
    if (result.ok() && result.latest().isPresent()) {
      for (String stale : result.stale()) {
        // Best effort: a repair that does not take is tried again by the next read.
        if (store(stale, replicas.get(stale), key, result.latest().get()).stored()) {
          repaired.add(stale);
        }
      }
    }
    return new Read(result, replies, repaired);
  }

  /**
   * A read's decision, what each replica said, and which replicas read repair brought up to date.
   */
  public record Read(QuorumRead.Result result, List<ReplicaReply> replies, List<String> repaired) {}

  private ReplicaReply ask(String name, String url, String key) {
    try {
      ClientResponse r = http.get(url + "/replica/" + encode(key));
      if (r.status() == 404) {
        return new ReplicaReply.Missing(name);
      }
      if (!r.ok()) {
        return new ReplicaReply.Unreachable(name, "answered " + r.status());
      }
      ReplicaWire.Entry entry = r.read(ReplicaWire.Entry.class);
      return new ReplicaReply.Found(name, new Versioned(entry.value(), entry.version()));
    } catch (CallFailure e) {
      return new ReplicaReply.Unreachable(name, describe(e));
    } catch (Json.JsonParseFailure e) {
      return new ReplicaReply.Unreachable(name, "unreadable answer: " + e.getMessage());
    }
  }

  private ClientResponse put(String url, String key, Versioned v) {
    return http.send(
        "PUT",
        url + "/replica/" + encode(key),
        Map.of("Content-Type", "application/json"),
        Json.write(new ReplicaWire.Put(v.value(), v.version())),
        http.timeout());
  }

  private static String describe(CallFailure e) {
    return switch (e.kind()) {
      case REFUSED -> "connection refused";
      case TIMEOUT -> "timed out";
      case RESET -> "connection closed";
      case IO -> "I/O error";
    };
  }

  private static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    http.close();
  }
}
