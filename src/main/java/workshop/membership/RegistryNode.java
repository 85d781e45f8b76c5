package workshop.membership;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * The registry's side of membership on the protocol-node contract: the pure {@link Membership} (a
 * fixed-timeout failure detector) driven by heartbeats that arrive as messages and by a sweep on a
 * timer. Every {@code sweepEvery} (1 s) the timer "sweep" fires and each member silent for longer
 * than the timeout (5 s) is declared dead. A {@link MembershipMessage.Heartbeat} admits or
 * refreshes its sender and is answered with who is alive and who the members are (and which of
 * their addresses a heartbeat with the cluster's token vouched for), unless it would move a member
 * whose address the token vouched for without proving the token itself: then it is answered {@link
 * MembershipMessage.HeartbeatRefused} with the reason. A {@link MembershipMessage.Deregister} marks
 * its sender as having left. The registry's own shell asks it to {@link MembershipMessage.Kill} (a
 * node killed through the registry), {@link MembershipMessage.Expect} (a node it is starting) and
 * {@link MembershipMessage.Sweep}.
 *
 * <p>Invariants (those of {@link Membership}): a member is alive only if it was heard from within
 * the timeout; any heartbeat makes its sender alive, so a paused member comes back by itself; every
 * change of status is an event with its reason. Messages may come late, twice or out of order: a
 * late heartbeat only refreshes a member a little late, and a second deregister finds it gone.
 *
 * <p>Nothing is persisted, on purpose: a restarted registry knows nobody, and learns everyone again
 * from their next heartbeat, within one heartbeat interval. That is why members never stop
 * heartbeating while the registry does not answer. Trade-off: the registry is one place to ask, but
 * also one process whose loss stops membership changes (not the data, which the replicas hold);
 * gossip-based membership (module 07, SWIM) has no such centre, at the cost of slower agreement.
 *
 * <p>Not thread-safe; drivers serialize access.
 */
public final class RegistryNode implements ProtocolNode<MembershipMessage> {
  /** The name of the timer that starts each sweep. */
  public static final String SWEEP = "sweep";

  private final String name;
  private final Membership membership;
  private Instant lastSweep;

  public RegistryNode(String name, MembershipConfig config) {
    this.name = name;
    this.membership = new Membership(config);
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public Effects<MembershipMessage> onStart(Env env) {
    return Effects.<MembershipMessage>builder()
        .setTimer(SWEEP, membership.config().sweepEvery())
        .build();
  }

  @Override
  public Effects<MembershipMessage> onTimer(String timer, Env env) {
    var out =
        Effects.<MembershipMessage>builder().setTimer(SWEEP, membership.config().sweepEvery());
    sweep(env, out);
    return out.build();
  }

  @Override
  public Effects<MembershipMessage> onMessage(String from, MembershipMessage message, Env env) {
    var out = Effects.<MembershipMessage>builder();
    switch (message) {
      case MembershipMessage.Heartbeat h -> {
        Optional<String> refused = membership.refusal(from, h.address(), h.provedToken());
        if (refused.isPresent()) {
          out.event(from + ": heartbeat refused", refused.get());
          out.send(from, new MembershipMessage.HeartbeatRefused(refused.get()));
          break;
        }
        Member before = membership.get(from).orElse(null);
        Optional<MembershipEvent> change =
            membership.heartbeat(from, h.address(), h.dataCount(), h.provedToken(), env.now());
        change.ifPresent(e -> out.event(e.what(), e.reason() + where(before, h.address())));
        if (change.isEmpty() && before != null && !before.address().equals(h.address())) {
          out.event(
              from + ": moved",
              "its heartbeat says it is at " + h.address() + " now, not " + before.address());
        }
        out.send(from, ack());
      }
      case MembershipMessage.Deregister d -> {
        boolean known = membership.get(from).isPresent();
        membership
            .leave(from, env.now(), "deregistered itself (clean shutdown)")
            .ifPresent(e -> changed(e, out));
        out.send(from, new MembershipMessage.Deregistered(known));
      }
      default -> out.event("ignores " + message, from + " sent what only a registry sends");
    }
    return out.build();
  }

  @Override
  public Effects<MembershipMessage> onRequest(RequestId request, MembershipMessage body, Env env) {
    var out = Effects.<MembershipMessage>builder();
    switch (body) {
      case MembershipMessage.Kill k when membership.get(k.id()).isEmpty() ->
          out.refuse(request, "Node '" + k.id() + "' not found");
      case MembershipMessage.Kill k -> {
        Optional<MembershipEvent> e = membership.kill(k.id(), env.now(), k.why());
        e.ifPresent(x -> changed(x, out));
        out.reply(request, new MembershipMessage.Done(e.isPresent() ? "dead" : "was dead already"));
      }
      case MembershipMessage.Expect x -> {
        Optional<MembershipEvent> e = membership.expect(x.id(), x.address(), env.now());
        e.ifPresent(c -> out.event(c.what(), c.reason() + " (" + x.why() + ")"));
        out.reply(request, new MembershipMessage.Done(e.isPresent() ? "starting" : "alive"));
      }
      case MembershipMessage.Sweep s ->
          out.reply(request, new MembershipMessage.Done(sweep(env, out) + " declared dead"));
      default -> out.refuse(request, body + " is not a request; send Kill, Expect or Sweep");
    }
    return out.build();
  }

  private int sweep(Env env, Effects.Builder<MembershipMessage> out) {
    lastSweep = env.now();
    List<MembershipEvent> dead = membership.sweep(env.now());
    dead.forEach(e -> changed(e, out));
    return dead.size();
  }

  private void changed(MembershipEvent e, Effects.Builder<MembershipMessage> out) {
    out.event(e.what(), e.reason());
  }

  /** Where a member is reached, said when it is news: a first heartbeat, or a new address. */
  private static String where(Member before, String address) {
    boolean news =
        before == null
            || before.status() == MemberStatus.STARTING
            || !before.address().equals(address);
    return news ? " from " + address : "";
  }

  private MembershipMessage.HeartbeatAck ack() {
    List<MembershipMessage.Peer> alive = peers(membership.alive());
    List<MembershipMessage.Peer> members =
        peers(
            membership.all().stream()
                .filter(m -> m.status() == MemberStatus.ALIVE || m.status() == MemberStatus.DEAD)
                .sorted(Comparator.comparing(Member::id))
                .toList());
    return new MembershipMessage.HeartbeatAck(alive, members);
  }

  private static List<MembershipMessage.Peer> peers(List<Member> members) {
    return members.stream()
        .map(m -> new MembershipMessage.Peer(m.id(), m.address(), m.provedToken()))
        .toList();
  }

  /** Every member ever seen, in order of first contact (an immutable copy). */
  public List<Member> members() {
    return membership.all();
  }

  /** When it last looked for silent members, or null before the first sweep. */
  public Instant lastSweep() {
    return lastSweep;
  }

  public MembershipConfig config() {
    return membership.config();
  }
}
