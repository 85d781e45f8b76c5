package workshop.resilient.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.ReplicaReply;
import workshop.quorum.Versioned;
import workshop.resilient.Placement;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * Carries out quorum writes and reads over a key's replicas: asks them all at once, lets the pure
 * {@link QuorumWrite} and {@link QuorumRead} decide, and repairs stale replicas after a read.
 *
 * <p>It answers once every replica has answered, or {@link #GRACE} after the quorum was reached,
 * whichever comes first: the answer usually reports every copy, but a replica that hangs (stopped,
 * cut off) costs each operation a few milliseconds instead of the full timeout. A replica that
 * answers later still stores the write; anti-entropy covers one that never does.
 */
final class QuorumCoordinator implements AutoCloseable {
  /** A read's outcome plus who served it and whom it repaired. */
  record ReadOutcome(QuorumRead.Result result, String servedBy, List<String> repaired) {}

  /** How long to wait for the remaining replicas once the quorum is reached. */
  static final Duration GRACE = Duration.ofMillis(50);

  /** Why a replica that had not answered when the quorum was decided is counted out. */
  static final String LATE = "no answer within " + GRACE.toMillis() + " ms of the quorum";

  private final WebClient http;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param tokens where the registry's token may go: to the members whose heartbeats proved it
   */
  QuorumCoordinator(Duration timeout, TokenTrust tokens) {
    this(timeout, FaultPolicy.NONE, tokens);
  }

  /**
   * @param faults the registry's fault layer ({@code ./workshop net})
   */
  QuorumCoordinator(Duration timeout, FaultPolicy faults, TokenTrust tokens) {
    this.http =
        WebClient.builder()
            .timeout(timeout)
            .peerName("registry")
            .faults(faults)
            .token(tokens)
            .build();
  }

  /**
   * Writes to the replicas (their acknowledgements decide) and, best effort, to joining members
   * that will become replicas.
   */
  QuorumWrite.Result write(
      QuorumConfig config,
      String key,
      Versioned value,
      List<Placement.Replica> replicas,
      List<Placement.Replica> joining) {
    for (Placement.Replica j : joining) {
      calls.submit(() -> store(j, key, value));
    }
    CompletionService<QuorumWrite.Ack> pending = new ExecutorCompletionService<>(calls);
    for (Placement.Replica r : replicas) {
      pending.submit(() -> store(r, key, value));
    }
    List<QuorumWrite.Ack> acks = collect(pending, replicas.size(), a -> a.stored(), config.w());
    List<QuorumWrite.Ack> ordered = new ArrayList<>();
    for (Placement.Replica r : replicas) {
      ordered.add(
          acks.stream()
              .filter(a -> a.replica().equals(r.id()))
              .findFirst()
              .orElse(QuorumWrite.Ack.failed(r.id(), LATE)));
    }
    return QuorumWrite.decide(config, value, ordered);
  }

  /**
   * Takes answers until all {@code count} are in, or until {@code quorum} of them passed {@code
   * counts} and then {@link #GRACE} has gone by.
   */
  private static <T> List<T> collect(
      CompletionService<T> pending, int count, Predicate<T> counts, int quorum) {
    List<T> answers = new ArrayList<>();
    int good = 0;
    long graceEnds = Long.MAX_VALUE;
    try {
      while (answers.size() < count) {
        Future<T> done;
        if (good < quorum) {
          done = pending.take();
        } else {
          if (graceEnds == Long.MAX_VALUE) {
            graceEnds = System.nanoTime() + GRACE.toNanos();
          }
          done = pending.poll(graceEnds - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (done == null) {
            break;
          }
        }
        T answer = join(done);
        answers.add(answer);
        if (counts.test(answer)) {
          good++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return answers;
  }

  ReadOutcome read(QuorumConfig config, String key, List<Placement.Replica> replicas) {
    CompletionService<ReplicaReply> pending = new ExecutorCompletionService<>(calls);
    for (Placement.Replica r : replicas) {
      pending.submit(() -> fetch(r, key));
    }
    List<ReplicaReply> replies =
        collect(
            pending,
            replicas.size(),
            reply -> !(reply instanceof ReplicaReply.Unreachable),
            config.r());
    List<ReplicaReply> ordered = new ArrayList<>();
    for (Placement.Replica r : replicas) {
      ordered.add(
          replies.stream()
              .filter(reply -> reply.replica().equals(r.id()))
              .findFirst()
              .orElse(new ReplicaReply.Unreachable(r.id(), LATE)));
    }
    replies = ordered;
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
        Placement.Replica r =
            replicas.stream().filter(x -> x.id().equals(stale)).findFirst().orElseThrow();
        if (store(r, key, result.latest().get()).stored()) {
          repaired.add(stale);
        }
      }
    }
    return new ReadOutcome(result, servedBy, repaired);
  }

  /** Copies one value to one member; true when it now holds at least that version. */
  boolean copy(Placement.Replica to, String key, Versioned value) {
    QuorumWrite.Ack a = store(to, key, value);
    return a.stored() || a.holds() >= value.version();
  }

  private QuorumWrite.Ack store(Placement.Replica r, String key, Versioned value) {
    try {
      ClientResponse resp =
          http.postJson(
              r.address() + "/replicate",
              new ResilientNodeWire.Replicate(key, value.value(), value.version(), "registry"));
      if (!resp.ok()) {
        return QuorumWrite.Ack.failed(r.id(), "answered " + resp.status());
      }
      // An answer is not an acknowledgement: "rejected" means the replica kept a newer value.
      return resp.read(ResilientNodeWire.ReplicateAnswer.class).ack(r.id(), value);
    } catch (CallFailure e) {
      return QuorumWrite.Ack.failed(r.id(), e.getMessage());
    } catch (Json.JsonParseFailure e) {
      return QuorumWrite.Ack.failed(r.id(), "unreadable answer: " + e.getMessage());
    }
  }

  private ReplicaReply fetch(Placement.Replica r, String key) {
    try {
      ClientResponse resp = http.get(r.address() + "/data/" + ResilientNodeServer.encode(key));
      if (resp.status() == 404) {
        return new ReplicaReply.Missing(r.id());
      }
      if (!resp.ok()) {
        // Neither found nor missing (a node catching up after a start says 503): no answer.
        return new ReplicaReply.Unreachable(r.id(), "answered " + resp.status() + why(resp));
      }
      ResilientNodeWire.Entry entry = resp.read(ResilientNodeWire.Entry.class);
      return new ReplicaReply.Found(r.id(), new Versioned(entry.value(), entry.version()));
    } catch (CallFailure e) {
      return new ReplicaReply.Unreachable(r.id(), e.getMessage());
    } catch (RuntimeException e) {
      return new ReplicaReply.Unreachable(r.id(), "unreadable answer: " + e.getMessage());
    }
  }

  /** ": its error code", when the answer is the workshop's error shape; else nothing. */
  private static String why(ClientResponse resp) {
    try {
      String error = resp.read(RegistryWire.Refusal.class).error();
      return error == null ? "" : " " + error;
    } catch (Json.JsonParseFailure e) {
      return "";
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
