package workshop.sim;

import workshop.protocol.Input;

/**
 * One thing due at one virtual instant: a message arriving, a timer firing, a client request, a
 * failed call's report, a caller's deadline or a scheduled fault. Handled in order of time, then of
 * scheduling ({@code seq}), so that a run depends on its seed alone. Small on purpose: the queue
 * holds one per message in flight.
 */
final class SimEvent<M> {
  static final byte MESSAGE = 0;
  static final byte TIMER = 1;
  static final byte REQUEST = 2;
  static final byte UNDELIVERED = 3;
  static final byte DEADLINE = 4;
  static final byte FAULT = 5;
  static final byte CLIENT_DEADLINE = 6;

  long at;
  long seq;
  final byte kind;

  /** The node that handles it (for a deadline: the caller). */
  final int node;

  final Input<M> input;

  /**
   * The incarnation of the process the event belongs to: the sender's for a message or a report,
   * the owner's for a timer. A restarted process never sees its predecessor's timers or reports.
   */
  final int incarnation;

  /** The timer's generation, for TIMER; the index of the sender, for MESSAGE; else unused. */
  final long tag;

  /**
   * For DEADLINE: the message it watches; for CLIENT_DEADLINE: the request; for FAULT: the fault.
   */
  final Object detail;

  /** For MESSAGE: when it was sent, so a caller's deadline can be computed on arrival. */
  long sentAt;

  /** Set once the node has handled it: a deadline that finds it handled does nothing. */
  boolean handled;

  /** Set once a deadline watches it, so it gets only one. */
  boolean watched;

  SimEvent(byte kind, int node, Input<M> input, int incarnation, long tag, Object detail) {
    this.kind = kind;
    this.node = node;
    this.input = input;
    this.incarnation = incarnation;
    this.tag = tag;
    this.detail = detail;
  }
}
