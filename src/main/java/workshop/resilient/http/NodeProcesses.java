package workshop.resilient.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import workshop.support.http.AdminToken;
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
  private final String token;

  /** Nodes started here, by id, so a second start while the first still runs is refused. */
  private final Map<String, ChildProcess> started = new HashMap<>();

  /**
   * @param supervisor starts nodes as child processes; null when this registry starts none
   * @param token the registry's token, handed to the nodes it starts (null: none)
   */
  NodeProcesses(WebClient admin, Supervisor supervisor, String token) {
    this.admin = admin;
    this.supervisor = supervisor;
    this.token = token;
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
    STILL_RUNNING,
    /**
     * It answered the shutdown with a refusal (a 403: it wants a token this call did not carry).
     */
    REFUSED
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
      if (!r.ok()) {
        return Stop.REFUSED;
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
   * registryUrl}; with {@code advertise} (a node reached at another of this machine's addresses) it
   * listens on every address and says it is reached there. The node gets the registry's token.
   *
   * @param advertise the address other machines reach it at, or null for a node on loopback
   * @throws IllegalStateException when the process cannot be started
   */
  synchronized void start(String id, int port, String registryUrl, String advertise) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "resilient-node",
                "--port",
                Integer.toString(port),
                "--id",
                id,
                "--registry",
                registryUrl));
    if (advertise != null) {
      args.addAll(List.of("--host", "0.0.0.0", "--advertise", advertise));
    }
    Map<String, String> env = token == null ? Map.of() : Map.of(AdminToken.ENV, token);
    started.put(id, supervisor.start(id, args, env));
  }

  /**
   * Whether {@code host} (of a node's address) is this machine: a loopback address or one of its
   * network interfaces' addresses. A name is looked up.
   */
  static boolean onThisMachine(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress a = InetAddress.getByName(h);
      return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }

  /** Whether {@code host} is a loopback address (a node other machines cannot reach). */
  static boolean loopback(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
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
