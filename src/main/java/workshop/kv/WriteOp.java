package workshop.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A write the server accepted, before it is applied: the unit the append-only log stores and a
 * replica will receive. Its bytes are the command that repeats it exactly, in RESP as a client
 * would send it ({@code SET k v PXAT 1767225600000}, {@code DEL a b}); a TTL is stored as the
 * absolute instant it ends, so replaying the log later, or on another machine, expires the key at
 * the same moment and not a whole TTL after the replay.
 *
 * <p>Keys are Latin-1 strings: one char per byte, so every binary key round-trips unchanged.
 */
public sealed interface WriteOp {
  /** {@code SET key value}, ending at {@code expiresAtMillis} (epoch ms) or never (0). */
  record Set(String key, byte[] value, long expiresAtMillis) implements WriteOp {
    @Override
    public boolean equals(Object o) {
      return o instanceof Set s
          && s.key.equals(key)
          && java.util.Arrays.equals(s.value, value)
          && s.expiresAtMillis == expiresAtMillis;
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "SET "
          + key
          + " ("
          + value.length
          + " bytes)"
          + (expiresAtMillis > 0 ? " PXAT " + expiresAtMillis : "");
    }
  }

  /** {@code DEL keys...}: only keys that existed, so replaying it deletes the same ones. */
  record Del(List<String> keys) implements WriteOp {
    public Del {
      keys = List.copyOf(keys);
    }
  }

  /** The command that repeats this write, in RESP. */
  default byte[] encode() {
    return new RespWriter(64).command(args()).toByteArray();
  }

  /** The command's arguments, its name first. */
  default List<byte[]> args() {
    List<byte[]> args = new ArrayList<>();
    switch (this) {
      case Set s -> {
        args.add(ascii("SET"));
        args.add(bytes(s.key()));
        args.add(s.value());
        if (s.expiresAtMillis() > 0) {
          args.add(ascii("PXAT"));
          args.add(ascii(Long.toString(s.expiresAtMillis())));
        }
      }
      case Del d -> {
        args.add(ascii("DEL"));
        d.keys().forEach(k -> args.add(bytes(k)));
      }
    }
    return args;
  }

  /**
   * The write a logged command repeats, or null when it is not one this server logs ({@code SET k
   * v}, {@code SET k v PXAT ms}, {@code DEL k...}).
   */
  static WriteOp parse(List<byte[]> args) {
    String name = args.isEmpty() ? "" : key(args.get(0));
    if (name.equals("SET") && (args.size() == 3 || args.size() == 5)) {
      long at = 0;
      if (args.size() == 5) {
        if (!key(args.get(3)).equals("PXAT")) {
          return null;
        }
        try {
          at = Long.parseLong(key(args.get(4)));
        } catch (NumberFormatException e) {
          return null;
        }
        if (at <= 0) {
          return null;
        }
      }
      return new Set(key(args.get(1)), args.get(2), at);
    }
    if (name.equals("DEL") && args.size() >= 2) {
      return new Del(args.subList(1, args.size()).stream().map(WriteOp::key).toList());
    }
    return null;
  }

  /** Raw bytes as a key: Latin-1 keeps every byte as one char. */
  static String key(byte[] raw) {
    return new String(raw, StandardCharsets.ISO_8859_1);
  }

  /** A key back to its raw bytes. */
  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
