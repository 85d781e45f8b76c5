package workshop.resilient;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The capstone's graduation checklist: what the registry has actually seen this run. The original
 * handed out its certificate to anyone who asked; here {@code GET /graduate} shows the art once the
 * cluster has survived what the manual's Steps 1-6 put it through (a write with a node dead, a
 * scale-up), and otherwise says which are missing and how to cause them.
 *
 * <p>Two kinds of milestone. <b>Required</b> ones are exactly what the manual's steps do, so a
 * student who follows them to the letter sees the art at Step 7, the manual's victory condition.
 * <b>Extras</b> (a read served by another replica, a dead node that came back) are on the
 * certificate too, ticked or with the command that earns them, but never withhold the art: the
 * manual asks for neither.
 *
 * <p>Not thread-safe; the registry serializes access.
 */
public final class Graduation {
  /** Whether a milestone withholds the art until reached. */
  public enum Kind {
    REQUIRED,
    EXTRA
  }

  /** What a student can see the system survive, required ones first, in the manual's order. */
  public enum Milestone {
    WRITE_WHILE_NODE_DEAD(
        Kind.REQUIRED,
        "a write succeeded while a node was dead",
        "kill a node (curl -X POST http://localhost:5000/kill/node-2), then write:"
            + " curl -X POST http://localhost:5000/data -H \"Content-Type: application/json\""
            + " -d '{\"key\":\"user:bob\",\"value\":\"Bob\"}'"),
    SCALE_UP(
        Kind.REQUIRED,
        "the cluster grew: a scale-up added a node",
        "curl -X POST http://localhost:5000/scale-up"),
    READ_FROM_ANOTHER_REPLICA(
        Kind.EXTRA,
        "a read was served by another replica because one was down",
        "with a node dead, read a key it held: curl http://localhost:5000/data/user:bob"),
    NODE_CAME_BACK(
        Kind.EXTRA,
        "a dead node came back and caught up",
        "restart a node you killed (curl -X POST http://localhost:5000/restart/node-2, or"
            + " ./workshop resilient-node --port 5002 --id node-2) and wait a few seconds");

    private final Kind kind;
    private final String achievement;
    private final String howTo;

    Milestone(Kind kind, String achievement, String howTo) {
      this.kind = kind;
      this.achievement = achievement;
      this.howTo = howTo;
    }

    public Kind kind() {
      return kind;
    }

    public String achievement() {
      return achievement;
    }

    public String howTo() {
      return howTo;
    }

    static List<Milestone> of(Kind kind) {
      List<Milestone> list = new ArrayList<>();
      for (Milestone m : values()) {
        if (m.kind == kind) {
          list.add(m);
        }
      }
      return list;
    }
  }

  private final Map<Milestone, String> evidence = new EnumMap<>(Milestone.class);

  /** Records the first evidence of a milestone; later evidence of the same one is ignored. */
  public boolean record(Milestone milestone, String what) {
    return evidence.putIfAbsent(milestone, what) == null;
  }

  public boolean reached(Milestone milestone) {
    return evidence.containsKey(milestone);
  }

  /** Every required milestone is reached: the art is earned. */
  public boolean complete() {
    return missing().isEmpty();
  }

  /** Required milestones not reached yet, in the order the manual's steps reach them. */
  public List<Milestone> missing() {
    return Milestone.of(Kind.REQUIRED).stream().filter(m -> !reached(m)).toList();
  }

  /** The text of {@code GET /graduate}. */
  public String render() {
    List<Milestone> required = Milestone.of(Kind.REQUIRED);
    List<Milestone> extras = Milestone.of(Kind.EXTRA);
    StringBuilder out = new StringBuilder();
    if (complete()) {
      out.append(ART);
      out.append("\n  * CONGRATULATIONS! YOU ARE NOW A DISTRIBUTED SYSTEMS ENGINEER! *\n\n");
    } else {
      out.append("\n  Not yet! The registry has seen ")
          .append(required.size() - missing().size())
          .append(" of ")
          .append(required.size())
          .append(" things a resilient system must survive.\n\n");
    }
    required.forEach(m -> line(out, m));
    long earned = extras.stream().filter(this::reached).count();
    out.append("\n  Extras (")
        .append(earned)
        .append(" of ")
        .append(extras.size())
        .append(earned == extras.size() ? ", all earned):\n" : "; the art does not need them):\n");
    extras.forEach(m -> line(out, m));
    if (complete()) {
      out.append(
          "\n  You used: service discovery and heartbeats, consistent hashing, quorum reads and"
              + " writes,\n  replication with read repair and anti-entropy, and chaos engineering."
              + "\n\n  \"Everything fails, all the time.\" (Werner Vogels)\n"
              + "  Now go build systems that survive chaos!\n");
    } else {
      out.append("\n  Come back to GET /graduate when every box above the extras is ticked.\n");
    }
    return out.toString();
  }

  private void line(StringBuilder out, Milestone m) {
    String seen = evidence.get(m);
    if (seen != null) {
      out.append("  ✅ ").append(m.achievement()).append(": ").append(seen).append('\n');
    } else {
      out.append("  ⬜ ")
          .append(m.achievement())
          .append("\n       try: ")
          .append(m.howTo())
          .append('\n');
    }
  }

  private static final String ART =
      """

        +-----------------------------------------------------------------+
        |    ____  ____      _    ____  _   _   _  _____ _____ ____        |
        |   / ___||  _ \\    / \\  |  _ \\| | | | / \\|_   _| ____|  _ \\       |
        |  | |  _ | |_) |  / _ \\ | | | | | | |/ _ \\ | | |  _| | | | |      |
        |  | |_| ||  _ <  / ___ \\| |_| | |_| / ___ \\| | | |___| |_| |      |
        |   \\____||_| \\_\\/_/   \\_\\____/ \\___/_/   \\_\\_| |_____|____/       |
        |                                                                 |
        +-----------------------------------------------------------------+
      """;
}
