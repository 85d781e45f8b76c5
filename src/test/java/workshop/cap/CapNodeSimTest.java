package workshop.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.fault.FaultParser;
import workshop.protocol.RequestId;
import workshop.sim.ClientOutcome;
import workshop.sim.Simulation;

/**
 * Both modes under the same partition in the simulator: cp refuses on the minority side and serves
 * on the majority side, losing no acknowledged write; ap accepts on both sides and, once healed,
 * keeps the later write everywhere and reports the one it dropped.
 */
class CapNodeSimTest {
  private static final List<String> THREE = List.of("cap-1", "cap-2", "cap-3");

  private static Simulation<CapMessage> cluster(CapMode mode, List<String> names, long seed) {
    Simulation<CapMessage> sim =
        Simulation.<CapMessage>builder(
                names, (name, persisted) -> new CapNode(name, new CapConfig(mode, names)))
            .seed(seed)
            // A refusal comes after the peers' 1 s call timeout: the client waits 5 s, as over
            // HTTP.
            .clientTimeout(Duration.ofSeconds(5))
            .build();
    sim.startAll();
    sim.runFor(Duration.ofMillis(100));
    return sim;
  }

  /** Sends one request and runs until its answer (or the client's timeout) is in. */
  private static ClientOutcome<CapMessage> ask(
      Simulation<CapMessage> sim, String node, CapMessage body) {
    RequestId id = sim.request(node, body);
    for (int i = 0; i < 60; i++) {
      for (ClientOutcome<CapMessage> o : sim.outcomes()) {
        if (o.request().equals(id)) {
          return o;
        }
      }
      sim.runFor(Duration.ofMillis(100));
    }
    throw new AssertionError("no outcome for " + id + " after 6 s");
  }

  private static CapMessage put(Simulation<CapMessage> sim, String node, String key, String value) {
    return ask(sim, node, new CapMessage.Put(key, value)).body();
  }

  private static CapMessage get(Simulation<CapMessage> sim, String node, String key) {
    return ask(sim, node, new CapMessage.Get(key)).body();
  }

  private static CapNode node(Simulation<CapMessage> sim, String name) {
    return (CapNode) sim.node(name);
  }

  @Test
  void inCpTheMinoritySideRefusesWithItsCountAndTheMajoritySideServes() {
    Simulation<CapMessage> sim = cluster(CapMode.CP, THREE, 1);
    assertThat(put(sim, "cap-1", "user:x", "A")).isInstanceOf(CapMessage.Written.class);
    sim.apply(FaultParser.parse("partition cap-1,cap-2 | cap-3"));

    CapMessage refused = put(sim, "cap-3", "user:x", "B");
    assertThat(refused)
        .isEqualTo(
            new CapMessage.Unavailable(
                "user:x", "this side has 1 of 3 replicas; a majority is 2", 1, 3, 2));
    assertThat(get(sim, "cap-3", "user:x")).isInstanceOf(CapMessage.Unavailable.class);
    // The refused write touched nothing: cap-3 still holds A.
    assertThat(node(sim, "cap-3").items().get("user:x").value()).isEqualTo("A");

    CapMessage.Written c = (CapMessage.Written) put(sim, "cap-1", "user:x", "C");
    assertThat(c.acks()).isEqualTo(2); // cap-1 and cap-2: a majority of 3
    assertThat(((CapMessage.Value) get(sim, "cap-2", "user:x")).item().value()).isEqualTo("C");

    sim.apply(FaultParser.parse("heal"));
    CapMessage.Value after = (CapMessage.Value) get(sim, "cap-3", "user:x");
    assertThat(after.item().value()).isEqualTo("C");
    sim.runFor(Duration.ofSeconds(2)); // anti-entropy fills cap-3 in too
    for (String n : THREE) {
      assertThat(node(sim, n).items().get("user:x").value()).as(n).isEqualTo("C");
      assertThat(node(sim, n).lostWrites()).as(n).isEmpty();
    }
  }

  @Test
  void inCpWithFiveReplicasTheSideOfTwoSaysItHasTwoOfFive() {
    List<String> five = List.of("cap-1", "cap-2", "cap-3", "cap-4", "cap-5");
    Simulation<CapMessage> sim = cluster(CapMode.CP, five, 2);
    sim.apply(FaultParser.parse("partition cap-1,cap-2 | cap-3,cap-4,cap-5"));
    CapMessage.Unavailable u = (CapMessage.Unavailable) put(sim, "cap-1", "k", "v");
    assertThat(u.reason()).isEqualTo("this side has 2 of 5 replicas; a majority is 3");
    assertThat(((CapMessage.Written) put(sim, "cap-4", "k", "w")).acks()).isEqualTo(3);
  }

  /**
   * One client at a time, at a random replica, while a random partition comes and goes: every read
   * that is answered returns the last acknowledged write. 20 seeds; the seed is in the message.
   */
  @Test
  void inCpNoAcknowledgedWriteIsLostOrReadOverWhatever() {
    String[] cuts = {
      "partition cap-1,cap-2 | cap-3",
      "partition cap-1 | cap-2,cap-3",
      "partition cap-2 | cap-1,cap-3"
    };
    for (long seed = 1; seed <= 20; seed++) {
      Simulation<CapMessage> sim = cluster(CapMode.CP, THREE, seed);
      SplittableRandom random = new SplittableRandom(seed);
      Map<String, String> acknowledged = new HashMap<>();
      int refused = 0;
      for (int i = 0; i < 60; i++) {
        if (i % 10 == 0) { // every tenth request, heal or cut again (two times in three)
          sim.apply(FaultParser.parse(random.nextInt(3) == 0 ? "heal" : cuts[random.nextInt(3)]));
        }
        String node = THREE.get(random.nextInt(3));
        String key = "k" + random.nextInt(2);
        if (random.nextBoolean()) {
          String value = "v" + i;
          CapMessage answer = put(sim, node, key, value);
          if (answer instanceof CapMessage.Written) {
            acknowledged.put(key, value);
          } else {
            refused++;
          }
        } else if (get(sim, node, key) instanceof CapMessage.Value v) {
          String read = v.item() == null ? null : v.item().value();
          assertThat(read)
              .as("seed %d step %d: read of %s at %s", seed, i, key, node)
              .isEqualTo(acknowledged.get(key));
        }
      }
      assertThat(refused).as("seed %d: some requests met a minority side", seed).isPositive();
    }
  }

  @Test
  void inApBothSidesAcceptAndOnHealTheLaterWriteWinsAndTheLostOneIsReported() {
    Simulation<CapMessage> sim = cluster(CapMode.AP, THREE, 1);
    sim.apply(FaultParser.parse("partition cap-1,cap-2 | cap-3"));
    CapMessage.Written a = (CapMessage.Written) put(sim, "cap-1", "user:x", "A");
    sim.runFor(Duration.ofMillis(500));
    CapMessage.Written b = (CapMessage.Written) put(sim, "cap-3", "user:x", "B");
    assertThat(a.acks()).isEqualTo(1);
    assertThat(b.item().stamp().newerThan(a.item().stamp())).isTrue();
    // Each side reads its own value: available, not consistent.
    assertThat(((CapMessage.Value) get(sim, "cap-2", "user:x")).item().value()).isEqualTo("A");
    assertThat(((CapMessage.Value) get(sim, "cap-3", "user:x")).item().value()).isEqualTo("B");

    sim.apply(FaultParser.parse("heal"));
    sim.runFor(Duration.ofSeconds(3));
    String line =
        "user:x: kept 'B' ("
            + b.item().stamp().version()
            + ", from cap-3), dropped 'A' ("
            + a.item().stamp().version()
            + ", from cap-1)";
    for (String n : THREE) {
      assertThat(node(sim, n).items().get("user:x").value()).as(n).isEqualTo("B");
      assertThat(node(sim, n).lostWrites())
          .as(n)
          .extracting(LostWrite::toString)
          .containsExactly(line);
    }
  }

  @Test
  void inApWritesThatSawEachOtherLoseNothing() {
    Simulation<CapMessage> sim = cluster(CapMode.AP, THREE, 3);
    for (int i = 0; i < 12; i++) {
      put(sim, THREE.get(i % 3), "user:x", "v" + i);
      sim.runFor(Duration.ofMillis(200)); // each copy arrives before the next write
    }
    sim.runFor(Duration.ofSeconds(2));
    for (String n : THREE) {
      assertThat(node(sim, n).items().get("user:x").value()).isEqualTo("v11");
      assertThat(node(sim, n).lostWrites()).as(n).isEmpty();
    }
  }
}
