package workshop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep each lesson readable: a concept's core package (directly under {@code
 * workshop}, such as {@code workshop.node}) is pure, and only {@code workshop.support} knows the
 * server, client, terminal and JSON libraries.
 */
class ArchitectureTest {
  static final String[] SHELLS = {"workshop.support..", "workshop.cli..", "workshop.verify.."};
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
  void corePackagesUseNoLibraries() {
    noClasses()
        .that()
        .resideInAPackage("workshop.*")
        .and()
        .resideOutsideOfPackages(SHELLS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "tools.jackson..", "org.apache..", "org.jline..", "picocli..", "org.HdrHistogram..")
        .because("a student reads the algorithm without learning a library first")
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
   * {@code ./workshop sim <protocol>} lists its subcommands in {@code SimCommand} until modules
   * declare their simulations; nothing else under {@code sim} may reach into a protocol.
   */
  @Test
  void theSimulatorsCommandsReachNoProtocolButThroughItsSubcommandList() {
    classes()
        .that()
        .resideInAPackage("workshop.sim..")
        .and()
        .doNotHaveFullyQualifiedName("workshop.sim.cli.SimCommand")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "picocli..",
            "workshop.protocol",
            "workshop.fault",
            "workshop.sim..",
            "workshop.cli",
            "workshop.support..")
        .check(classes);
  }

  @Test
  void onlySupportKnowsTheServerClientAndTerminalLibraries() {
    noClasses()
        .that()
        .resideOutsideOfPackage("workshop.support..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.sun.net.httpserver..", "org.apache.hc..", "org.jline..")
        .because("a library can then be swapped without touching a lesson")
        .check(classes);
  }
}
