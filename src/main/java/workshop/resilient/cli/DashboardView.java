package workshop.resilient.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import workshop.support.term.Block;
import workshop.support.term.Column;
import workshop.support.term.Frame;
import workshop.support.term.Size;

/**
 * The capstone's dashboard, drawn from one {@link Snapshot} of what the registry and the nodes
 * answered: health, nodes, the ring, where the manual's keys live and who takes over when their
 * first replica dies, keys per node, recent events and what to try. Pure: the same snapshot and
 * size give the same text, so a golden file checks it.
 *
 * <p>Each of those is a panel of its own ({@link NodesPanel}, {@link FaultsPanel} (what {@code
 * ./workshop net} and {@code pause} have in force, when anything is), {@link RingPanel}, {@link
 * PlacementPanel}, {@link KeysPanel}, {@link EventsPanel}, {@link TryPanel}) returning a {@link
 * Block}; this class stacks them with {@link Column}, which fits them to the terminal and says on
 * the last row what did not fit.
 *
 * <p>Everything about placement comes from the registry's {@code GET /ring}, computed by the ring
 * its writes use. The original's dashboard hashed keys its own way and showed routes the system did
 * not use; it also picked "the next node" in dictionary order and printed "now" for every event's
 * time.
 */
public final class DashboardView {
  /** What the dashboard saw at {@code takenAt}. */
  public record Snapshot(
      String registry,
      Instant takenAt,
      String health,
      List<Node> nodes,
      Ring ring,
      List<Event> events,
      List<String> missing,
      List<String> faults) {
    public Snapshot {
      faults = List.copyOf(faults);
    }
  }

  /**
   * One member as the registry lists it.
   *
   * @param status the registry's word: alive, dead, joining, starting or left
   * @param keys how many keys the node holds (its {@code /stats}); null when it was not asked or
   *     did not answer
   */
  public record Node(
      String id, String status, Duration lastSeen, String address, String reason, Integer keys) {}

  /** The registry's ring: its members' shares and positions, and where the sample keys live. */
  public record Ring(
      int virtualNodes,
      int n,
      int w,
      int r,
      List<RingNode> nodes,
      List<Route> routes,
      List<String> joining) {}

  /**
   * @param positions where its virtual nodes sit, as fractions of the ring in [0, 1)
   */
  public record RingNode(String id, double share, List<Double> positions) {}

  /** A key and its replicas in preference order, as the registry places it. */
  public record Route(String key, List<String> replicas) {}

  /** Something that happened, told by {@code source} (the registry or a node). */
  public record Event(Instant at, String source, String line) {}

  private DashboardView() {}

  /**
   * @param size the room the frame has ({@link Size#tall} for {@code --once}); when it is too
   *     short, panels give way in this order: older events, the key placement, the hash ring, the
   *     commands to try, then key counts and nodes past the third, and the last row says what is
   *     hidden
   * @param color ANSI colours, for a terminal only
   * @param loadTest whether this toolkit has a {@code load-test} command to suggest
   */
  public static Frame render(Snapshot s, Size size, boolean color, boolean loadTest) {
    DashboardModel m = DashboardModel.of(s, size.columns(), color);
    List<Block> panels = new ArrayList<>();
    panels.add(NodesPanel.header(m));
    panels.add(NodesPanel.missing(m));
    panels.add(FaultsPanel.block(m));
    panels.add(NodesPanel.nodes(m));
    panels.add(RingPanel.block(m));
    panels.add(PlacementPanel.block(m));
    panels.add(KeysPanel.block(m));
    panels.add(EventsPanel.block(m));
    panels.add(TryPanel.block(m, loadTest));
    panels.removeIf(Objects::isNull);
    return new Frame(Column.stack(panels, size, "or --once"), summary(m));
  }

  /** The one line shown while the registry does not answer; the loop keeps retrying. */
  public static Frame notAnswering(String registry, String why, boolean color) {
    String line =
        "registry at " + registry + " not answering: " + why + "; start it with ./workshop up";
    return new Frame(List.of(new Palette(color).paint(Palette.RED, line)), line);
  }

  /** The one line printed per refresh when output is not a terminal (a pipe, a log, CI). */
  private static String summary(DashboardModel m) {
    StringBuilder b = new StringBuilder(m.health()).append(" ").append(m.counts());
    List<String> each = new ArrayList<>();
    for (Node n : m.nodes()) {
      NodeLook look = NodeLook.of(n);
      each.add(
          look.symbol
              + " "
              + n.id()
              + (look == NodeLook.HEALTHY ? "" : " " + look.name().toLowerCase(Locale.ROOT))
              + (n.keys() == null ? "" : " " + n.keys() + (n.keys() == 1 ? " key" : " keys")));
    }
    if (!each.isEmpty()) {
      b.append(" | ").append(String.join(", ", each));
    }
    m.newestFirst().stream()
        .findFirst()
        .ifPresent(
            e ->
                b.append(" | ")
                    .append(DashboardModel.ago(Duration.between(e.at(), m.snapshot().takenAt())))
                    .append(" ago ")
                    .append(e.source())
                    .append(": ")
                    .append(e.line()));
    int faults = m.snapshot().faults().size();
    if (faults > 0) {
      b.append(" | ").append(faults).append(faults == 1 ? " fault" : " faults").append(" in force");
    }
    if (!m.snapshot().missing().isEmpty()) {
      b.append(" | missing: ").append(String.join("; ", m.snapshot().missing()));
    }
    return b.toString();
  }
}
