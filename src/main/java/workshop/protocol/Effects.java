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

  /**
   * The same effects in another protocol's words: every message sent and every reply's body passed
   * through {@code wrap}; timers, refusals, state and events unchanged. A node that is made of
   * another (a capstone replica that is also a membership member) hands its part's input over and
   * wraps what comes back.
   */
  public <N> Effects<N> map(java.util.function.Function<? super M, ? extends N> wrap) {
    List<Send<N>> s = new ArrayList<>(sends.size());
    sends.forEach(x -> s.add(new Send<>(x.to(), wrap.apply(x.message()))));
    List<Reply<N>> r = new ArrayList<>(replies.size());
    replies.forEach(
        x ->
            r.add(
                new Reply<>(
                    x.request(), x.body() == null ? null : wrap.apply(x.body()), x.refusal())));
    return new Effects<>(s, timers, r, persist, events);
  }

  public boolean isEmpty() {
    return sends.isEmpty()
        && timers.isEmpty()
        && replies.isEmpty()
        && persist == null
        && events.isEmpty();
  }

  /**
   * Collects a handler's effects; {@link #build} returns them. Lists are made on first use: most
   * handlers fill one or two of them, and a simulator calls handlers millions of times.
   */
  public static final class Builder<M> {
    private List<Send<M>> sends;
    private List<TimerChange> timers;
    private List<Reply<M>> replies;
    private List<Event> events;
    private Record persist;

    private Builder() {}

    private static <T> List<T> add(List<T> list, T item) {
      List<T> to = list == null ? new ArrayList<>(2) : list;
      to.add(item);
      return to;
    }

    private static <T> List<T> addAll(List<T> list, List<T> items) {
      if (items.isEmpty()) {
        return list;
      }
      List<T> to = list == null ? new ArrayList<>(items.size()) : list;
      to.addAll(items);
      return to;
    }

    private static <T> List<T> freeze(List<T> list) {
      if (list == null) {
        return List.of();
      }
      return list.size() == 1 ? List.of(list.get(0)) : List.copyOf(list);
    }

    public Builder<M> send(String to, M message) {
      sends = add(sends, new Send<>(Objects.requireNonNull(to), Objects.requireNonNull(message)));
      return this;
    }

    /**
     * Fires {@link ProtocolNode#onTimer} with {@code name} after {@code after} on the node's clock.
     */
    public Builder<M> setTimer(String name, Duration after) {
      if (after.isNegative()) {
        throw new IllegalArgumentException("timer " + name + " cannot fire in the past: " + after);
      }
      timers = add(timers, new TimerChange(Objects.requireNonNull(name), after));
      return this;
    }

    public Builder<M> cancelTimer(String name) {
      timers = add(timers, new TimerChange(Objects.requireNonNull(name), null));
      return this;
    }

    public Builder<M> reply(RequestId request, M body) {
      replies =
          add(
              replies,
              new Reply<>(Objects.requireNonNull(request), Objects.requireNonNull(body), null));
      return this;
    }

    public Builder<M> refuse(RequestId request, String reason) {
      replies =
          add(
              replies,
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
      events = add(events, new Event(Objects.requireNonNull(what), why));
      return this;
    }

    /** Adds everything {@code other} holds, after what this builder has (a helper's effects). */
    public Builder<M> addAll(Effects<M> other) {
      sends = addAll(sends, other.sends());
      timers = addAll(timers, other.timers());
      replies = addAll(replies, other.replies());
      events = addAll(events, other.events());
      if (other.persist() != null) {
        persist = other.persist();
      }
      return this;
    }

    public Effects<M> build() {
      return new Effects<>(freeze(sends), freeze(timers), freeze(replies), persist, freeze(events));
    }
  }
}
