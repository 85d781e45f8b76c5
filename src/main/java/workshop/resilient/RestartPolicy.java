package workshop.resilient;

import java.util.Optional;
import workshop.membership.Member;

/**
 * When a registry may start a node again ({@code POST /restart/{id}}): only a node it has itself
 * seen running as a genuine workshop node, at the address it is registered at, on this machine, on
 * a port in the registry's range. Anything less would let a single heartbeat choose a process the
 * registry starts: the original's registry (and ours, before this rule) started a node on port 1
 * because a heartbeat had named {@code http://127.0.0.1:1}.
 *
 * <p>What counts as seen: the registry started the process itself (restart, scale-up), or the
 * process at that address answered {@code GET /health} as a workshop resilient node with that id. A
 * heartbeat only names an address; it never proves a process runs there. The shell gathers these
 * facts (the sighting, whether the host is one of this machine's addresses); this class decides,
 * and every refusal says why and what to do instead.
 *
 * <p>Trade-off: a node started by hand that never answered {@code /health} (it died at once, or it
 * is the original's Python node, which does not say it is a workshop node) cannot be restarted
 * through the registry; its student starts it again, as the refusal says. A restart the registry
 * might wrongly make costs more than one it declines.
 *
 * <p>Pure: no I/O, no clock.
 */
public final class RestartPolicy {
  /**
   * Where the registry saw a node running as a workshop node, and how it knows ("started by this
   * registry", "answered /health as a workshop resilient node").
   */
  public record Sighting(String address, String how) {}

  /**
   * The ports a registry starts nodes on, {@code first} to {@code last}: its {@code --min-port} and
   * {@code --max-port}.
   */
  public record PortRange(int first, int last) {
    public PortRange {
      if (first < 1 || last > 65_535 || first > last) {
        throw new IllegalArgumentException(
            "a port range runs from 1 to 65535, first <= last; got " + first + "-" + last);
      }
    }

    public boolean contains(int port) {
      return port >= first && port <= last;
    }

    @Override
    public String toString() {
      return first + "-" + last;
    }
  }

  private final PortRange range;

  public RestartPolicy(PortRange range) {
    this.range = range;
  }

  public PortRange range() {
    return range;
  }

  /**
   * Why {@code member} may not be restarted, if it may not.
   *
   * @param seen where this registry last saw it run as a workshop node, or null for never
   * @param onThisMachine whether the host of its address is one of this machine's
   */
  public Optional<String> refusal(Member member, Sighting seen, boolean onThisMachine) {
    Optional<String> busy = busy(member);
    if (busy.isPresent()) {
      return busy;
    }
    String id = member.id();
    String address = member.address();
    int port = port(address);
    if (!onThisMachine) {
      return Optional.of(
          "Node '" + id + "' ran at " + address + ", not on this machine; restart it there");
    }
    String yourself =
        "; start it yourself: ./workshop resilient-node --port " + port + " --id " + id;
    if (!range.contains(port)) {
      return Optional.of(
          "Node '"
              + id
              + "' is registered on port "
              + port
              + ", outside the ports this registry starts nodes on ("
              + range
              + ", its --min-port and --max-port)"
              + yourself);
    }
    if (seen == null) {
      return Optional.of(
          "Node '"
              + id
              + "' was never seen running as a workshop node at "
              + address
              + " (a heartbeat named that address, but this registry did not start it there and"
              + " nothing there answered /health as resilient node '"
              + id
              + "')"
              + yourself);
    }
    if (!seen.address().equals(address)) {
      return Optional.of(
          "Node '"
              + id
              + "' was seen running at "
              + seen.address()
              + " ("
              + seen.how()
              + "), but its last heartbeat named "
              + address
              + ", where it was never seen running"
              + yourself);
    }
    return Optional.empty();
  }

  /** Why a member that is running, or starting, has nothing to restart; empty when dead or left. */
  public static Optional<String> busy(Member member) {
    String id = member.id();
    return switch (member.status()) {
      case ALIVE ->
          Optional.of(
              "Node '" + id + "' is alive; nothing to restart (POST /kill/" + id + " first)");
      case STARTING ->
          Optional.of("Node '" + id + "' is starting already; wait for its first heartbeat");
      case DEAD, LEFT -> Optional.empty();
    };
  }

  /** The port of a base URL ({@code http://host:port}), or -1 when it names none. */
  static int port(String address) {
    int start = address.indexOf("://");
    String rest = start < 0 ? address : address.substring(start + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    int colon = authority.lastIndexOf(':');
    if (colon < 0 || authority.lastIndexOf(']') > colon) {
      return -1;
    }
    try {
      return Integer.parseInt(authority.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
