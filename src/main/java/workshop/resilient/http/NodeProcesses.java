package workshop.resilient.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.Supervisor;

/**
 * The registry's hands on processes: start a resilient node on a port, stop one as a crash would
 * and confirm it is gone, find a free port. It knows nothing of membership or data; {@link
 * RegistryServer} decides which node and when.
 */
final class NodeProcesses {
  private final WebClient admin;
  private final Supervisor supervisor;

  /** Nodes started here, by id, so a second start while the first still runs is refused. */
  private final Map<String, ChildProcess> started = new HashMap<>();

  /**
   * @param supervisor starts nodes as child processes; null when this registry starts none
   */
  NodeProcesses(WebClient admin, Supervisor supervisor) {
    this.admin = admin;
    this.supervisor = supervisor;
  }

  /** What became of a node asked to stop. */
  enum Stop {
    /** It halted: its port refuses connections now. */
    STOPPED,
    /** Nothing was listening there: it was down already. */
    NOT_RUNNING,
    /**
     * It answered that it has no {@code POST /shutdown} (the original's {@code resilient_node.py}):
     * only its own terminal can stop it.
     */
    NO_SHUTDOWN,
    /** It was asked, but it still answers 3 s later. */
    STILL_RUNNING
  }

  /**
   * Asks the node at {@code address} to stop (its {@code POST /shutdown} halts it at once) and
   * waits up to 3 s until its port refuses connections.
   */
  Stop stop(String address) {
    try {
      ClientResponse r = admin.post(address + "/shutdown");
      if (r.status() == 404 || r.status() == 405) {
        return Stop.NO_SHUTDOWN;
      }
      // Report the kill only once the node has stopped answering: a write right after must not
      // reach it.
      return awaitSilence(address, Duration.ofSeconds(3)) ? Stop.STOPPED : Stop.STILL_RUNNING;
    } catch (CallFailure e) {
      // Refused: nothing was running there. Anything else: the node may have halted before its
      // answer left, so judge by whether it still answers.
      if (e.kind() == CallFailure.Kind.REFUSED) {
        return Stop.NOT_RUNNING;
      }
      return awaitSilence(address, Duration.ofSeconds(3)) ? Stop.STOPPED : Stop.STILL_RUNNING;
    }
  }

  /** The process started here for {@code id} if it is still running, else null. */
  synchronized ChildProcess running(String id) {
    ChildProcess p = started.get(id);
    return p != null && p.alive() ? p : null;
  }

  /**
   * Starts {@code ./workshop resilient-node} for {@code id} on {@code port}, reporting to {@code
   * registryUrl}.
   *
   * @throws IllegalStateException when the process cannot be started
   */
  synchronized void start(String id, int port, String registryUrl) {
    List<String> args =
        List.of(
            "resilient-node",
            "--port",
            Integer.toString(port),
            "--id",
            id,
            "--registry",
            registryUrl);
    started.put(id, supervisor.start(id, args));
  }

  /** The first port from {@code from} to {@code to} nothing listens on, or -1. */
  static int nextFreePort(int from, int to) {
    for (int p = from; p <= Math.min(to, 65_535); p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        return p;
      } catch (IOException e) {
        // taken; try the next
      }
    }
    return -1;
  }

  private boolean awaitSilence(String address, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        admin.get(address + "/health", Duration.ofMillis(200));
      } catch (CallFailure e) {
        // Only a refused connection proves the process is gone: a slow node times out, and a
        // pooled connection to a dying one resets, while the node may still be serving.
        if (e.kind() == CallFailure.Kind.REFUSED) {
          return true;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
