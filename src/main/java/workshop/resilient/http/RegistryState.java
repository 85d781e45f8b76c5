package workshop.resilient.http;

import java.io.PrintStream;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.membership.Membership;
import workshop.membership.MembershipConfig;
import workshop.membership.MembershipEvent;
import workshop.membership.http.MembershipRoutes;
import workshop.quorum.QuorumConfig;
import workshop.resilient.EventLog;
import workshop.resilient.Graduation;
import workshop.resilient.Placement;
import workshop.resilient.VersionClock;

/**
 * What the registry knows, under one lock: membership, the members still being handed their keys,
 * the version clock, the event log and the graduation checklist. Each of the registry's roles (its
 * membership endpoints, the quorum data path, node control, the hand-off) reads and changes it
 * under this object's monitor, so they all see one view; none holds it while calling a node.
 *
 * <p>It also decides what a membership change means for the capstone: a member back from the dead
 * earns a graduation milestone; a brand-new, empty member joining a cluster that holds data is
 * handed its keys before it serves.
 */
final class RegistryState implements MembershipRoutes.Hooks {
  final Membership membership;
  final QuorumConfig quorum;
  final InstantSource clock;
  private final PrintStream log;
  private final EventLog events;
  private final Graduation graduation = new Graduation();
  private final VersionClock versions = new VersionClock();

  /** New members receiving their keys: they get writes but hold no replica role yet. */
  private final Set<String> joining = new HashSet<>();

  /** Members started by {@code POST /scale-up}, whose joining earns the scale-up milestone. */
  private final Set<String> scaledUp = new HashSet<>();

  /** Whether the cluster holds any data yet; before that a newcomer has nothing to receive. */
  private boolean dataSeen;

  private Consumer<String> handOff = id -> {};

  RegistryState(
      MembershipConfig config, QuorumConfig quorum, InstantSource clock, PrintStream log) {
    this.membership = new Membership(config);
    this.quorum = quorum;
    this.clock = clock;
    this.log = log;
    this.events = new EventLog(EventLog.DEFAULT_CAPACITY, clock);
  }

  /** What starts a hand-off to a newcomer; it must return at once (the lock is held). */
  void onJoining(Consumer<String> handOff) {
    this.handOff = handOff;
  }

  /** Where keys live now. */
  synchronized Placement placement() {
    return new Placement(membership.all(), joining, quorum);
  }

  synchronized List<Member> alive() {
    return membership.alive();
  }

  /** Logs a line a watcher should see and keeps it for {@code GET /events}. */
  synchronized void event(String line) {
    log.println("[registry] " + line);
    events.record(line);
  }

  /** Logs a line that is routine (a write that reached every replica): not kept as an event. */
  void log(String line) {
    log.println("[registry] " + line);
  }

  synchronized void milestone(Graduation.Milestone m, String detail) {
    graduation.record(m, detail);
  }

  synchronized String graduation() {
    return graduation.render();
  }

  synchronized List<RegistryWire.Event> events() {
    return RegistryWire.events(events);
  }

  synchronized long nextVersion() {
    return versions.next(clock.instant());
  }

  /** A write was stored somewhere: from now on a newcomer has keys to receive. */
  synchronized void sawData() {
    dataSeen = true;
  }

  synchronized void scaledUp(String id) {
    scaledUp.add(id);
  }

  /** The hand-off to {@code id} copied {@code moved} keys. */
  synchronized void handedOff(String id, int moved) {
    event(id + " joined the ring after receiving the " + moved + " keys it now owns");
    if (scaledUp.remove(id)) {
      graduation.record(
          Graduation.Milestone.SCALE_UP, id + " joined and was handed " + moved + " keys");
    }
  }

  /** {@code id} is on the ring now, with all its keys or (after a failed hand-off) some. */
  synchronized void joined(String id) {
    joining.remove(id);
  }

  // ---- membership hooks (called under this lock by the membership endpoints) ------------------

  @Override
  public synchronized boolean joining(String id) {
    return joining.contains(id);
  }

  @Override
  public synchronized List<Member> holders() {
    return placement().holders();
  }

  @Override
  public synchronized void admitted(MembershipEvent e, String address, int dataCount) {
    String id = e.id();
    event(e.line() + " at " + address);
    if (e.from() == MemberStatus.DEAD) {
      graduation.record(
          Graduation.Milestone.NODE_CAME_BACK,
          id + " came back; anti-entropy repairs what it missed");
    }
    boolean brandNew = e.from() == null || e.from() == MemberStatus.STARTING;
    boolean empty = dataCount == 0;
    dataSeen |= !empty;
    boolean others = holders().stream().anyMatch(m -> !m.id().equals(id));
    // A node that already holds data (say, after a registry restart) rejoins at once.
    if (brandNew && empty && others && dataSeen) {
      // Not a replica until it holds the keys it will own: otherwise a key acknowledged on two
      // old replicas could be read from this empty node and one downed replica.
      joining.add(id);
      handOff.accept(id);
    }
  }

  @Override
  public synchronized void changed(MembershipEvent e) {
    event(e.line());
  }
}
