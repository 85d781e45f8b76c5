package workshop.kv;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One command as a handler sees it: who sent it, its arguments (the name first, as sent) and the
 * time it arrived.
 */
public record Call(long clientId, List<byte[]> args, long nowMillis) {
  /** Argument {@code i} as text (UTF-8). */
  public String text(int i) {
    return new String(args.get(i), StandardCharsets.UTF_8);
  }

  /** Argument {@code i} as a key (Latin-1: one char per byte). */
  public String key(int i) {
    return WriteOp.key(args.get(i));
  }

  public int size() {
    return args.size();
  }
}
