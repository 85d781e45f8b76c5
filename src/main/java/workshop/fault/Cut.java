package workshop.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A partition resolved against the cluster's nodes: which pairs it separates. Built once when the
 * partition is applied, so that deciding a message costs two map lookups. Nodes without a side
 * (unlisted, or the bridge) talk to everyone.
 */
final class Cut {
  private final Map<String, Integer> side = new HashMap<>();
  private final int ringReach;
  private final int ringSize;
  private final String description;

  private Cut(Map<String, Integer> side, int ringReach, int ringSize, String description) {
    this.side.putAll(side);
    this.ringReach = ringReach;
    this.ringSize = ringSize;
    this.description = description;
  }

  static Cut of(Fault.Shape shape, List<String> nodes) {
    return switch (shape) {
      case Fault.Groups g -> sides(g.groups(), null);
      case Fault.Halves h -> sides(halves(nodes), null);
      case Fault.Isolate i -> {
        List<String> rest = new ArrayList<>(nodes);
        rest.remove(i.node());
        yield sides(List.of(List.of(i.node()), rest), null);
      }
      case Fault.Bridge b -> {
        List<String> rest = new ArrayList<>(nodes);
        rest.remove(b.node());
        yield sides(halves(rest), b.node());
      }
      case Fault.MajorityRing r -> ring(nodes);
    };
  }

  private static List<List<String>> halves(List<String> nodes) {
    int first = (nodes.size() + 1) / 2;
    return List.of(nodes.subList(0, first), nodes.subList(first, nodes.size()));
  }

  private static Cut sides(List<List<String>> groups, String bridge) {
    Map<String, Integer> side = new HashMap<>();
    List<String> texts = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      for (String n : groups.get(g)) {
        side.put(n, g);
      }
      texts.add(String.join(",", groups.get(g)));
    }
    String text = String.join(" | ", texts) + (bridge == null ? "" : "; " + bridge + " sees both");
    return new Cut(side, 0, 0, text);
  }

  /**
   * Each node sees itself and its {@code reach} nearest neighbours on each side of the ring, the
   * fewest that make a majority: {@code 2 * reach + 1 >= n / 2 + 1}.
   */
  private static Cut ring(List<String> nodes) {
    int n = nodes.size();
    int majority = n / 2 + 1;
    int reach = majority / 2;
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < n; i++) {
      position.put(nodes.get(i), i);
    }
    String text =
        "ring "
            + String.join(",", nodes)
            + "; each node sees its "
            + reach
            + " nearest on each side, a majority of "
            + Math.min(n, 2 * reach + 1);
    return new Cut(position, reach, n, text);
  }

  boolean separates(String a, String b) {
    Integer sa = side.get(a);
    Integer sb = side.get(b);
    if (sa == null || sb == null) {
      return false;
    }
    if (ringSize == 0) {
      return !sa.equals(sb);
    }
    int d = Math.abs(sa - sb);
    return Math.min(d, ringSize - d) > ringReach;
  }

  String describe() {
    return description;
  }
}
