package workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import workshop.gossip.GossipScenario;
import workshop.membership.MembershipScenario;
import workshop.quorum.QuorumScript;
import workshop.raft.RaftScenario;
import workshop.resilient.AntiEntropyScenario;
import workshop.resilient.PlacementScript;
import workshop.sim.ScenarioScript;
import workshop.sim.Transcript;

/**
 * Replays every transcript under {@code src/test/resources/transcripts/<concept>/} with that
 * concept's driver and fails on any difference from the recorded output. After a deliberate change,
 * rewrite them with {@code ./mvnw test -Dtest=TranscriptTest -Dgolden.rewrite=true} and read the
 * diff like code: the transcripts are lessons too.
 */
class TranscriptTest {
  static final Path ROOT = Path.of("src/test/resources/transcripts");

  static final Map<String, Supplier<Transcript.Driver>> DRIVERS =
      Map.of(
          "gossip",
          () -> new ScenarioScript<>(new GossipScenario()),
          "membership",
          () -> new ScenarioScript<>(new MembershipScenario()),
          "anti-entropy",
          () -> new ScenarioScript<>(new AntiEntropyScenario()),
          "quorum",
          QuorumScript::new,
          "resilient",
          PlacementScript::new,
          "raft",
          () -> new ScenarioScript<>(new RaftScenario()));

  @TestFactory
  Stream<DynamicTest> everyTranscriptReplaysExactlyAsRecorded() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ROOT)) {
      files = walk.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    return files.stream()
        .map(
            file -> {
              String concept = ROOT.relativize(file).getName(0).toString();
              return DynamicTest.dynamicTest(
                  ROOT.relativize(file).toString(), () -> replay(concept, file));
            });
  }

  private static void replay(String concept, Path file) throws IOException {
    Supplier<Transcript.Driver> driver = DRIVERS.get(concept);
    assertThat(driver).as("a driver for the transcripts in " + concept + "/").isNotNull();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String actual = Transcript.replay(Transcript.parse(text), driver.get());
    Golden.assertMatches(Path.of("src/test/resources").relativize(file).toString(), actual);
  }

  @Test
  void everyConceptHasAtLeastOneTranscript() {
    for (String concept : DRIVERS.keySet()) {
      assertThat(ROOT.resolve(concept)).isDirectoryContaining("glob:**.txt");
    }
  }
}
