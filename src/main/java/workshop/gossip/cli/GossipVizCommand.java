package workshop.gossip.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.gossip.http.GossipWire;
import workshop.support.cli.DurationConverter;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.term.Frame;
import workshop.support.term.LiveView;
import workshop.support.term.RefreshLoop;
import workshop.support.term.Size;

/** {@code ./workshop viz gossip [--nodes 7001,7002,7003,7004]}: the gossip table, live. */
@Command(
    name = "gossip",
    mixinStandardHelpOptions = true,
    description = "Module 07: watch an update spread through the gossip nodes.")
public final class GossipVizCommand implements Callable<Integer> {
  @Option(
      names = "--nodes",
      defaultValue = "7001,7002,7003,7004",
      description = "Ports or host:port of the nodes to watch (default ${DEFAULT-VALUE}).")
  String nodes;

  @Option(
      names = "--every",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "Time between refreshes (default ${DEFAULT-VALUE}).")
  Duration every;

  @Option(
      names = "--frames",
      defaultValue = "0",
      description = "Stop after this many refreshes (default ${DEFAULT-VALUE}: until Ctrl+C).")
  int frames;

  @Override
  public Integer call() {
    List<String> addresses = GossipNodeCommand.parseAddresses("--nodes", nodes, "", -1);
    String hint = "Try: curl -X POST http://" + addresses.get(0) + "/update    (Ctrl+C quits)";
    int[] shown = {0};
    try (WebClient http =
            WebClient.builder().timeout(Duration.ofMillis(500)).peerName("viz-gossip").build();
        LiveView view = LiveView.open()) {
      RefreshLoop.run(
          view,
          every,
          () -> {
            shown[0]++;
            return frame(http, addresses, hint, view.size());
          },
          () -> frames > 0 && shown[0] >= frames);
    }
    return 0;
  }

  private static Frame frame(WebClient http, List<String> addresses, String hint, Size size) {
    List<GossipView.Reading> readings = new ArrayList<>();
    for (String a : addresses) {
      readings.add(read(http, a));
    }
    return GossipView.render(readings, hint, size);
  }

  /** One node's {@code GET /}; a node that does not answer, or answers nonsense, is offline. */
  static GossipView.Reading read(WebClient http, String address) {
    try {
      ClientResponse r = http.get("http://" + address + "/");
      if (!r.ok()) {
        return GossipView.Reading.offline(address);
      }
      GossipWire.NodeState body = r.read(GossipWire.NodeState.class);
      return new GossipView.Reading(
          address,
          true,
          body.node_id(),
          byId(body.states()),
          byId(body.learned_at_ms() == null ? Map.of() : body.learned_at_ms()),
          body.interval_ms() == null ? 0 : body.interval_ms());
    } catch (RuntimeException e) {
      // CallFailure (no answer) or an answer that is not JSON: either way, not a working node.
      return GossipView.Reading.offline(address);
    }
  }

  private static Map<Integer, Long> byId(Map<String, Long> versions) {
    Map<Integer, Long> m = new LinkedHashMap<>();
    for (var e : versions.entrySet()) {
      try {
        m.put(Integer.parseInt(e.getKey()), e.getValue());
      } catch (NumberFormatException ignored) {
        // Not a node id: skip it rather than hide the whole node.
      }
    }
    return m;
  }
}
