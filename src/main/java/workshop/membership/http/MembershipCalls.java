package workshop.membership.http;

import java.util.List;
import workshop.membership.MembershipMessage;
import workshop.protocol.http.ProtocolBinding;
import workshop.support.http.ClientResponse;

/**
 * A member's messages to the registry as the original's calls, so a {@link
 * workshop.membership.MemberNode} in the protocol runner heartbeats to our registry and to the
 * original's alike: a {@link MembershipMessage.Heartbeat} is {@code POST /heartbeat} with {@code
 * node_id}, {@code address}, {@code port} and {@code data_count}, and its answer's {@code nodes}
 * (and, from our registry, {@code members}) come back as a {@link MembershipMessage.HeartbeatAck};
 * a {@link MembershipMessage.Deregister} is {@code POST /deregister}.
 */
public final class MembershipCalls {
  private MembershipCalls() {}

  /**
   * The call that carries {@code message} from the member {@code self}, or null for a message that
   * is not a member's.
   */
  public static ProtocolBinding.Call<MembershipMessage> of(String self, MembershipMessage message) {
    return switch (message) {
      case MembershipMessage.Heartbeat h ->
          new ProtocolBinding.Call<>(
              "POST",
              "/heartbeat",
              new MembershipWire.Heartbeat(
                  self, h.address(), MembershipRoutes.port(h.address()), h.dataCount()),
              MembershipCalls::acknowledged);
      case MembershipMessage.Deregister d ->
          new ProtocolBinding.Call<>(
              "POST",
              "/deregister",
              new MembershipWire.Deregister(self),
              r -> {
                if (r.status() != 200 && r.status() != 404) {
                  throw new IllegalStateException("the registry answered " + r.status());
                }
                return List.of(new MembershipMessage.Deregistered(r.status() == 200));
              });
      default -> null;
    };
  }

  /**
   * A heartbeat's answer; the original's registry sends only {@code nodes}. Anything else says
   * whether it was the registry's refusal or another program on the registry's port (macOS's
   * AirPlay Receiver holds 5000 and answers with a whole HTML page), in one line.
   */
  private static List<MembershipMessage> acknowledged(ClientResponse r) {
    MembershipWire.HeartbeatAnswer a = null;
    String detail = null;
    try {
      if (r.ok()) {
        a = r.read(MembershipWire.HeartbeatAnswer.class);
      } else {
        detail = r.read(MembershipWire.Refusal.class).detail();
      }
    } catch (RuntimeException e) {
      // Not a registry's answer: said below.
    }
    if (detail != null) {
      throw new IllegalStateException("the registry refused the heartbeat: " + detail);
    }
    if (a == null || a.nodes() == null) {
      throw new IllegalStateException(
          snippet(r.text())
              + " is not a workshop registry's answer. Is another program on that port? Start the"
              + " registry on another one (./workshop registry --port 5050) and give the nodes"
              + " --registry http://localhost:5050");
    }
    List<MembershipMessage.Peer> alive = peers(a.nodes());
    List<MembershipMessage.Peer> members = a.members() != null ? peers(a.members()) : alive;
    return List.of(new MembershipMessage.HeartbeatAck(alive, members));
  }

  /** A body on one line, quoted and cut at 80 characters. */
  static String snippet(String body) {
    String text = body.strip().replaceAll("\\s+", " ");
    return text.isEmpty()
        ? "an empty body"
        : "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
  }

  private static List<MembershipMessage.Peer> peers(List<MembershipWire.Peer> peers) {
    return peers.stream()
        .map(
            p ->
                new MembershipMessage.Peer(
                    p.node_id(), p.address(), Boolean.TRUE.equals(p.proved_token())))
        .toList();
  }
}
