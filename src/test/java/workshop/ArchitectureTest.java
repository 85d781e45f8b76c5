package workshop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import workshop.support.http.ClientResponse;
import workshop.support.json.Json;

/**
 * The rules that keep each lesson readable: a concept's core package (directly under {@code
 * workshop}, such as {@code workshop.node}) is pure and knows nothing of its shells; only {@code
 * workshop.support} knows the libraries (picocli excepted in command-line packages); and no package
 * depends on one that depends back on it.
 */
class ArchitectureTest {
  /**
   * The launcher's own packages, and support: everything else directly under workshop is a core.
   */
  static final String[] SHELLS = {
    "workshop.support..", "workshop.cli..", "workshop.verify..", "workshop.module.."
  };

  /**
   * Every library the workshop uses, and the HTTP libraries it may use: JSON (Jackson 3 and 2), the
   * HTTP servers and clients (the JDK's, Apache's, Helidon's, Undertow's), the terminal (JLine) and
   * latency histograms.
   */
  static final String[] LIBRARIES = {
    "tools.jackson..",
    "com.fasterxml.jackson..",
    "com.sun.net.httpserver..",
    "java.net.http..",
    "org.apache..",
    "io.helidon..",
    "io.undertow..",
    "org.xnio..",
    "org.jline..",
    "org.HdrHistogram.."
  };

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("workshop");
  }

  @Test
  void corePackagesDoNoNetworking() {
    noClasses()
        .that()
        .resideInAPackage("workshop.*")
        .and()
        .resideOutsideOfPackages(SHELLS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.channels..", "com.sun.net..", "java.io..")
        .because("a core is a pure state machine: the shell below it does the I/O")
        .check(classes);
  }

  @Test
  void corePackagesStartNoThreadsAndNeverSleep() {
    noClasses()
        .that()
        .resideInAPackage("workshop.*")
        .and()
        .resideOutsideOfPackages(SHELLS)
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("java.util.concurrent..")
        .because("cores are single-threaded by contract; the shell owns threads and locks")
        .check(classes);
  }

  @Test
  void corePackagesNeverReadTheWallClock() {
    noClasses()
        .that()
        .resideInAPackage("workshop.*")
        .and()
        .resideOutsideOfPackages(SHELLS)
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .orShould()
        .callMethod(java.time.Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .because("time is an input: a core takes `Instant now` so tests can use literal instants")
        .check(classes);
  }

  @Test
  void coresKnowNothingOfTheirShells() {
    noClasses()
        .that()
        .resideInAPackage("workshop.*")
        .and()
        .resideOutsideOfPackages(SHELLS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("workshop..http..", "workshop..cli..")
        .because(
            "a core is the lesson: the server and the command that carry it sit below it and"
                + " import it, never the other way, so the same core runs in a simulator")
        .check(classes);
  }

  /**
   * The contract, the fault vocabulary and the simulator are what every protocol stands on: they
   * are pure cores like any other (the rules above cover them as packages directly under {@code
   * workshop}), and they know no protocol, so that a protocol is added without touching them.
   */
  @Test
  void theContractTheFaultsAndTheSimulatorArePureAndKnowNoProtocol() {
    classes()
        .that()
        .resideInAnyPackage("workshop.protocol", "workshop.fault")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "workshop.protocol", "workshop.fault")
        .because("the contract and the fault vocabulary depend on nothing but each other")
        .check(classes);
    classes()
        .that()
        .resideInAPackage("workshop.sim")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "workshop.protocol", "workshop.fault", "workshop.sim")
        .because("the simulator runs any protocol through the contract and imports none")
        .check(classes);
    for (String core : List.of("workshop.protocol", "workshop.fault", "workshop.sim")) {
      assertThat(List.of(SHELLS)).noneMatch(shell -> core.startsWith(shell.replace("..", "")));
    }
  }

  /**
   * {@code ./workshop sim <protocol>} gets its subcommands from the modules' descriptors, so
   * nothing under {@code sim}, its command included, reaches into a protocol.
   */
  @Test
  void theSimulatorsCommandsReachNoProtocol() {
    classes()
        .that()
        .resideInAPackage("workshop.sim..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "picocli..",
            "workshop.protocol",
            "workshop.fault",
            "workshop.sim..",
            "workshop.support..")
        .because("a module adds its simulation with one line in its descriptor")
        .check(classes);
  }

  @Test
  void onlySupportKnowsTheLibraries() {
    noClasses()
        .that()
        .resideOutsideOfPackage("workshop.support..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(LIBRARIES)
        .because(
            "lessons speak in the workshop's own types (WebServer, Request.read, LiveView), so a"
                + " library can be swapped without touching a lesson")
        .check(classes);
  }

  @Test
  void shellsReadTypedRecordsNotTheLibrarysTree() {
    noClasses()
        .that()
        .resideOutsideOfPackage("workshop.support..")
        .should()
        .callMethod(ClientResponse.class, "json")
        .orShould()
        .callMethod(Json.class, "parse", byte[].class)
        .orShould()
        .callMethod(Json.class, "parse", String.class)
        .because(
            "what goes over the wire is a record named after its fields (request.read(Type),"
                + " response.read(Type)); the tree is for tests that check the wire itself")
        .check(classes);
  }

  @Test
  void picocliOnlyInCommandLinePackages() {
    noClasses()
        .that()
        .resideOutsideOfPackages("workshop.support..", "workshop..cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .because(
            "picocli's annotations declare a command's flags in the command class itself, where a"
                + " student looks for them (wrapping them would hide the flags behind a second"
                + " vocabulary), so they are allowed in cli packages and nowhere else")
        .check(classes);
  }

  @Test
  void noPackageDependsOnAPackageThatDependsBackOnIt() {
    slices()
        .matching("workshop.(**)")
        .should()
        .beFreeOfCycles()
        .because(
            "arrows point one way: a concept's cli on its http on its core on support, and the"
                + " catalog on every module's descriptor; a cycle means a class is in the wrong"
                + " package")
        .check(classes);
  }

  @Test
  void noConceptDependsOnAConceptThatDependsBackOnIt() {
    slices()
        .matching("workshop.(*)..")
        .should()
        .beFreeOfCycles()
        .because(
            "a concept builds on others (the capstone on membership, sharding and quorum) but"
                + " none needs what builds on it")
        .check(classes);
  }

  @Test
  void onlySupportHttpKnowsTheHttpLibraries() {
    noClasses()
        .that()
        .resideOutsideOfPackage("workshop.support.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.sun.net.httpserver..", "io.helidon..", "org.apache.hc..")
        .because("the HTTP server and clients can then be swapped in one package")
        .check(classes);
  }
}
