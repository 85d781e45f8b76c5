package workshop.cap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import workshop.protocol.RequestId;

/**
 * One cp read or write waiting for a majority, round by round (Attiya, Bar-Noy and Dolev 1995, the
 * "ABD" register): round one asks every replica for the key's version; round two stores the value
 * (a write's new one, or, for a read, the newest found, on replicas that were behind). Each round
 * needs a majority, this replica included, and any two majorities share a replica: that is why a
 * read after an acknowledged write sees it, and why a minority side cannot answer at all.
 *
 * <p>The tally only counts; {@link CapNode} decides what to send. Not thread-safe.
 */
final class MajorityRound {
  enum Kind {
    READ,
    WRITE
  }

  final long op;
  final Kind kind;
  final RequestId request;
  final String key;
  final String value;
  private final int replicas;
  private final int majority;
  private final Set<String> answered = new LinkedHashSet<>();
  private final Set<String> failed = new LinkedHashSet<>();
  private int round = 1;
  private final List<Stamp> stamps = new ArrayList<>();
  private Item newest;
  private Item storing;

  MajorityRound(
      long op, Kind kind, RequestId request, String key, String value, int replicas, int majority) {
    this.op = op;
    this.kind = kind;
    this.request = request;
    this.key = key;
    this.value = value;
    this.replicas = replicas;
    this.majority = majority;
  }

  int round() {
    return round;
  }

  /** Round one begins with what this replica holds (null when it lacks the key). */
  void mine(Item item) {
    newest = item;
    stamps.add(item == null ? null : item.stamp());
  }

  /** Round one: what a peer holds. A second answer from the same peer counts once. */
  void held(String from, Item item) {
    if (!answered.add(from)) {
      return;
    }
    stamps.add(item == null ? null : item.stamp());
    if (item != null && item.stamp().newerThan(newest == null ? null : newest.stamp())) {
      newest = item;
    }
  }

  /** Round two: a replica holds what was stored (or newer). */
  void stored(String from) {
    answered.add(from);
  }

  void failed(String to) {
    if (!answered.contains(to)) {
      failed.add(to);
    }
  }

  /** Starts round two, storing {@code item}. */
  void storing(Item item) {
    round = 2;
    storing = item;
    answered.clear();
    failed.clear();
  }

  Item storingItem() {
    return storing;
  }

  /** The newest item round one found (null when no replica asked holds the key). */
  Item newest() {
    return newest;
  }

  /** Whether a read must write back before it answers: some replica asked held older. */
  boolean someBehind() {
    Stamp best = newest == null ? null : newest.stamp();
    return stamps.stream().anyMatch(s -> !Objects.equals(s, best));
  }

  /** This replica and the peers that answered this round. */
  int reached() {
    return 1 + answered.size();
  }

  boolean hasMajority() {
    return reached() >= majority;
  }

  /** Too many peers failed for a majority to answer this round. */
  boolean hopeless() {
    return replicas - failed.size() < majority;
  }

  /** "this side has 1 of 3 replicas; a majority is 2". */
  String reason() {
    return "this side has "
        + reached()
        + " of "
        + replicas
        + " replicas; a majority is "
        + majority;
  }
}
