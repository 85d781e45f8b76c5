package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.quorum.QuorumConfig;

class PlacementTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final List<String> KEYS = IntStream.range(0, 1000).mapToObj(i -> "key-" + i).toList();

  @Test
  void aDeadMemberKeepsItsKeysSoNothingMovesWhenItDies() {
    Placement before = placement(Map.of("node-1", ALIVE, "node-2", ALIVE, "node-3", ALIVE));
    Placement after = placement(Map.of("node-1", ALIVE, "node-2", DEAD, "node-3", ALIVE));
    for (String key : KEYS) {
      assertThat(after.place(key).orElseThrow().ids())
          .isEqualTo(before.place(key).orElseThrow().ids());
    }
  }

  @Test
  void aMemberThatLeavesHandsOnOnlyTheKeysItHeld() {
    Map<String, MemberStatus> four =
        Map.of("node-1", ALIVE, "node-2", ALIVE, "node-3", ALIVE, "node-4", ALIVE);
    Placement before = placement(four);
    Map<String, MemberStatus> left = new LinkedHashMap<>(four);
    left.put("node-4", MemberStatus.LEFT);
    Placement after = placement(left);
    for (String key : KEYS) {
      List<String> was = before.place(key).orElseThrow().ids();
      List<String> now = after.place(key).orElseThrow().ids();
      if (!was.contains("node-4")) {
        // Only a key node-4 held changes replicas.
        assertThat(now).as(key).isEqualTo(was);
      }
      assertThat(now).doesNotContain("node-4");
    }
  }

  @Test
  void aJoiningMemberTakesWritesForExactlyTheKeysItWillHoldAndServesNoneYet() {
    Map<String, MemberStatus> members =
        Map.of("node-1", ALIVE, "node-2", ALIVE, "node-3", ALIVE, "node-4", ALIVE);
    Placement joining = new Placement(members(members), Set.of("node-4"), QuorumConfig.DEFAULT);
    Placement joined = new Placement(members(members), Set.of(), QuorumConfig.DEFAULT);
    List<String> handed = joining.handedTo("node-4", KEYS);
    for (String key : KEYS) {
      Placement.Replicas now = joining.place(key).orElseThrow();
      assertThat(now.ids()).doesNotContain("node-4");
      boolean willHold = joined.place(key).orElseThrow().ids().contains("node-4");
      assertThat(now.pending().stream().anyMatch(r -> r.id().equals("node-4")))
          .as(key)
          .isEqualTo(willHold);
      assertThat(handed.contains(key)).isEqualTo(willHold);
    }
    // With N=3 of 4 members, a newcomer holds about 3/4 of the keys (each member holds N/members).
    assertThat(handed.size()).isBetween(600, 900);
  }

  @Test
  void theQuorumShrinksToTheReplicasThereAre() {
    Placement two = placement(Map.of("node-1", ALIVE, "node-2", ALIVE));
    // Two members cannot hold three copies: N=2, and W and R stay possible.
    assertThat(two.place("k").orElseThrow().config()).isEqualTo(new QuorumConfig(2, 2, 2));
    assertThat(placement(Map.of()).place("k")).isEmpty();
  }

  @Test
  void startingAndLeftMembersHoldNothing() {
    Placement p =
        placement(
            Map.of("node-1", ALIVE, "node-2", MemberStatus.STARTING, "node-3", MemberStatus.LEFT));
    assertThat(p.holders()).extracting(Member::id).containsExactly("node-1");
  }

  static final MemberStatus ALIVE = MemberStatus.ALIVE;
  static final MemberStatus DEAD = MemberStatus.DEAD;

  static Placement placement(Map<String, MemberStatus> members) {
    return new Placement(members(members), Set.of(), QuorumConfig.DEFAULT);
  }

  static List<Member> members(Map<String, MemberStatus> statuses) {
    List<Member> list = new ArrayList<>();
    new java.util.TreeMap<>(statuses)
        .forEach((id, status) -> list.add(new Member(id, address(id), status, T0, "test")));
    return list;
  }

  static String address(String id) {
    return "http://127.0.0.1:" + (5000 + Integer.parseInt(id.replaceAll("\\D", "")));
  }
}
