package workshop.kv;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One answer in the Redis protocol (RESP2): a status line ({@code +OK}), an error ({@code -ERR
 * ...}), an integer ({@code :1}), a bulk string ({@code $5 hello}), the null bulk string ({@code
 * $-1}) or an array of replies ({@code *2 ...}). {@link RespWriter} turns one into bytes.
 */
public sealed interface Reply {
  /** {@code +text}: a short status, such as OK or PONG. Never holds CR or LF. */
  record Status(String text) implements Reply {}

  /** {@code -message}: the first word is the error's kind (ERR, WRONGTYPE, READONLY). */
  record Error(String message) implements Reply {}

  /** {@code :n}. */
  record Int(long value) implements Reply {}

  /** {@code $n bytes}: binary safe. */
  record Bulk(byte[] bytes) implements Reply {}

  /** {@code $-1}: what GET answers for a missing key; redis-cli shows {@code (nil)}. */
  record Nil() implements Reply {}

  /** {@code *n}, then each item. */
  record Multi(List<Reply> items) implements Reply {
    public Multi {
      items = List.copyOf(items);
    }
  }

  Reply OK = new Status("OK");
  Reply PONG = new Status("PONG");
  Reply NIL = new Nil();

  static Reply bulk(String text) {
    return new Bulk(text.getBytes(StandardCharsets.UTF_8));
  }

  /** An error of kind ERR: {@code err("syntax error")} is {@code -ERR syntax error}. */
  static Reply err(String message) {
    return new Error("ERR " + message);
  }
}
