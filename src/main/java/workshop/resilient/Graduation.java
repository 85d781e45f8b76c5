package workshop.resilient;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The capstone's graduation checklist: what the registry has actually seen this run. The original
 * handed out its certificate to anyone who asked; here {@code GET /graduate} shows the art only
 * when the cluster has survived each kind of failure the manual talks about, and otherwise says
 * which are missing and how to cause them.
 *
 * <p>Not thread-safe; the registry serializes access.
 */
public final class Graduation {
  /** The four things a student must have seen the system survive. */
  public enum Milestone {
    WRITE_WHILE_NODE_DEAD(
        "a write succeeded while a node was dead",
        "kill a node (curl -X POST http://localhost:5000/kill/node-2), then write:"
            + " curl -X POST http://localhost:5000/data -H \"Content-Type: application/json\""
            + " -d '{\"key\":\"user:bob\",\"value\":\"Bob\"}'"),
    READ_FROM_ANOTHER_REPLICA(
        "a read was served by another replica because one was down",
        "with a node dead, read a key it held: curl http://localhost:5000/data/user:alice"),
    SCALE_UP(
        "the cluster grew: a scale-up added a node", "curl -X POST http://localhost:5000/scale-up"),
    NODE_CAME_BACK(
        "a dead node came back and caught up",
        "restart a node you killed (curl -X POST http://localhost:5000/restart/node-2, or"
            + " ./workshop resilient-node --port 5002 --id node-2) and wait a few seconds");

    private final String achievement;
    private final String howTo;

    Milestone(String achievement, String howTo) {
      this.achievement = achievement;
      this.howTo = howTo;
    }

    public String achievement() {
      return achievement;
    }

    public String howTo() {
      return howTo;
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

  public boolean complete() {
    return evidence.size() == Milestone.values().length;
  }

  /** Milestones not reached yet, in the order the manual's steps reach them. */
  public List<Milestone> missing() {
    List<Milestone> missing = new ArrayList<>();
    for (Milestone m : Milestone.values()) {
      if (!evidence.containsKey(m)) {
        missing.add(m);
      }
    }
    return missing;
  }

  /** The text of {@code GET /graduate}. */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (complete()) {
      out.append(ART);
      out.append("\n  * CONGRATULATIONS! YOU ARE NOW A DISTRIBUTED SYSTEMS ENGINEER! *\n\n");
    } else {
      out.append("\n  Not yet! The registry has seen ")
          .append(evidence.size())
          .append(" of ")
          .append(Milestone.values().length)
          .append(" things a resilient system must survive.\n\n");
    }
    for (Milestone m : Milestone.values()) {
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
    if (complete()) {
      out.append(
          "\n  You used: service discovery and heartbeats, consistent hashing, quorum reads and"
              + " writes,\n  replication with read repair and anti-entropy, and chaos engineering."
              + "\n\n  \"Everything fails, all the time.\" (Werner Vogels)\n"
              + "  Now go build systems that survive chaos!\n");
    } else {
      out.append("\n  Come back to GET /graduate when every box is ticked.\n");
    }
    return out.toString();
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
