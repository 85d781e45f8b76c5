package workshop.fault;

/**
 * Which messages a link fault applies to: all of them, those a node sends or receives, or those on
 * one direction of one link.
 */
public sealed interface Target {
  /** Whether a message from {@code from} to {@code to} is on this target. */
  boolean covers(String from, String to);

  String text();

  /** Every message. */
  record All() implements Target {
    @Override
    public boolean covers(String from, String to) {
      return true;
    }

    @Override
    public String text() {
      return "all";
    }
  }

  /** Every message the node sends or receives. */
  record Node(String name) implements Target {
    @Override
    public boolean covers(String from, String to) {
      return name.equals(from) || name.equals(to);
    }

    @Override
    public String text() {
      return name;
    }
  }

  /** Messages from {@code from} to {@code to} only (one direction). */
  record Link(String from, String to) implements Target {
    @Override
    public boolean covers(String from, String to) {
      return this.from.equals(from) && this.to.equals(to);
    }

    @Override
    public String text() {
      return from + "->" + to;
    }
  }
}
