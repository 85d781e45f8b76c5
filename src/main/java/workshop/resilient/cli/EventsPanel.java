package workshop.resilient.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.resilient.cli.DashboardView.Event;
import workshop.support.term.Block;

/**
 * Recent events from the registry and the nodes, newest first, each with its age (not the sender's
 * clock) and who told it. A line too long for the terminal is cut with {@code …}.
 */
final class EventsPanel {
  /** Events listed at most; fewer when the terminal is short. */
  static final int SHOWN = 8;

  private EventsPanel() {}

  static Block block(DashboardModel m) {
    List<List<String>> items = new ArrayList<>();
    List<Event> events = m.snapshot().events();
    if (events.isEmpty()) {
      items.add(List.of("  (none yet)"));
    }
    int sourceWidth = events.stream().mapToInt(e -> e.source().length()).max().orElse(8);
    m.newestFirst().stream()
        .limit(SHOWN)
        .forEach(
            e ->
                items.add(
                    List.of(
                        String.format(
                            Locale.ROOT,
                            "  %8s ago  %-" + sourceWidth + "s  %s",
                            DashboardModel.ago(Duration.between(e.at(), m.snapshot().takenAt())),
                            e.source(),
                            e.line()))));
    return Block.shrinks("events", m.title("Recent events (newest first)"), items, 3, 1);
  }
}
