package workshop.resilient.http;

import java.io.PrintStream;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.membership.http.MembershipRoutes;
import workshop.protocol.Effects;
import workshop.quorum.QuorumConfig;
import workshop.resilient.EventLog;
import workshop.resilient.Graduation;
import workshop.resilient.Placement;
import workshop.resilient.VersionClock;
import workshop.support.http.HttpError;

/**
 * What the registry knows, under one lock: the members (as the registry node last said, copied by
 * {@link MembershipRoutes} after each of its inputs), the members still being handed their keys,
 * the version clock, the event log and the graduation checklist. Each of the registry's roles (its
 * membership endpoints, the quorum data path, node control, the hand-off) reads and changes it
 * under this object's monitor, so they all see one view; none holds it while calling a node, or
 * while asking the registry node (which takes it after every input).
 *
 * <p>It also decides what a membership change means for the capstone: a member back from the dead
 * earns a graduation milestone; a brand-new, empty member joining a cluster that holds data is
 * handed its keys before it serves.
 */
final class RegistryState implements MembershipRoutes.Hooks {
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
  private Consumer<Member> alive = m -> {};

  /** Who the members are, as the registry node last said; set once, before the server starts. */
  private MembershipRoutes membership;

  RegistryState(QuorumConfig quorum, InstantSource clock, PrintStream log) {
    this.quorum = quorum;
    this.clock = clock;
    this.log = log;
    this.events = new EventLog(EventLog.DEFAULT_CAPACITY, clock);
  }

  synchronized void membership(MembershipRoutes routes) {
    this.membership = routes;
  }

  /** What starts a hand-off to a newcomer; it must return at once (the lock is held). */
  void onJoining(Consumer<String> handOff) {
    this.handOff = handOff;
  }

  /**
   * What looks at a member that turned alive or moved (whether a workshop node runs there); it must
   * return at once (the lock is held).
   */
  void onAlive(Consumer<Member> look) {
    this.alive = look;
  }

  /** Where keys live now. */
  synchronized Placement placement() {
    return new Placement(membership.members(), joining, quorum);
  }

  synchronized List<Member> alive() {
    return membership.alive();
  }

  synchronized List<Member> members() {
    return membership.members();
  }

  /** The member {@code id}; 404 when the registry never heard of it. */
  synchronized Member member(String id) {
    return membership
        .member(id)
        .orElseThrow(() -> HttpError.notFound("Node '" + id + "' not found"));
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

  /** A replica holds {@code version}: the next write goes above it. */
  synchronized void observeVersion(long version) {
    versions.observe(version);
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

  // ---- membership hooks (called under this lock, on the registry node's thread) --------------

  @Override
  public synchronized boolean joining(String id) {
    return joining.contains(id);
  }

  @Override
  public synchronized List<Member> holders() {
    return placement().holders();
  }

  /** The registry node's own log line (the runner printed it): kept for {@code GET /events}. */
  @Override
  public synchronized void event(Effects.Event e) {
    events.record(e.toString());
  }

  @Override
  public synchronized void changed(Member before, Member after) {
    if (after.status() == MemberStatus.ALIVE) {
      alive.accept(after);
    }
    boolean admitted =
        after.status() == MemberStatus.ALIVE
            && (before == null || before.status() != MemberStatus.ALIVE);
    if (!admitted) {
      return;
    }
    String id = after.id();
    // A scaled-up node declared dead while it started has not come back: it is arriving.
    if (before != null && before.status() == MemberStatus.DEAD && !scaledUp.contains(id)) {
      graduation.record(
          Graduation.Milestone.NODE_CAME_BACK,
          id + " came back; anti-entropy repairs what it missed");
    }
    boolean empty = after.dataCount() == 0;
    dataSeen |= !empty;
    boolean others = holders().stream().anyMatch(m -> !m.id().equals(id));
    if (handOffNeeded(before, after, scaledUp.contains(id), others, dataSeen)) {
      // Not a replica until it holds the keys it will own: otherwise a key acknowledged on two
      // old replicas could be read from this empty node and one downed replica.
      joining.add(id);
      handOff.accept(id);
    } else {
      scaledUp.remove(id);
    }
  }

  /**
   * Whether a member just admitted must be handed its keys before it is a replica: it is new (never
   * heard before, or started here and heard for the first time), it holds nothing, others hold the
   * cluster's data and there is data. A node scaled up on a busy machine may be declared dead for
   * not heartbeating within the timeout of its start; its late first heartbeat is still a
   * newcomer's. A node that held data before (say, after a registry restart) rejoins at once.
   */
  static boolean handOffNeeded(
      Member before, Member after, boolean scaledUp, boolean others, boolean dataSeen) {
    boolean brandNew = before == null || before.status() == MemberStatus.STARTING || scaledUp;
    return brandNew && after.dataCount() == 0 && others && dataSeen;
  }
}
