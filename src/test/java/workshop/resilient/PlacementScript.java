package workshop.resilient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.quorum.QuorumConfig;
import workshop.sim.Transcript;

/**
 * Transcript commands for {@link Placement}, the registry's view changed one command at a time:
 * {@code alive|dead|left|starting node-1 node-2}, {@code joining node-4} (alive, being handed its
 * keys), {@code joined node-4}, {@code quorum 3 2 2}, {@code place <key>...}, {@code shares} and
 * {@code handoff node-4 [key...]} (without keys: how many of 1,000 it is handed).
 */
public final class PlacementScript implements Transcript.Driver {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final List<String> KEYS = IntStream.range(0, 1000).mapToObj(i -> "key-" + i).toList();
  static final MemberStatus ALIVE = MemberStatus.ALIVE;

  private record Cmd(String name, List<String> args) {
    String arg(int i) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(name + " needs at least " + (i + 1) + " arguments");
      }
      return args.get(i);
    }
  }

  private final Map<String, MemberStatus> members = new LinkedHashMap<>();
  private final Set<String> joining = new LinkedHashSet<>();
  private QuorumConfig quorum = QuorumConfig.DEFAULT;

  @Override
  public String run(String command) {
    List<String> w = List.of(command.trim().split("\\s+"));
    Cmd c = new Cmd(w.get(0), w.subList(1, w.size()));
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
                Integer.parseInt(c.arg(0)), Integer.parseInt(c.arg(1)), Integer.parseInt(c.arg(2)));
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
            : newcomer + " is handed " + (handed.isEmpty() ? "nothing" : String.join(", ", handed));
      }
      default ->
          throw new IllegalArgumentException(
              "'"
                  + c.name()
                  + "' is not a command; expected alive, dead, left, starting, joining, joined,"
                  + " quorum, place, shares, handoff");
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
