package workshop.sim;

/** Whether a simulated node's process runs. */
public enum NodeStatus {
  /** Not started yet, or crashed: calls to it are refused. */
  DOWN,
  /** Running. */
  UP,
  /** Stopped (SIGSTOP): calls wait unanswered, input queues up and runs on resume. */
  PAUSED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
