package workshop.chaos.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workshop.chaos.ChaosMonkey;

/**
 * A chaos monkey's loop: every interval ask the cluster for its nodes, let {@link ChaosMonkey}
 * decide, and carry the decision out through the cluster; bring killed nodes back after {@code
 * restartAfter}. One line per action, with the time and the reason. Time and the cluster are passed
 * in, so a test drives it with a clock it moves and a cluster it scripts, and the capstone's {@code
 * chaos} command plugs in its registry.
 */
public final class ChaosLoop {
  /** What the loop needs from the cluster: its nodes, and a way to kill and restart one. */
  public interface Cluster {
    /** The cluster's nodes; IllegalStateException with a reason when it cannot be read. */
    List<ChaosMonkey.Node> nodes();

    Answer kill(String id);

    Answer restart(String id);
  }

  /** The cluster's answer to a kill or a restart: its status, and what it said worth printing. */
  public record Answer(int status, String note) {
    public boolean ok() {
      return status == 200;
    }
  }

  /** The loop's clock: what time it is, and a wait that {@link #waitUntil} ends early on stop. */
  public interface Timer {
    Instant now();

    /** Waits until {@code t}; false when told to stop meanwhile. */
    boolean waitUntil(Instant t);
  }

  /**
   * @param restartAfter null: killed nodes stay down
   * @param rounds null: until stopped
   */
  public record Settings(
      String registry,
      Duration interval,
      Duration restartAfter,
      Integer rounds,
      boolean dryRun,
      long seed,
      int maxDown) {}

  /** How long to wait, after the last restart, for the node's first heartbeat. */
  static final Duration COMEBACK_LIMIT = Duration.ofSeconds(30);

  static final Duration POLL = Duration.ofSeconds(1);

  private final Settings settings;
  private final ChaosMonkey monkey;
  private final Cluster cluster;
  private final Timer timer;
  private final PrintStream out;
  private final DateTimeFormatter clock;
  private final Map<String, Instant> restartAt = new LinkedHashMap<>();
  private final Set<String> returning = new LinkedHashSet<>();
  private Instant lastRestart;
  private int kills;
  private int restarts;

  public ChaosLoop(
      Settings settings,
      ChaosMonkey monkey,
      Cluster cluster,
      Timer timer,
      PrintStream out,
      ZoneId zone) {
    this.settings = settings;
    this.monkey = monkey;
    this.cluster = cluster;
    this.timer = timer;
    this.out = out;
    this.clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
  }

  /** Runs until {@code rounds} kills are done and their nodes are back, or until stopped. */
  public int run() {
    Instant nextRound = timer.now().plus(settings.interval());
    while (!finished()) {
      if (!timer.waitUntil(nextWake(nextRound))) {
        stopped();
        return kills;
      }
      Instant now = timer.now();
      restartDue(now);
      if (!roundsDone() && !now.isBefore(nextRound)) {
        round(now);
        nextRound = nextRound.plus(settings.interval());
      } else if (roundsDone() && restartAt.isEmpty()) {
        awaitReturning(now);
      }
    }
    line(
        timer.now(),
        "done: " + count(kills, settings.dryRun() ? "would-be kill" : "kill") + tail());
    return kills;
  }

  private boolean roundsDone() {
    return settings.rounds() != null && kills >= settings.rounds();
  }

  private boolean finished() {
    return roundsDone() && restartAt.isEmpty() && returning.isEmpty();
  }

  private Instant nextWake(Instant nextRound) {
    Instant wake = roundsDone() ? timer.now().plus(POLL) : nextRound;
    for (Instant due : restartAt.values()) {
      wake = due.isBefore(wake) ? due : wake;
    }
    return wake;
  }

  private void round(Instant now) {
    List<ChaosMonkey.Node> nodes;
    try {
      nodes = cluster.nodes();
    } catch (IllegalStateException e) {
      line(now, e.getMessage() + "; trying again next round");
      return;
    }
    noticeReturned(now, nodes);
    switch (monkey.next(nodes)) {
      case ChaosMonkey.Skip skip -> line(now, "skipping: " + skip.reason());
      case ChaosMonkey.Kill kill -> kill(now, kill);
    }
  }

  private void kill(Instant now, ChaosMonkey.Kill kill) {
    String id = kill.id();
    String what = id + " (" + kill.reason() + ", seed " + settings.seed() + ")";
    Instant back = settings.restartAfter() == null ? null : now.plus(settings.restartAfter());
    if (settings.dryRun()) {
      kills++;
      line(
          now,
          "would kill "
              + what
              + (back == null ? "" : " and restart it at " + clock.format(back))
              + " [dry run]");
      return;
    }
    line(now, "killing " + what + (back == null ? "" : "; back at " + clock.format(back)));
    Answer a = cluster.kill(id);
    if (!a.ok()) {
      line(now, "the registry did not kill " + id + " (" + answer(a) + "); skipped");
      return;
    }
    kills++;
    if (!a.note().isEmpty()) {
      line(now, a.note());
    }
    if (back != null) {
      restartAt.put(id, back);
    }
  }

  private void restartDue(Instant now) {
    List<String> due =
        restartAt.keySet().stream().filter(id -> !restartAt.get(id).isAfter(now)).toList();
    if (!due.isEmpty()) {
      noticeReturned(now, nodesOrNone());
    }
    for (String id : due) {
      if (restartAt.remove(id) == null) {
        continue;
      }
      line(now, "restarting " + id + " (--restart-after " + seconds(settings.restartAfter()) + ")");
      Answer a = cluster.restart(id);
      if (a.ok()) {
        restarts++;
        returning.add(id);
        lastRestart = now;
      } else {
        line(now, "could not restart " + id + " (" + answer(a) + "); it stays down");
      }
    }
  }

  /** After the last round: watch restarted nodes come back, for at most {@link #COMEBACK_LIMIT}. */
  private void awaitReturning(Instant now) {
    noticeReturned(now, nodesOrNone());
    if (!returning.isEmpty() && now.isAfter(lastRestart.plus(COMEBACK_LIMIT))) {
      line(
          now,
          String.join(", ", returning)
              + " did not heartbeat within "
              + seconds(COMEBACK_LIMIT)
              + " of its restart; see the registry's log");
      returning.clear();
    }
  }

  /** Reports restarted nodes that are alive again, and forgets planned restarts done by others. */
  private void noticeReturned(Instant now, List<ChaosMonkey.Node> nodes) {
    for (ChaosMonkey.Node n : nodes) {
      if (n.state() != ChaosMonkey.State.ALIVE) {
        continue;
      }
      if (returning.remove(n.id())) {
        line(now, n.id() + " is back (alive again; anti-entropy copies what it missed)");
      } else if (restartAt.remove(n.id()) != null) {
        line(now, n.id() + " is back already (someone else restarted it); no restart needed");
      }
    }
  }

  /** The registry's nodes, or none when it cannot be read (the caller decides nothing then). */
  private List<ChaosMonkey.Node> nodesOrNone() {
    try {
      return cluster.nodes();
    } catch (IllegalStateException e) {
      return List.of();
    }
  }

  private void stopped() {
    Instant now = timer.now();
    if (!restartAt.isEmpty() || !returning.isEmpty()) {
      noticeReturned(now, nodesOrNone());
    }
    line(
        now,
        "stopped after " + count(kills, settings.dryRun() ? "would-be kill" : "kill") + tail());
    for (var e : restartAt.entrySet()) {
      line(
          now,
          e.getKey()
              + " is still down (its restart was due at "
              + clock.format(e.getValue())
              + "): curl -X POST "
              + settings.registry()
              + "/restart/"
              + e.getKey());
    }
  }

  private String tail() {
    if (settings.dryRun() || settings.restartAfter() == null) {
      return "";
    }
    List<String> down = new ArrayList<>(restartAt.keySet());
    down.addAll(returning);
    return ", "
        + count(restarts, "restart")
        + (down.isEmpty() ? "" : "; not back: " + String.join(", ", down));
  }

  private void line(Instant at, String text) {
    out.println("[chaos " + clock.format(at) + "] " + text);
    out.flush();
  }

  private static String answer(Answer a) {
    return (a.status() == 0 ? "no answer" : Integer.toString(a.status())) + ": " + a.note();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
