package workshop.resilient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.quorum.QuorumConfig;
import workshop.sharding.HashRing;

/**
 * Where the capstone keeps each key: on which members, who answers while one of them is dead, and
 * what a newcomer must be handed before it serves. One snapshot of the registry's view, so every
 * answer is computed from the same members.
 *
 * <p>The ring holds the <em>holders</em>: members alive or dead, never starting, left, or still
 * joining. A key's replicas are its preference list on that ring (its owner, then the next distinct
 * members clockwise), as in Dynamo. A dead member keeps its place: its keys do not move, the other
 * replicas take the writes (W is capped to the replicas there are), and anti-entropy copies what it
 * missed when it comes back. A member that leaves on purpose gives its place up, and its keys move
 * to the next members on the ring.
 *
 * <p>A newcomer joins in two steps, so that no key is ever read from a replica that has not got it
 * yet: while <em>joining</em> it is not on the ring, but every write to a key it will hold reaches
 * it too (it is "pending" for that key); once handed the keys it will hold, it joins the ring. The
 * trade-off: until the hand-off ends, the newcomer takes writes but serves no reads.
 *
 * <p>Immutable and pure; the registry builds one under its lock whenever membership changes.
 */
public final class Placement {
  /** A replica by id, and the base URL it is reached at. */
  public record Replica(String id, String address) {}

  /**
   * A key's replicas in preference order, the quorum that applies to them, which of them are down,
   * and the joining members that will become replicas (they receive its writes already).
   */
  public record Replicas(
      String key,
      List<Replica> replicas,
      QuorumConfig config,
      List<String> down,
      List<Replica> pending) {
    public List<String> ids() {
      return replicas.stream().map(Replica::id).toList();
    }

    /** The replicas that are not down, in preference order: those that take over for the rest. */
    public List<String> up() {
      return ids().stream().filter(id -> !down.contains(id)).toList();
    }
  }

  private final List<Member> holders;
  private final Map<String, Member> byId = new LinkedHashMap<>();
  private final Set<String> joining;
  private final QuorumConfig quorum;
  private final HashRing ring;

  /** The ring once the joining members have joined; null when none is joining. */
  private final HashRing future;

  /**
   * @param members every member the registry knows
   * @param joining members being handed their keys, not yet on the ring
   * @param quorum replicas per key, and the write and read quorums
   */
  public Placement(List<Member> members, Collection<String> joining, QuorumConfig quorum) {
    this.joining = Set.copyOf(joining);
    this.quorum = quorum;
    members.forEach(m -> byId.put(m.id(), m));
    this.holders =
        members.stream()
            .filter(m -> m.status() == MemberStatus.ALIVE || m.status() == MemberStatus.DEAD)
            .filter(m -> !this.joining.contains(m.id()))
            .sorted(Comparator.comparing(Member::id))
            .toList();
    List<String> ids = holders.stream().map(Member::id).toList();
    this.ring = ids.isEmpty() ? null : ring(ids);
    List<String> withJoiners = new ArrayList<>(ids);
    this.joining.stream().filter(byId::containsKey).sorted().forEach(withJoiners::add);
    this.future = withJoiners.size() == ids.size() ? null : ring(withJoiners);
  }

  /** The members on the ring, by id: alive or dead, not starting, left or joining. */
  public List<Member> holders() {
    return holders;
  }

  /** Joining members, sorted. */
  public List<String> joining() {
    return List.copyOf(new TreeSet<>(joining));
  }

  /** The key's replicas; empty when no member holds data. */
  public Optional<Replicas> place(String key) {
    if (ring == null) {
      return Optional.empty();
    }
    List<Replica> replicas = new ArrayList<>();
    List<String> down = new ArrayList<>();
    for (String id : ring.preferenceList(key, quorum.n())) {
      Member m = byId.get(id);
      replicas.add(new Replica(id, m.address()));
      if (m.status() != MemberStatus.ALIVE) {
        down.add(id);
      }
    }
    int n = replicas.size();
    QuorumConfig config = new QuorumConfig(n, Math.min(quorum.w(), n), Math.min(quorum.r(), n));
    return Optional.of(new Replicas(key, replicas, config, down, pending(key)));
  }

  /** Of {@code keys}, those {@code newcomer} will be a replica of once it joins the ring. */
  public List<String> handedTo(String newcomer, Collection<String> keys) {
    return keys.stream()
        .filter(k -> pending(k).stream().anyMatch(r -> r.id().equals(newcomer)))
        .toList();
  }

  /** Each holder's share of the ring, 0 to 1. */
  public Map<String, Double> shares() {
    return ring == null ? Map.of() : ring.shares();
  }

  /** Each holder's positions on the ring, as fractions from 0 to 1, in ring order. */
  public Map<String, List<Double>> positions() {
    Map<String, List<Double>> positions = new LinkedHashMap<>();
    if (ring != null) {
      ring.positions()
          .forEach(
              (at, id) ->
                  positions.computeIfAbsent(id, k -> new ArrayList<>()).add(HashRing.fraction(at)));
    }
    return positions;
  }

  /** Joining members that will be among the key's replicas on the ring they will join. */
  private List<Replica> pending(String key) {
    if (future == null) {
      return List.of();
    }
    List<Replica> pending = new ArrayList<>();
    for (String id : future.preferenceList(key, quorum.n())) {
      if (joining.contains(id)) {
        pending.add(new Replica(id, byId.get(id).address()));
      }
    }
    return pending;
  }

  /** The one ring every component uses: members by id, 100 virtual nodes each. */
  private static HashRing ring(List<String> ids) {
    return new HashRing(ids, HashRing.DEFAULT_VIRTUAL_NODES);
  }
}
