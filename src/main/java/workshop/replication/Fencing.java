package workshop.replication;

import java.util.Locale;
import workshop.protocol.Effects;
import workshop.protocol.Env;

/**
 * Fencing by epoch, when it is on: what a node does with the epoch every primary's message carries.
 *
 * <ul>
 *   <li>A lower epoch than this node's: the sender is a primary that was replaced. Its message is
 *       refused, and the sender is told who leads the newer epoch ({@link
 *       ReplicationMessage.Fenced}), so it steps down.
 *   <li>A higher epoch from a node it does not follow: that node was promoted after this one's
 *       primary. A primary steps down and follows it, refusing writes with the reason; a replica
 *       follows it.
 *   <li>A node that has seen a newer epoch asks to replicate from a primary of an older one (an
 *       operator chose it): the primary moves past that epoch first, or its own replica would fence
 *       it.
 * </ul>
 *
 * Without fencing, epochs travel but nothing acts on them: two primaries stay two until an operator
 * points one at the other. Reference: Kleppmann, DDIA ch. 8, "Fencing tokens".
 */
final class Fencing {
  private final String name;
  private final ReplicationConfig config;
  private final Roles roles;

  Fencing(String name, ReplicationConfig config, Roles roles) {
    this.name = name;
    this.config = config;
    this.roles = roles;
  }

  void beforePsync(
      String from, ReplicationMessage.Psync p, Effects.Builder<ReplicationMessage> out) {
    long was = roles.epoch();
    if (config.fencing() && p.epoch() > was) {
      roles.raiseEpoch(p.epoch() + 1);
      out.event(
          "moves from epoch " + was + " to " + roles.epoch(),
          from + ", which asks to replicate from it, has seen epoch " + p.epoch());
    }
  }

  /** Whether the epoch {@code e} of a primary's message settled it (refused, or followed). */
  boolean screens(
      String from,
      ReplicationMessage m,
      long e,
      boolean fromOwnPrimary,
      Env env,
      Effects.Builder<ReplicationMessage> out) {
    if (!config.fencing()) {
      return false;
    }
    long epoch = roles.epoch();
    if (e < epoch) {
      out.event(
          "fences " + from,
          "its "
              + kind(m)
              + " carries epoch "
              + e
              + ", but "
              + roles.leader()
              + " leads epoch "
              + epoch);
      out.send(from, new ReplicationMessage.Fenced(epoch, roles.leader()));
      return true;
    }
    if (e > epoch && !fromOwnPrimary) {
      roles.newEpoch(from, e, "its " + kind(m) + " says so", env, out);
      return true;
    }
    return false;
  }

  void fenced(
      String from, ReplicationMessage.Fenced f, Env env, Effects.Builder<ReplicationMessage> out) {
    if (config.fencing()
        && f.epoch() > roles.epoch()
        && f.primary() != null
        && !f.primary().equals(name)) {
      roles.newEpoch(f.primary(), f.epoch(), "told by " + from, env, out);
    }
  }

  private static String kind(ReplicationMessage m) {
    return m.getClass().getSimpleName().toUpperCase(Locale.ROOT);
  }
}
