package workshop.fault;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The workshop's fault vocabulary: every way a scenario can break a cluster, as values. The
 * simulator applies them in virtual time; on real processes a fault layer applies the same words,
 * so a scenario reads the same in both. {@link FaultParser} reads the one-line text form and {@link
 * #text()} writes it back ({@code parse(f.text())} equals {@code f}).
 *
 * <p>Two families. {@link Network} faults change what happens to messages between nodes and stay in
 * force until {@link Heal} (or until replaced by the same kind of fault on the same target); {@link
 * LinkConditions} decides each message under them. {@link NodeFault}s act on one node's process:
 * crash, restart, pause (SIGSTOP), resume, clock skew.
 *
 * <p>Delays and losses apply <em>per direction</em>: {@code delay node-2 100ms} adds 100 ms to
 * every message node-2 sends and to every message it receives, so a request/reply round trip
 * through node-2 grows by twice the amount (200 ms). Partitions and blocks drop messages silently
 * (like an iptables DROP rule): the sender learns nothing until its call times out. A crashed node
 * refuses at once.
 */
public sealed interface Fault {
  /** The fault in the vocabulary's words, as {@link FaultParser} reads it. */
  String text();

  /** Changes what happens to messages; in force until {@code heal}. */
  sealed interface Network extends Fault {}

  /** Acts on one node's process. */
  sealed interface NodeFault extends Fault {
    String node();
  }

  /**
   * Nodes on different sides cannot exchange messages in either direction. One partition is in
   * force at a time: a new one replaces the old. Messages across it are dropped (the sender waits
   * out its timeout, as behind an iptables DROP rule), or with {@code reject} refused at once (as
   * behind a REJECT rule).
   */
  record Partition(Shape shape, boolean reject) implements Network {
    public Partition {
      Objects.requireNonNull(shape);
    }

    /** A partition that drops. */
    public Partition(Shape shape) {
      this(shape, false);
    }

    @Override
    public String text() {
      return "partition " + shape.text() + (reject ? " reject" : "");
    }
  }

  /** How a partition cuts the cluster. Named shapes are resolved against the cluster's nodes. */
  sealed interface Shape {
    String text();
  }

  /** Explicit sides: {@code node-1,node-2 | node-3}. Unlisted nodes talk to everyone. */
  record Groups(List<List<String>> groups) implements Shape {
    public Groups {
      groups = groups.stream().map(List::copyOf).toList();
    }

    @Override
    public String text() {
      return String.join(" | ", groups.stream().map(g -> String.join(",", g)).toList());
    }
  }

  /** The first half of the nodes (the larger half when odd) against the rest. */
  record Halves() implements Shape {
    @Override
    public String text() {
      return "halves";
    }
  }

  /** One node cut off from all others. */
  record Isolate(String node) implements Shape {
    @Override
    public String text() {
      return "isolate " + node;
    }
  }

  /**
   * Nodes on a ring, each seeing only its nearest neighbours: every node sees a majority, but no
   * two nodes see the same majority (Jepsen's "majorities ring"). A classic way to make two leaders
   * each believe they hold a quorum.
   */
  record MajorityRing() implements Shape {
    @Override
    public String text() {
      return "majority-ring";
    }
  }

  /** Two halves that cannot see each other, and one node that sees both. */
  record Bridge(String node) implements Shape {
    @Override
    public String text() {
      return "bridge " + node;
    }
  }

  /**
   * Messages from {@code from} to {@code to} are dropped (refused at once with {@code reject}); the
   * other direction still works. A new block on the same link replaces the old.
   */
  record Block(String from, String to, boolean reject) implements Network {
    /** A block that drops. */
    public Block(String from, String to) {
      this(from, to, false);
    }

    @Override
    public String text() {
      return "block " + from + "->" + to + (reject ? " reject" : "");
    }
  }

  /**
   * Each message on {@code target} waits {@code amount}, plus or minus up to {@code jitter}
   * (uniform), per direction. A zero amount and jitter removes the delay.
   */
  record Delay(Target target, Duration amount, Duration jitter) implements Network {
    @Override
    public String text() {
      return "delay "
          + target.text()
          + " "
          + FaultParser.duration(amount)
          + (jitter.isZero() ? "" : " jitter " + FaultParser.duration(jitter));
    }
  }

  /** Each message on {@code target} is lost with this probability (0-100). 0 removes it. */
  record Loss(Target target, double percent) implements Network {
    @Override
    public String text() {
      return "loss " + target.text() + " " + FaultParser.percent(percent);
    }
  }

  /**
   * A TCP stream on {@code target} carries at most {@code bytesPerSecond} each way, as a slow link
   * does: a chunk waits for the ones before it to be sent, then for its own size at this rate. It
   * acts on the streams {@code ./workshop proxy} forwards; a call between workshop servers and a
   * simulated message have no size here, so they are not limited (the simulator refuses it). 0
   * removes it.
   */
  record Bandwidth(Target target, long bytesPerSecond) implements Network {
    @Override
    public String text() {
      return "bandwidth " + target.text() + " " + FaultParser.rate(bytesPerSecond);
    }
  }

  /** Each message on {@code target} arrives twice with this probability (0-100). */
  record Duplicate(Target target, double percent) implements Network {
    @Override
    public String text() {
      return "duplicate " + target.text() + " " + FaultParser.percent(percent);
    }
  }

  /**
   * Each message on {@code target} is held back with this probability (0-100), long enough for
   * later messages to overtake it.
   */
  record Reorder(Target target, double percent) implements Network {
    @Override
    public String text() {
      return "reorder " + target.text() + " " + FaultParser.percent(percent);
    }
  }

  /** Every network fault off: partitions, blocks, delays, loss, duplication, reordering. */
  record Heal() implements Fault {
    @Override
    public String text() {
      return "heal";
    }
  }

  /** The node's process dies: memory, timers and queued input are lost; it refuses calls. */
  record Crash(String node) implements NodeFault {
    @Override
    public String text() {
      return "crash " + node;
    }
  }

  /**
   * The node starts again (crashing it first if it runs), from the state it last persisted, or from
   * nothing when {@code wipe}.
   */
  record Restart(String node, boolean wipe) implements NodeFault {
    @Override
    public String text() {
      return "restart " + node + (wipe ? " wipe" : "");
    }
  }

  /**
   * The process is stopped (SIGSTOP): calls to it are accepted but not answered, so callers time
   * out; its timers and queued input wait and run late when it resumes.
   */
  record Pause(String node) implements NodeFault {
    @Override
    public String text() {
      return "pause " + node;
    }
  }

  record Resume(String node) implements NodeFault {
    @Override
    public String text() {
      return "resume " + node;
    }
  }

  /**
   * From now on the node's clock reads {@code offset} ahead of true time (behind when negative) and
   * gains {@code driftPercent} per cent of every interval (loses when negative). Timers run on the
   * node's clock, so a fast clock fires them early. {@code skew node-2 0ms} puts it right.
   */
  record Skew(String node, Duration offset, double driftPercent) implements NodeFault {
    @Override
    public String text() {
      String sign = offset.isNegative() ? "-" : "+";
      return "skew "
          + node
          + " "
          + sign
          + FaultParser.duration(offset.abs())
          + (driftPercent == 0 ? "" : " drift " + FaultParser.percent(driftPercent));
    }
  }
}
