package workshop.resilient.cli;

import java.time.Duration;
import workshop.resilient.cli.DashboardView.Node;

/**
 * How a node looks on the dashboard: the original's three symbols, plus the states it had none for.
 */
enum NodeLook {
  HEALTHY("●", Palette.GREEN),
  SLOW("◐", Palette.YELLOW),
  DEAD("○", Palette.RED),
  JOINING("◌", Palette.YELLOW),
  STARTING("◌", Palette.YELLOW),
  LEFT("·", Palette.DIM),
  UNKNOWN("?", Palette.YELLOW);

  /** Heard from within this long: HEALTHY; longer (until the registry's 5 s timeout): SLOW. */
  static final Duration SLOW_AFTER = Duration.ofSeconds(3);

  final String symbol;
  final String color;

  NodeLook(String symbol, String color) {
    this.symbol = symbol;
    this.color = color;
  }

  static NodeLook of(Node n) {
    return switch (n.status()) {
      case "alive" -> n.lastSeen().compareTo(SLOW_AFTER) < 0 ? HEALTHY : SLOW;
      case "dead" -> DEAD;
      case "joining" -> JOINING;
      case "starting" -> STARTING;
      case "left" -> LEFT;
      default -> UNKNOWN;
    };
  }
}
