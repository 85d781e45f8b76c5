package workshop.kv;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GET, SET, DEL, EXISTS and DBSIZE over the {@link Keyspace}. SET takes Redis's NX (only when the
 * key is missing), XX (only when it exists), EX seconds and PX milliseconds; a TTL becomes the
 * absolute instant it ends ({@link WriteOp.Set}), from the call's time.
 */
final class DataCommands {
  private final Keyspace keys;

  DataCommands(Keyspace keys) {
    this.keys = keys;
  }

  Outcome get(Call call) {
    byte[] value = keys.get(call.key(1), call.nowMillis());
    return Outcome.answer(value == null ? Reply.NIL : new Reply.Bulk(value));
  }

  Outcome set(Call call) {
    boolean nx = false;
    boolean xx = false;
    long expiresAt = 0;
    for (int i = 3; i < call.size(); i++) {
      String option = call.text(i).toUpperCase(Locale.ROOT);
      switch (option) {
        case "NX" -> nx = true;
        case "XX" -> xx = true;
        case "EX", "PX", "EXAT", "PXAT" -> {
          if (expiresAt != 0 || i + 1 >= call.size()) {
            return Outcome.answer(Reply.err("syntax error"));
          }
          Long n = integer(call.text(++i));
          if (n == null) {
            return Outcome.answer(Reply.err("value is not an integer or out of range"));
          }
          expiresAt = endOf(option, n, call.nowMillis());
          if (expiresAt <= 0) {
            return Outcome.answer(Reply.err("invalid expire time in 'set' command"));
          }
        }
        default -> {
          return Outcome.answer(Reply.err("syntax error"));
        }
      }
    }
    if (nx && xx) {
      return Outcome.answer(Reply.err("syntax error"));
    }
    String key = call.key(1);
    boolean present = keys.exists(key, call.nowMillis());
    if ((nx && present) || (xx && !present)) {
      return Outcome.answer(Reply.NIL);
    }
    return new Outcome.Write(new WriteOp.Set(key, call.args().get(2), expiresAt), Reply.OK);
  }

  Outcome del(Call call) {
    Set<String> existing = new LinkedHashSet<>();
    for (int i = 1; i < call.size(); i++) {
      String key = call.key(i);
      if (keys.exists(key, call.nowMillis())) {
        existing.add(key);
      }
    }
    Reply count = new Reply.Int(existing.size());
    if (existing.isEmpty()) {
      // Nothing changes, so nothing is logged, as Redis does not propagate a DEL of nothing.
      return Outcome.answer(count);
    }
    return new Outcome.Write(new WriteOp.Del(new ArrayList<>(existing)), count);
  }

  Outcome exists(Call call) {
    long n = 0;
    for (int i = 1; i < call.size(); i++) {
      n += keys.exists(call.key(i), call.nowMillis()) ? 1 : 0;
    }
    return Outcome.answer(new Reply.Int(n));
  }

  Outcome dbsize(Call call) {
    return Outcome.answer(new Reply.Int(keys.size()));
  }

  /** When a TTL given as EX, PX, EXAT or PXAT ends, in epoch ms; 0 or less when invalid. */
  private static long endOf(String option, long n, long nowMillis) {
    if (n <= 0 || n > Long.MAX_VALUE / 2000) {
      return 0;
    }
    return switch (option) {
      case "EX" -> nowMillis + n * 1000;
      case "PX" -> nowMillis + n;
      case "EXAT" -> n * 1000;
      default -> n;
    };
  }

  /** A whole decimal number, or null. */
  static Long integer(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static List<String> words(Call call, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < call.size(); i++) {
      out.add(call.text(i));
    }
    return out;
  }
}
