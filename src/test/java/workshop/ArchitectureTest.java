package workshop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        // The gossip simulation still lives in sim/; it moves into gossip/ with the general
        // simulator, and this exception goes with it.
        .ignoreDependency(
            DescribedPredicate.describe(
                "gossip's module descriptor", c -> c.getName().equals(GOSSIP_MODULE)),
            DescribedPredicate.describe(
                "the gossip simulation", c -> c.getPackageName().startsWith("workshop.sim")))
        .because(
            "a concept builds on others (the capstone on membership, sharding and quorum) but"
                + " none needs what builds on it")
        .check(classes);
  }

  static final String GOSSIP_MODULE = "workshop.gossip.cli.GossipModule";
}
