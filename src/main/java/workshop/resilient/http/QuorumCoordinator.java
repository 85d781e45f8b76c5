package workshop.resilient.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.ReplicaReply;
import workshop.quorum.Versioned;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/**
 * Carries out quorum writes and reads over a key's replicas: asks them all at once, lets the pure
 * {@link QuorumWrite} and {@link QuorumRead} decide, and repairs stale replicas after a read.
 */
final class QuorumCoordinator implements AutoCloseable {
  /** A replica by id and base URL. */
  record Replica(String id, String url) {}

  /** A read's outcome plus who served it and whom it repaired. */
  record ReadOutcome(QuorumRead.Result result, String servedBy, List<String> repaired) {}

  private final WebClient http;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  QuorumCoordinator(Duration timeout) {
    this.http = WebClient.builder().timeout(timeout).peerName("registry").build();
  }

  /**
   * Writes to the replicas (their acknowledgements decide) and, best effort, to joining members
   * that will become replicas.
   */
  QuorumWrite.Result write(
      QuorumConfig config,
      String key,
      Versioned value,
      List<Replica> replicas,
      List<Replica> joining) {
    for (Replica j : joining) {
      calls.submit(() -> store(j, key, value));
    }
    List<Future<QuorumWrite.Ack>> pending = new ArrayList<>();
    for (Replica r : replicas) {
      pending.add(calls.submit(() -> store(r, key, value)));
    }
    List<QuorumWrite.Ack> acks = new ArrayList<>();
    for (Future<QuorumWrite.Ack> f : pending) {
      acks.add(join(f));
    }
    return QuorumWrite.decide(config, value, acks);
  }

  ReadOutcome read(QuorumConfig config, String key, List<Replica> replicas) {
    List<Future<ReplicaReply>> pending = new ArrayList<>();
    for (Replica r : replicas) {
      pending.add(calls.submit(() -> fetch(r, key)));
    }
    List<ReplicaReply> replies = new ArrayList<>();
    for (Future<ReplicaReply> f : pending) {
      replies.add(join(f));
    }
    QuorumRead.Result result = QuorumRead.decide(config, replies);
    String servedBy = null;
    if (result.latest().isPresent()) {
      for (ReplicaReply reply : replies) {
        if (reply instanceof ReplicaReply.Found f
            && f.value().version() == result.latest().get().version()) {
          servedBy = f.replica();
          break;
        }
      }
    }
    List<String> repaired = new ArrayList<>();
    if (result.ok() && result.latest().isPresent()) {
      for (String stale : result.stale()) {
        Replica r = replicas.stream().filter(x -> x.id().equals(stale)).findFirst().orElseThrow();
        if (store(r, key, result.latest().get()).stored()) {
          repaired.add(stale);
        }
      }
    }
    return new ReadOutcome(result, servedBy, repaired);
  }

  /** Copies one value to one member; true when it now holds at least that version. */
  boolean copy(Replica to, String key, Versioned value) {
    return store(to, key, value).stored();
  }

  private QuorumWrite.Ack store(Replica r, String key, Versioned value) {
    try {
      ClientResponse resp =
          http.postJson(
              r.url() + "/replicate",
              Map.of(
                  "key",
                  key,
                  "value",
                  value.value(),
                  "version",
                  value.version(),
                  "source_node",
                  "registry"));
      return resp.ok()
          ? QuorumWrite.Ack.stored(r.id())
          : QuorumWrite.Ack.failed(r.id(), "answered " + resp.status());
    } catch (CallFailure e) {
      return QuorumWrite.Ack.failed(r.id(), e.getMessage());
    }
  }

  private ReplicaReply fetch(Replica r, String key) {
    try {
      ClientResponse resp = http.get(r.url() + "/data/" + ResilientNodeServer.encode(key));
      if (resp.status() == 404) {
        return new ReplicaReply.Missing(r.id());
      }
      if (!resp.ok()) {
        return new ReplicaReply.Unreachable(r.id(), "answered " + resp.status());
      }
      var body = resp.json();
      return new ReplicaReply.Found(
          r.id(), new Versioned(body.path("value").asText(), body.path("version").asLong()));
    } catch (CallFailure e) {
      return new ReplicaReply.Unreachable(r.id(), e.getMessage());
    } catch (RuntimeException e) {
      return new ReplicaReply.Unreachable(r.id(), "unreadable answer: " + e.getMessage());
    }
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    calls.shutdownNow();
    http.close();
  }
}
