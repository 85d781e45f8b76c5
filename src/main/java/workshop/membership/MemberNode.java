package workshop.membership;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * A member's side of membership on the protocol-node contract. At start and then every {@code
 * interval} (2 s) the timer "heartbeat" fires and the member tells the registry it is alive, where
 * it is reached and how many keys it holds; the registry's answer says who else is alive and who
 * the members are, and the member keeps the latest answer as its view of the cluster.
 *
 * <p>It never stops heartbeating on its own: a registry that does not answer (down, restarting, cut
 * off) is simply tried again at the next beat, so members re-register by themselves when it is
 * back, and a paused member resumes its beats, overdue one first, when it wakes. Only a {@link
 * MembershipMessage.Leave} request stops the beats: the member says goodbye ({@link
 * MembershipMessage.Deregister}) and answers the request once the registry has answered or the call
 * failed, since a member that cannot say goodbye still goes (the registry then notices the
 * silence).
 *
 * <p>Events: the first answer, a heartbeat that fails after one that did not (and how), the
 * registry answering again (after how many failed beats), and leaving. The view itself is replaced
 * silently on each answer: the registry logs every change of membership with its reason. Trade-off:
 * heartbeats to one registry are simple and easy to watch, and cost the registry one message per
 * member per interval; a cluster of thousands would gossip instead (module 07).
 *
 * <p>Not thread-safe; drivers serialize access.
 */
public final class MemberNode implements ProtocolNode<MembershipMessage> {
  /** The name of the timer that sends each heartbeat. */
  public static final String HEARTBEAT = "heartbeat";

  private final String name;
  private final String registry;
  private final String address;
  private final Duration interval;
  private final IntSupplier dataCount;
  private List<MembershipMessage.Peer> alive = List.of();
  private List<MembershipMessage.Peer> members = List.of();
  private boolean answered;
  private int failedBeats;

  /** Why the last heartbeat failed, as last said; null while the registry answers. */
  private String lastFailure;

  private boolean left;
  private RequestId leaving;

  /**
   * @param registry the registry's name, as the driver addresses it
   * @param address where this member is reached, as it tells the registry
   * @param dataCount how many keys it holds now (0 for a member without data)
   */
  public MemberNode(
      String name, String registry, String address, Duration interval, IntSupplier dataCount) {
    this.name = name;
    this.registry = registry;
    this.address = address;
    this.interval = interval;
    this.dataCount = dataCount;
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public Effects<MembershipMessage> onStart(Env env) {
    return beat();
  }

  @Override
  public Effects<MembershipMessage> onTimer(String timer, Env env) {
    return left ? Effects.none() : beat();
  }

  private Effects<MembershipMessage> beat() {
    return Effects.<MembershipMessage>builder()
        .send(registry, new MembershipMessage.Heartbeat(address, dataCount.getAsInt()))
        .setTimer(HEARTBEAT, interval)
        .build();
  }

  @Override
  public Effects<MembershipMessage> onMessage(String from, MembershipMessage message, Env env) {
    var out = Effects.<MembershipMessage>builder();
    switch (message) {
      case MembershipMessage.HeartbeatAck a when from.equals(registry) -> {
        if (!answered) {
          out.event(
              "registered with " + registry,
              failedBeats == 0
                  ? "it answered the first heartbeat; " + a.alive().size() + " alive"
                  : "it answers again after " + plural(failedBeats, "failed heartbeat"));
        }
        answered = true;
        failedBeats = 0;
        lastFailure = null;
        alive = a.alive();
        members = a.members();
      }
      case MembershipMessage.HeartbeatRefused r when from.equals(registry) ->
          failed("refused: " + r.reason(), out);
      case MembershipMessage.Deregistered d when leaving != null -> {
        out.event(
            "left the cluster", d.known() ? "the registry took the goodbye" : "unknown there");
        out.reply(leaving, new MembershipMessage.Done("left"));
        leaving = null;
      }
      default -> out.event("ignores " + message, "not expected from " + from + " now");
    }
    return out.build();
  }

  @Override
  public Effects<MembershipMessage> onUndelivered(
      String to, MembershipMessage message, String reason, Env env) {
    var out = Effects.<MembershipMessage>builder();
    if (message instanceof MembershipMessage.Deregister && leaving != null) {
      String outcome =
          "could not deregister (" + reason + "); the registry will notice the silence";
      out.event("left the cluster", outcome);
      out.reply(leaving, new MembershipMessage.Done(outcome));
      leaving = null;
    } else if (message instanceof MembershipMessage.Heartbeat) {
      failed(reason, out);
    }
    return out.build();
  }

  /** A heartbeat that did not get an answer, or got a refusal. */
  private void failed(String reason, Effects.Builder<MembershipMessage> out) {
    // Said once, and again only when the reason changes: a registry's port held by another
    // program would otherwise fill the log with its answer every beat.
    if (!reason.equals(lastFailure)) {
      out.event("heartbeat failed (" + reason + ")", "retrying every beat, quietly");
    }
    lastFailure = reason;
    answered = false;
    failedBeats++;
  }

  @Override
  public Effects<MembershipMessage> onRequest(RequestId request, MembershipMessage body, Env env) {
    var out = Effects.<MembershipMessage>builder();
    if (!(body instanceof MembershipMessage.Leave)) {
      return out.refuse(request, body + " is not a request; a member takes Leave").build();
    }
    if (left) {
      return out.reply(request, new MembershipMessage.Done("left already")).build();
    }
    left = true;
    leaving = request;
    return out.cancelTimer(HEARTBEAT)
        .event("leaves the cluster", "asked to (request " + request + ")")
        .send(registry, new MembershipMessage.Deregister())
        .build();
  }

  private static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /** The alive members, as the registry last said. */
  public List<MembershipMessage.Peer> alive() {
    return alive;
  }

  /** The members alive or dead, as the registry last said: the ring to place keys on. */
  public List<MembershipMessage.Peer> members() {
    return members;
  }

  /** Whether the registry answered the last heartbeat. */
  public boolean registered() {
    return answered;
  }

  public boolean left() {
    return left;
  }

  /**
   * The addresses the registry last said a heartbeat with the cluster's token came from: the
   * members this one may send the token to.
   */
  public List<String> provedAddresses() {
    return java.util.stream.Stream.concat(members.stream(), alive.stream())
        .filter(MembershipMessage.Peer::provedToken)
        .map(MembershipMessage.Peer::address)
        .distinct()
        .toList();
  }

  /** Where {@code id} is reached, as the registry last said, or null. */
  public String addressOf(String id) {
    for (MembershipMessage.Peer p : members) {
      if (p.id().equals(id)) {
        return p.address();
      }
    }
    for (MembershipMessage.Peer p : alive) {
      if (p.id().equals(id)) {
        return p.address();
      }
    }
    return null;
  }
}
