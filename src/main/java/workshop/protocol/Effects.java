package workshop.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ProtocolNode} wants done after one input, in the order it asked: messages to send,
 * timers to set or cancel, replies to clients, state to persist, and events saying why. A driver
 * carries them out; the node never does I/O itself.
 *
 * <p>Timers are named, and a node has at most one pending timer per name: setting {@code
 * "election"} again replaces the pending one, which is how a follower resets its election timeout.
 *
 * @param <M> the protocol's message type
 */
public record Effects<M>(
    List<Send<M>> sends,
    List<TimerChange> timers,
    List<Reply<M>> replies,
    Record persist,
    List<Event> events) {

  /** Send {@code message} to the node named {@code to}. */
  public record Send<M>(String to, M message) {}

  /** Set (after {@code after}) or, with a null {@code after}, cancel the timer {@code name}. */
  public record TimerChange(String name, Duration after) {
    public boolean cancels() {
      return after == null;
    }
  }

  /**
   * The answer to a client request: {@code body}, or, when {@code refusal} is not null, a refusal
   * with its reason ("not the leader; node-3 is").
   */
  public record Reply<M>(RequestId request, M body, String refusal) {}

  /** A decision in words: {@code what} happened ("votes for node-3 in term 5") and {@code why}. */
  public record Event(String what, String why) {
    @Override
    public String toString() {
      return why == null || why.isEmpty() ? what : what + ": " + why;
    }
  }

  public Effects {
    sends = List.copyOf(sends);
    timers = List.copyOf(timers);
    replies = List.copyOf(replies);
    events = List.copyOf(events);
  }

  private static final Effects<?> NONE =
      new Effects<>(List.of(), List.of(), List.of(), null, List.of());

  /** Nothing to do. */
  @SuppressWarnings("unchecked")
  public static <M> Effects<M> none() {
    return (Effects<M>) NONE;
  }

  public static <M> Builder<M> builder() {
    return new Builder<>();
  }

  public boolean isEmpty() {
    return sends.isEmpty()
        && timers.isEmpty()
        && replies.isEmpty()
        && persist == null
        && events.isEmpty();
  }

  /** Collects a handler's effects; {@link #build} returns them. */
  public static final class Builder<M> {
    private final List<Send<M>> sends = new ArrayList<>();
    private final List<TimerChange> timers = new ArrayList<>();
    private final List<Reply<M>> replies = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private Record persist;

    private Builder() {}

    public Builder<M> send(String to, M message) {
      sends.add(new Send<>(Objects.requireNonNull(to), Objects.requireNonNull(message)));
      return this;
    }

    /**
     * Fires {@link ProtocolNode#onTimer} with {@code name} after {@code after} on the node's clock.
     */
    public Builder<M> setTimer(String name, Duration after) {
      if (after.isNegative()) {
        throw new IllegalArgumentException("timer " + name + " cannot fire in the past: " + after);
      }
      timers.add(new TimerChange(Objects.requireNonNull(name), after));
      return this;
    }

    public Builder<M> cancelTimer(String name) {
      timers.add(new TimerChange(Objects.requireNonNull(name), null));
      return this;
    }

    public Builder<M> reply(RequestId request, M body) {
      replies.add(new Reply<>(Objects.requireNonNull(request), Objects.requireNonNull(body), null));
      return this;
    }

    public Builder<M> refuse(RequestId request, String reason) {
      replies.add(
          new Reply<>(Objects.requireNonNull(request), null, Objects.requireNonNull(reason)));
      return this;
    }

    /**
     * Asks the driver to keep {@code state} (an immutable record) where a crash cannot reach it; a
     * restarted node is built from the last state persisted. A real Raft server must persist its
     * term, vote and log before it answers, so a driver persists before it sends anything else.
     */
    public Builder<M> persist(Record state) {
      this.persist = Objects.requireNonNull(state);
      return this;
    }

    public Builder<M> event(String what, String why) {
      events.add(new Event(Objects.requireNonNull(what), why));
      return this;
    }

    /** Adds everything {@code other} holds, after what this builder has (a helper's effects). */
    public Builder<M> addAll(Effects<M> other) {
      sends.addAll(other.sends());
      timers.addAll(other.timers());
      replies.addAll(other.replies());
      events.addAll(other.events());
      if (other.persist() != null) {
        persist = other.persist();
      }
      return this;
    }

    public Effects<M> build() {
      return new Effects<>(sends, timers, replies, persist, events);
    }
  }
}
