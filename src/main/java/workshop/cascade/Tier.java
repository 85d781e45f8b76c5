package workshop.cascade;

import java.util.Optional;

/** The three servers of the chain: the client calls A, A calls B, B calls C. */
public enum Tier {
  A,
  B,
  C;

  /** The tier this one calls, if any. */
  public Optional<Tier> next() {
    return switch (this) {
      case A -> Optional.of(B);
      case B -> Optional.of(C);
      case C -> Optional.empty();
    };
  }

  /** The server's name in logs and in the address book: "cascade-a". */
  public String serverName() {
    return "cascade-" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
