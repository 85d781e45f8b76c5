package workshop.resilient.http;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import workshop.membership.Member;
import workshop.resilient.RestartPolicy;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/**
 * Where the registry has seen each node running as a genuine workshop node, for {@link
 * RestartPolicy}: a node it started itself, or one whose address answered {@code GET /health} as a
 * workshop resilient node with the member's id. A heartbeat only names an address; this looks.
 *
 * <p>{@link #look} is called when a member turns alive or moves: on a thread of its own it asks the
 * address up to {@value #TRIES} times, a second apart (a node answers before its first heartbeat,
 * so the first try normally settles it). Thread-safe.
 */
final class NodeSightings implements AutoCloseable {
  /** What a workshop resilient node says it is in {@code /health}: {@code "service"}. */
  static final String SERVICE = "resilient-node";

  /** Looks at an address up to this many times before giving up until it moves or comes back. */
  static final int TRIES = 3;

  /**
   * Its own client, without the token ({@code /health} needs none), so its pooled connections never
   * stand in for the registry's own calls to a node.
   */
  private final WebClient http =
      WebClient.builder().timeout(Duration.ofSeconds(1)).peerName("registry").build();

  private final Map<String, RestartPolicy.Sighting> seen = new ConcurrentHashMap<>();
  private final Set<String> looking = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Where {@code id} was last seen running as a workshop node, or null. */
  RestartPolicy.Sighting seen(String id) {
    return seen.get(id);
  }

  /** This registry started {@code id}'s process, reached at {@code address}. */
  void started(String id, String address) {
    seen.put(id, new RestartPolicy.Sighting(address, "started by this registry"));
  }

  /** Looks, in the background, whether {@code m} runs as a workshop node where it says it is. */
  void look(Member m) {
    RestartPolicy.Sighting s = seen.get(m.id());
    String key = m.id() + " " + m.address();
    if ((s != null && s.address().equals(m.address())) || !looking.add(key)) {
      return;
    }
    Thread.ofVirtual()
        .name("look-at-" + m.id())
        .start(
            () -> {
              try {
                for (int i = 0; i < TRIES && !closed; i++) {
                  if (answers(m)) {
                    seen.put(
                        m.id(),
                        new RestartPolicy.Sighting(
                            m.address(), "answered /health as workshop resilient node " + m.id()));
                    return;
                  }
                  Thread.sleep(1000);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                looking.remove(key);
              }
            });
  }

  @Override
  public void close() {
    closed = true;
    http.close();
  }

  /** Whether {@code m}'s address answers {@code /health} as workshop resilient node {@code m}. */
  private boolean answers(Member m) {
    try {
      ClientResponse r = http.get(m.address() + "/health", Duration.ofSeconds(1));
      if (r.status() != 200) {
        return false;
      }
      ResilientNodeWire.Identity who = r.read(ResilientNodeWire.Identity.class);
      return SERVICE.equals(who.service()) && m.id().equals(who.node_id());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
