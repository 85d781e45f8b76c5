package workshop.sim;

/** How much of a run the trace shows. */
public enum TraceLevel {
  /** Nothing: the fastest, for runs at scale. */
  OFF,
  /** Nodes' events (their decisions and reasons), client replies and faults: the story. */
  EVENTS,
  /** Also every input a node handles and every message the network drops: the microscope. */
  ALL
}
