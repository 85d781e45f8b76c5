package workshop.sim;

import java.util.ArrayList;
import java.util.List;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * A small protocol for testing drivers: each node keeps a total that clients add to (persisted),
 * says hello to its peers every second with its total, and writes down everything it sees, so a
 * test can assert exactly what a driver delivered and when.
 */
public final class Tally implements ProtocolNode<Tally.Msg> {
  public sealed interface Msg {}

  public record Hello(long total) implements Msg {}

  public record Add(long amount) implements Msg {}

  public record Total(long total) implements Msg {}

  /** What a node persists. */
  public record Saved(long total) implements Msg {}

  private final String name;
  private final List<String> peers;
  private long total;

  /** Everything this node saw, as "at what", with its own clock's reading in ms. */
  public final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

  public Tally(String name, List<String> peers, Record persisted) {
    this.name = name;
    this.peers = peers;
    this.total = persisted == null ? 0 : ((Saved) persisted).total();
  }

  static Simulation<Msg> sim(long seed, TraceLevel level, List<String> lines, String... names) {
    List<String> all = List.of(names);
    return Simulation.<Msg>builder(
            all,
            (name, persisted) ->
                new Tally(name, all.stream().filter(n -> !n.equals(name)).toList(), persisted))
        .seed(seed)
        .latency(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10))
        .trace(level, lines == null ? null : lines::add)
        .build();
  }

  static Tally of(Simulation<Msg> sim, String node) {
    return (Tally) sim.node(node);
  }

  public long total() {
    return total;
  }

  @Override
  public String id() {
    return name;
  }

  @Override
  public Effects<Msg> onStart(Env env) {
    seen.add(env.now().toEpochMilli() + " start");
    return Effects.<Msg>builder().setTimer("hello", java.time.Duration.ofSeconds(1)).build();
  }

  @Override
  public Effects<Msg> onTimer(String timer, Env env) {
    seen.add(env.now().toEpochMilli() + " timer " + timer);
    var out = Effects.<Msg>builder().setTimer("hello", java.time.Duration.ofSeconds(1));
    peers.forEach(p -> out.send(p, new Hello(total)));
    return out.build();
  }

  @Override
  public Effects<Msg> onMessage(String from, Msg message, Env env) {
    seen.add(env.now().toEpochMilli() + " " + message + " from " + from);
    return Effects.none();
  }

  @Override
  public Effects<Msg> onRequest(RequestId request, Msg body, Env env) {
    seen.add(env.now().toEpochMilli() + " request " + body);
    if (body instanceof Add a && a.amount() > 0) {
      total += a.amount();
      return Effects.<Msg>builder()
          .persist(new Saved(total))
          .reply(request, new Total(total))
          .event("total " + total, "added " + a.amount() + " for " + request)
          .build();
    }
    return Effects.<Msg>builder().refuse(request, "only positive amounts add up").build();
  }

  @Override
  public Effects<Msg> onUndelivered(String to, Msg message, String reason, Env env) {
    seen.add(env.now().toEpochMilli() + " undelivered " + message + " to " + to + " " + reason);
    return Effects.none();
  }
}
