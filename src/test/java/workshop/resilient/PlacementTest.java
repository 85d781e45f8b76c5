package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import workshop.Transcript;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.quorum.QuorumConfig;

class PlacementTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final List<String> KEYS = IntStream.range(0, 1000).mapToObj(i -> "key-" + i).toList();

  @Test
  void theTranscriptOfKillsScaleUpsAndLeavesHolds() {
    Scenario s = new Scenario();
    Transcript.run("resilient/placement.txt", s::apply);
  }

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

  /** The transcript's interpreter: the registry's view, changed one command at a time. */
  static final class Scenario {
    private final Map<String, MemberStatus> members = new LinkedHashMap<>();
    private final Set<String> joining = new LinkedHashSet<>();
    private QuorumConfig quorum = QuorumConfig.DEFAULT;

    String apply(Transcript.Command c) {
      switch (c.name()) {
        case "alive", "dead", "left", "starting" -> {
          MemberStatus status = MemberStatus.valueOf(c.name().toUpperCase(Locale.ROOT));
          c.args().forEach(id -> members.put(id, status));
          return ring();
        }
        case "joining" -> {
          c.args().forEach(id -> members.put(id, ALIVE));
          joining.addAll(c.args());
          return ring();
        }
        case "joined" -> {
          c.args().forEach(joining::remove);
          return ring();
        }
        case "quorum" -> {
          quorum =
              new QuorumConfig(
                  Integer.parseInt(c.arg(0)),
                  Integer.parseInt(c.arg(1)),
                  Integer.parseInt(c.arg(2)));
          return "N=" + quorum.n() + " W=" + quorum.w() + " R=" + quorum.r();
        }
        case "place" -> {
          List<String> lines = new ArrayList<>();
          for (String key : c.args()) {
            lines.add(place(key));
          }
          return String.join("\n", lines);
        }
        case "shares" -> {
          List<String> lines = new ArrayList<>();
          placement()
              .shares()
              .forEach(
                  (id, share) ->
                      lines.add(String.format(Locale.ROOT, "%s %.1f %%", id, 100 * share)));
          return lines.isEmpty() ? "(no holders)" : String.join("\n", lines);
        }
        case "handoff" -> {
          String newcomer = c.arg(0);
          List<String> keys = c.args().subList(1, c.args().size());
          List<String> handed = placement().handedTo(newcomer, keys.isEmpty() ? KEYS : keys);
          return keys.isEmpty()
              ? newcomer + " is handed " + handed.size() + " of " + KEYS.size() + " keys"
              : newcomer
                  + " is handed "
                  + (handed.isEmpty() ? "nothing" : String.join(", ", handed));
        }
        default -> throw new IllegalArgumentException("unknown command " + c.name());
      }
    }

    private Placement placement() {
      return new Placement(members(members), joining, quorum);
    }

    private String ring() {
      Placement p = placement();
      String ring = String.join(", ", p.holders().stream().map(Member::id).toList());
      return "ring: "
          + (ring.isEmpty() ? "(empty)" : ring)
          + (joining.isEmpty() ? "" : "; joining: " + String.join(", ", p.joining()));
    }

    private String place(String key) {
      var found = placement().place(key);
      if (found.isEmpty()) {
        return key + ": no member holds data";
      }
      Placement.Replicas r = found.get();
      List<String> named = new ArrayList<>();
      for (String id : r.ids()) {
        named.add(r.down().contains(id) ? id + " (down)" : id);
      }
      String line =
          String.format(
              Locale.ROOT,
              "%s -> %s  N=%d W=%d R=%d",
              key,
              String.join(", ", named),
              r.config().n(),
              r.config().w(),
              r.config().r());
      if (!r.down().isEmpty()) {
        line += "; served by " + String.join(", ", r.up());
      }
      if (!r.pending().isEmpty()) {
        line +=
            "; also written to "
                + String.join(", ", r.pending().stream().map(Placement.Replica::id).toList())
                + " (joining)";
      }
      return line;
    }
  }
}
