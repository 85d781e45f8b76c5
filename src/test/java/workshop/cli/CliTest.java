package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import workshop.module.WorkshopModule;
import workshop.support.cli.DurationConverter;

class CliTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void anUnknownOptionExitsWith2AndShowsUsage() {
    Run r = run("node", "--bogus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("error: Unknown option: '--bogus'")
        .contains("Usage: workshop node [-hV]")
        .contains("Run 'workshop node --help' for every option.");
  }

  @Test
  void aMistypedValueSaysWhatWasExpected() {
    Run r = run("client", "--concurrent", "many");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'many' is not an int");
    Run d = run("client", "--duration", "soon");
    assertThat(d.err()).contains("'soon' is not a duration; write it like 500ms, 2s, 1.5s or 3m");
  }

  @Test
  void anOutOfRangeValueExitsWith1AndOneLine() {
    Run r = run("node", "--port", "70000");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: --port must be between 1 and 65535, got 70000");
    Run w = run("node", "--port", "5999", "--workers", "0");
    assertThat(w.err().strip()).isEqualTo("error: --workers must be between 1 and 1024, got 0");
  }

  @Test
  void aNodeRefusesAnImpossibleMachine() {
    Run none = run("node", "--port", "5999", "--cores", "0");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err().strip()).isEqualTo("error: --cores must be between 1 and 1024, got 0");
    assertThat(run("node", "--port", "5999", "--cores", "-3").err().strip())
        .isEqualTo("error: --cores must be between 1 and 1024, got -3");
    assertThat(run("node", "--port", "5999", "--cores", "99999").err().strip())
        .isEqualTo("error: --cores must be between 1 and 1024, got 99999");
    assertThat(run("node", "--port", "5999", "--cores", "two").err())
        .contains("'two' is not an int");
    assertThat(run("node", "--port", "5999", "--cpu", "fast").err().strip())
        .isEqualTo(
            "error: --cpu must be simulated (the node's own cores, the same numbers on every"
                + " laptop) or real (this machine's cores), got 'fast'");
    Run both = run("node", "--port", "5999", "--cpu", "real", "--cores", "4");
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err().strip())
        .startsWith("error: --cores sets the simulated machine's cores; with --cpu real the node")
        .endsWith(": drop --cores, or drop --cpu real");
  }

  @Test
  void theClientRefusesBadTargetsAndCounts() {
    assertThat(run("client", "--target", "ftp://x").err()).contains("is not a node URL");
    assertThat(run("client", "--concurrent", "0").err())
        .contains("--concurrent must be between 1 and 10000, got 0");
    assertThat(run("client", "--requests", "-5").err()).contains("--requests must be 0");
    assertThat(run("client", "--timeout", "0s").err()).contains("--timeout must be more than 0");
  }

  @Test
  void theRegistryRefusesImpossibleLimitsAndQuorums() {
    assertThat(run("registry", "--max-nodes", "0").err().strip())
        .isEqualTo("error: --max-nodes must be between 1 and 100, got 0");
    assertThat(run("registry", "--max-port", "4000").err().strip())
        .isEqualTo("error: --max-port must be above --port (5000), got 4000");
    assertThat(run("registry", "--max-port", "70000").err().strip())
        .isEqualTo("error: --max-port must be between 1 and 65535, got 70000");
    assertThat(run("registry", "--min-port", "6000").err().strip())
        .isEqualTo("error: --min-port must not be above --max-port (5099), got 6000");
    assertThat(run("registry", "--min-port", "0").err().strip())
        .isEqualTo("error: --min-port must be between 1 and 65535, got 0");
    assertThat(run("registry", "--w", "4").err().strip())
        .isEqualTo("error: --w must be between 1 and --replicas=3, got 4");
    assertThat(run("registry", "--replicas", "10").err().strip())
        .isEqualTo("error: --replicas must be between 1 and 9 replicas, got 10");
  }

  @Test
  void aResilientNodeRefusesTimersOutsideTheirRangeAndSeedsThatAreNotNumbers() {
    assertThat(run("resilient-node", "--heartbeat", "5ms").err().strip())
        .isEqualTo("error: --heartbeat must be between 10ms and 10m, got 5 ms");
    assertThat(run("resilient-node", "--anti-entropy", "1h").err().strip())
        .isEqualTo("error: --anti-entropy must be between 10ms and 10m, got 3600000 ms");
    assertThat(run("resilient-node", "--seed", "lucky").err()).contains("'lucky' is not a long");
  }

  @Test
  void verifyNamesTheModulesThatExist() {
    Run r = run("verify", "42");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no module '42'; choose one of 01, 02, 03, 05, 07, 09, 23");
  }

  @Test
  void upRefusesAnUnknownModule() {
    assertThat(run("up", "77").err()).contains("no module '77'");
  }

  @Test
  void modulesListsModule01AndWhatUpStarts() {
    Run r = run("modules");
    assertThat(r.code()).isZero();
  }

  @Test
  void durationsReadTheWayPeopleWriteThem() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationConverter.parse("2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(DurationConverter.parse("3m")).isEqualTo(Duration.ofMinutes(3));
    assertThatThrownBy(() -> DurationConverter.parse("-1s")).hasMessageContaining("negative");
  }

  @Test
  void moduleIdsAreForgiving() {
    assertThat(ModuleCatalog.normalize("1")).isEqualTo("01");
    assertThat(ModuleCatalog.normalize("module-01")).isEqualTo("01");
    assertThat(ModuleCatalog.find("01")).isPresent();
  }

  @Test
  void module02FlagsNameTheAllowedValues() {
    assertThat(run("lb", "--port", "0").err().strip())
        .isEqualTo("error: --port must be between 1 and 65535, got 0");
    assertThat(run("lb", "--port", "5999", "--strategy", "fastest").err().strip())
        .isEqualTo(
            "error: --strategy must be one of round-robin, random, least-connections,"
                + " power-of-two, weighted, got 'fastest'");
    assertThat(run("lb", "--port", "5999", "--backends", "localhost:5001").err().strip())
        .isEqualTo(
            "error: --backends takes base URLs such as http://localhost:5001, got"
                + " 'localhost:5001'");
    assertThat(run("lb", "--port", "5999", "--weights", "3,1").err().strip())
        .isEqualTo("error: --weights only applies to --strategy weighted");
    assertThat(
            run("lb", "--port", "5999", "--strategy", "weighted", "--weights", "3,1").err().strip())
        .isEqualTo("error: --weights needs one weight per backend (3), got 2");
    assertThat(run("node", "--port", "5999", "--rate-limit", "-1").err().strip())
        .isEqualTo("error: --rate-limit must be between 1 and 1000000 requests/s, got -1");
    assertThat(run("node", "--port", "5999", "--burst", "5").err().strip())
        .isEqualTo("error: --burst needs --rate-limit N (N requests/s per client)");
    assertThat(
            run("node", "--port", "5999", "--rate-limit", "5", "--rate-limit-strategy", "leaky")
                .err()
                .strip())
        .startsWith("error: --rate-limit-strategy must be one of token-bucket, fixed-window");
  }

  @Test
  void everyProcessThatUpStartsIsAValidCommandLine() {
    for (WorkshopModule m : ModuleCatalog.all()) {
      for (WorkshopModule.Process p : m.processes()) {
        CommandLine.ParseResult parsed =
            Cli.commandLine().parseArgs(p.args().toArray(String[]::new));
        assertThat(parsed.hasSubcommand()).as(m.id() + " " + p.name()).isTrue();
      }
    }
  }

  @Test
  void theCommandLineIsBuiltFromTheModulesDescriptors() {
    CommandLine cl = Cli.commandLine();
    // The manual's command map: the launcher's own commands, then each module's, in module order.
    assertThat(cl.getSubcommands().keySet())
        .containsExactly(
            "up",
            "down",
            "restart",
            "stop",
            "modules",
            "verify",
            "viz",
            "sim",
            "net",
            "pause",
            "proxy",
            "resume", // the launcher
            "serve",
            "http",
            "ping",
            "bench",
            "info",
            "clients", // the basics lab's tools
            "node",
            "client", // 01
            "lb", // 02
            "router", // 03
            "replica", // 05
            "gossip-node", // 07
            "flaky-server", // 09
            "kv", // 13
            "registry",
            "resilient-node",
            "load-test",
            "chaos",
            "cluster-client",
            "dashboard", // 23
            "cascade", // the basics lab
            "cap",
            "cap-replica"); // the CAP lab
    assertThat(cl.getSubcommands().get("viz").getSubcommands().keySet())
        .containsExactly(
            "load-balance", "rate-limit", "rebalancing", "availability", "gossip", "breaker");
    assertThat(cl.getSubcommands().get("sim").getSubcommands().keySet()).containsExactly("gossip");
  }

  @Test
  void everyModuleCommandGetsTheWorkshopsErrorHandling() {
    // Settings are applied after the modules' commands are added, so they reach every one.
    assertThat(run("viz", "gossip", "--bogus").err())
        .contains("error: Unknown option: '--bogus'")
        .contains("Run 'workshop viz gossip --help' for every option.");
    assertThat(run("registry", "--max-nodes", "0").code()).isEqualTo(1);
  }

  @Test
  void aDescriptorRefusesAnIdThatIsNeitherTwoDigitsNorAWord() {
    assertThatThrownBy(
            () -> WorkshopModule.builder("7", "Gossip", WorkshopModule.Track.CORE).build())
        .hasMessage(
            "a module id is two digits, like 07, or a short lowercase word, like basics; got 7");
    assertThatThrownBy(
            () -> WorkshopModule.builder("Basics!", "Lab", WorkshopModule.Track.LAB).build())
        .hasMessageEndingWith("got Basics!");
  }

  @Test
  void aServerThatTellsOthersItsAddressRefusesOneTheyCannotCall() {
    assertThat(run("resilient-node", "--advertise", "0.0.0.0").err().strip())
        .isEqualTo("error: --advertise must be an address other machines can call, not 0.0.0.0");
    assertThat(run("gossip-node", "--port", "7001", "--id", "1", "--advertise", "ftp://x:1").err())
        .contains("error: --advertise takes a URL or HOST[:PORT] other machines reach this server");
    assertThat(run("resilient-node", "--help").out())
        .contains("--advertise=URL|HOST[:PORT]")
        .contains("Where other machines reach this server");
  }
}
