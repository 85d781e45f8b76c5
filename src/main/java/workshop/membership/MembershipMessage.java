package workshop.membership;

import java.util.List;

/**
 * Everything membership says: what a member and the registry send each other, what the registry's
 * own shell asks it, and the answers. The sender of a message is known by its name, which travels
 * beside it; over HTTP these are the original's {@code POST /heartbeat} and {@code POST
 * /deregister}.
 */
public sealed interface MembershipMessage {
  /**
   * A member as others are told of it: its name, where it is reached, and whether a heartbeat that
   * proved the cluster's token said so (the registry vouches for that address: members may send it
   * the token).
   */
  record Peer(String id, String address, boolean provedToken) {
    /** A member no token vouched for. */
    public Peer(String id, String address) {
      this(id, address, false);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  // ---- between a member and the registry ------------------------------------------------------

  /**
   * "I am alive, reached at {@code address}, holding {@code dataCount} keys."
   *
   * @param provedToken whether the call that carried it proved the cluster's token: written by the
   *     registry's transport as the heartbeat arrives, whatever the sender put there
   */
  record Heartbeat(String address, int dataCount, boolean provedToken)
      implements MembershipMessage {
    /** A heartbeat as a member sends it: the proof is the transport's to add. */
    public Heartbeat(String address, int dataCount) {
      this(address, dataCount, false);
    }

    /** The same heartbeat, as proved (or not) by the call that carried it. */
    public Heartbeat proved(boolean proved) {
      return new Heartbeat(address, dataCount, proved);
    }

    @Override
    public String toString() {
      return "Heartbeat";
    }
  }

  /** The registry's answer to a heartbeat it will not take, and why. */
  record HeartbeatRefused(String reason) implements MembershipMessage {
    @Override
    public String toString() {
      return "HeartbeatRefused: " + reason;
    }
  }

  /**
   * The registry's answer to a heartbeat.
   *
   * @param alive the members alive now (the original's {@code nodes})
   * @param members the members that are part of the cluster, alive or dead (not starting, not
   *     left): the ring a member places keys on
   */
  record HeartbeatAck(List<Peer> alive, List<Peer> members) implements MembershipMessage {
    public HeartbeatAck {
      alive = List.copyOf(alive);
      members = List.copyOf(members);
    }

    @Override
    public String toString() {
      return "HeartbeatAck alive " + alive;
    }
  }

  /** "I am leaving on purpose." */
  record Deregister() implements MembershipMessage {
    @Override
    public String toString() {
      return "Deregister";
    }
  }

  /** The answer to {@link Deregister}: whether the registry knew the member. */
  record Deregistered(boolean known) implements MembershipMessage {
    @Override
    public String toString() {
      return known ? "Deregistered" : "Deregistered (was not a member)";
    }
  }

  // ---- client requests ------------------------------------------------------------------------

  /** To a member: leave the cluster (Ctrl+C). Answered {@link Done} once the registry knows. */
  record Leave() implements MembershipMessage {
    @Override
    public String toString() {
      return "Leave";
    }
  }

  /** To the registry: declare {@code id} dead now, for {@code why} (a kill through it). */
  record Kill(String id, String why) implements MembershipMessage {
    @Override
    public String toString() {
      return "Kill " + id;
    }
  }

  /** To the registry: {@code id} is being started at {@code address}; {@code why} says by whom. */
  record Expect(String id, String address, String why) implements MembershipMessage {
    @Override
    public String toString() {
      return "Expect " + id;
    }
  }

  /** To the registry: look for silent members now (tests that move the clock use it). */
  record Sweep() implements MembershipMessage {
    @Override
    public String toString() {
      return "Sweep";
    }
  }

  /** The answer to a request: what happened, in words. */
  record Done(String outcome) implements MembershipMessage {
    @Override
    public String toString() {
      return "Done: " + outcome;
    }
  }
}
