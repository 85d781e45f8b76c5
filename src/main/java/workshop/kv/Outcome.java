package workshop.kv;

/**
 * What a command comes to: an answer at once (reads, errors, the server's own commands), or a write
 * the server must sequence, log and apply before it sends {@code reply} ({@link Keyspace}).
 */
public sealed interface Outcome {
  /** Send {@code reply}; close the connection afterwards when {@code close} (QUIT). */
  record Answer(Reply reply, boolean close) implements Outcome {}

  /** Apply {@code write}, then send {@code reply}. */
  record Write(WriteOp write, Reply reply) implements Outcome {}

  static Outcome answer(Reply reply) {
    return new Answer(reply, false);
  }
}
