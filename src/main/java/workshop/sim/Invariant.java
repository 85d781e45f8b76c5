package workshop.sim;

/**
 * A property that must hold after every step, named in words ("at most one leader per term"). The
 * simulator checks each invariant after every step (or every N steps at scale) and stops the run at
 * the first violation, with the trace that led to it.
 *
 * @param <M> the protocol's message type
 */
public interface Invariant<M> {
  /** The property, in words. */
  String name();

  /**
   * Checks the world.
   *
   * @param stepped the node that just handled an input, so a check can look at that node alone;
   *     null when the whole world should be checked (after a fault, or at the end of a run)
   * @return null when the property holds, otherwise what breaks it
   */
  String violation(SimView<M> world, String stepped);

  /** An invariant from a name and a check. */
  static <M> Invariant<M> of(String name, Check<M> check) {
    return new Invariant<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String violation(SimView<M> world, String stepped) {
        return check.violation(world, stepped);
      }
    };
  }

  /** The check of {@link #of}. */
  @FunctionalInterface
  interface Check<M> {
    String violation(SimView<M> world, String stepped);
  }
}
