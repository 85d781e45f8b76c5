package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import workshop.cli.Cli;

/**
 * The docs say what the program does. Every block that shows output (a fence with no language,
 * {@code text} or {@code json}) carries a marker (see {@link Marker}) and is checked:
 *
 * <ul>
 *   <li>deterministic commands (the simulator, the router, the rebalancing and availability views,
 *       {@code modules}, any {@code --help}) run here, in-process, and are compared exactly or, for
 *       real ports, masked;
 *   <li>excerpts of golden files and transcripts must appear in those files, which their own tests
 *       keep true;
 *   <li>output of real processes is checked by the test that runs them, named in {@link
 *       #CHECKED_BY} ({@code verify} by each module's check test; lessons by their scenes);
 *   <li>the rest is marked as an illustration, with the reason.
 * </ul>
 *
 * <p>A failure names the doc, the block's line and shows the diff. After a deliberate change to a
 * deterministic command, {@code ./mvnw test -Dtest=DocTranscriptsTest -Ddocs.rewrite=true} rewrites
 * its blocks from the program; review the diff like code.
 */
class DocTranscriptsTest {
  /** Subjects whose output comes from real processes, and the test that checks them. */
  static final Map<String, String> CHECKED_BY = new LinkedHashMap<>();

  static {
    CHECKED_BY.put("./workshop verify 01", "workshop.node.cli.NodesCheckTest");
    CHECKED_BY.put("./workshop verify 02", "workshop.balance.cli.BalanceCheckTest");
    CHECKED_BY.put("./workshop verify 03", "workshop.sharding.cli.ShardingCheckTest");
    CHECKED_BY.put("./workshop verify 05", "workshop.quorum.cli.QuorumCheckTest");
    CHECKED_BY.put("./workshop verify 07", "workshop.gossip.cli.GossipCheckTest");
    CHECKED_BY.put("./workshop verify 09", "workshop.breaker.cli.BreakerCheckTest");
    CHECKED_BY.put("./workshop verify 23", "workshop.resilient.cli.CapstoneCheckTest");
    CHECKED_BY.put("./workshop verify basics", "workshop.basics.cli.BasicsCheckTest");
    CHECKED_BY.put("./workshop verify cap", "workshop.cap.cli.CapCheckTest");
    for (String subject :
        List.of(
            CapstoneLessonScenesTest.UP,
            CapstoneLessonScenesTest.UP_5050,
            CapstoneLessonScenesTest.STATUS_5050,
            CapstoneLessonScenesTest.LOAD_7,
            CapstoneLessonScenesTest.STEP4,
            CapstoneLessonScenesTest.STEP5,
            CapstoneLessonScenesTest.GRADUATE_5,
            CapstoneLessonScenesTest.ONCE_5,
            CapstoneLessonScenesTest.STEP6,
            CapstoneLessonScenesTest.GRADUATE_6,
            CapstoneLessonScenesTest.RESTARTS,
            CapstoneLessonScenesTest.ONCE_6,
            CapstoneLessonScenesTest.CLIENT,
            CapstoneLessonScenesTest.LOAD_8,
            CapstoneLessonScenesTest.REGISTRY_RESTART,
            CapstoneLessonScenesTest.TAKEN,
            CapstoneLessonScenesTest.NOT_A_REGISTRY)) {
      CHECKED_BY.put(subject, CapstoneLessonScenesTest.class.getName());
    }
    for (String subject :
        List.of(
            NodesLessonScenesTest.UP,
            NodesLessonScenesTest.STEP2,
            NodesLessonScenesTest.RESTART,
            NodesLessonScenesTest.UP_RESTART,
            NodesLessonScenesTest.PHASE1,
            NodesLessonScenesTest.NODE2_LOG,
            NodesLessonScenesTest.STATS,
            NodesLessonScenesTest.PHASE2,
            NodesLessonScenesTest.PHASE3,
            NodesLessonScenesTest.PHASE4,
            NodesLessonScenesTest.EQUAL,
            NodesLessonScenesTest.NO_NODE,
            NodesLessonScenesTest.REAL_CPU)) {
      CHECKED_BY.put(subject, NodesLessonScenesTest.class.getName());
    }
    for (String subject :
        List.of(
            BalanceLessonScenesTest.ROUND_ROBIN,
            BalanceLessonScenesTest.STATS,
            BalanceLessonScenesTest.LB_LOG,
            BalanceLessonScenesTest.VIZ_LB,
            BalanceLessonScenesTest.LIMITED,
            BalanceLessonScenesTest.VIZ_RATE,
            BalanceLessonScenesTest.NODE4_LOG)) {
      CHECKED_BY.put(subject, BalanceLessonScenesTest.class.getName());
    }
    CHECKED_BY.put(BreakerLessonScenesTest.UP, BreakerLessonScenesTest.class.getName());
    CHECKED_BY.put(BreakerLessonScenesTest.FAILING, BreakerLessonScenesTest.class.getName());
    CHECKED_BY.put(BreakerLessonScenesTest.SLOW, BreakerLessonScenesTest.class.getName());
    CHECKED_BY.put(QuorumLessonScenesTest.UP, QuorumLessonScenesTest.class.getName());
    CHECKED_BY.put(QuorumLessonScenesTest.BY_HAND, QuorumLessonScenesTest.class.getName());
    CHECKED_BY.put(ShardingLessonScenesTest.WRITE, ShardingLessonScenesTest.class.getName());
    CHECKED_BY.put(ShardingLessonScenesTest.ADD_REMOVE, ShardingLessonScenesTest.class.getName());
    CHECKED_BY.put(ShardingLessonScenesTest.ROUTER_LOG, ShardingLessonScenesTest.class.getName());
    CHECKED_BY.put(GossipLessonScenesTest.MICRO, GossipLessonScenesTest.class.getName());
    CHECKED_BY.put(GossipLessonScenesTest.UP_TERMINAL, GossipLessonScenesTest.class.getName());
    for (String subject :
        List.of(
            BasicsLessonScenesTest.PARTITION,
            BasicsLessonScenesTest.PARTITION_LOG,
            BasicsLessonScenesTest.PARTITIONED,
            BasicsLessonScenesTest.HEALED_LOG,
            BasicsLessonScenesTest.HEALED,
            BasicsLessonScenesTest.PAUSE,
            BasicsLessonScenesTest.PAUSE_LOG,
            BasicsLessonScenesTest.DELAYS,
            BasicsLessonScenesTest.RESET,
            BasicsLessonScenesTest.SPOF,
            BasicsLessonScenesTest.SERVERS,
            BasicsLessonScenesTest.TERMINAL_1,
            BasicsLessonScenesTest.PINGS,
            BasicsLessonScenesTest.FAULTS,
            BasicsLessonScenesTest.BENCH)) {
      CHECKED_BY.put(subject, BasicsLessonScenesTest.class.getName());
    }
    CHECKED_BY.put(BasicsProxyScenesTest.PROXY_TERMINAL, BasicsProxyScenesTest.class.getName());
    CHECKED_BY.put(BasicsProxyScenesTest.PROXY, BasicsProxyScenesTest.class.getName());
    CHECKED_BY.put(BasicsInfoScenesTest.INFO, BasicsInfoScenesTest.class.getName());
    for (String subject :
        List.of(
            CapLessonScenesTest.CP_TERMINAL,
            CapLessonScenesTest.CP,
            CapLessonScenesTest.AP,
            CapLessonScenesTest.AP_TERMINAL)) {
      CHECKED_BY.put(subject, CapLessonScenesTest.class.getName());
    }
    CHECKED_BY.put(CascadeLessonScenesTest.NONE, CascadeLessonScenesTest.class.getName());
    CHECKED_BY.put(CascadeLessonScenesTest.ALL, CascadeLessonScenesTest.class.getName());
  }

  @Test
  void everyBlockThatShowsOutputIsCheckedOrAnIllustrationWithAReason() {
    List<String> problems = new ArrayList<>();
    for (DocBlock b : DocTranscripts.blocks()) {
      if (b.markerProblem() != null) {
        problems.add(b.where() + ": " + b.markerProblem());
        continue;
      }
      if (b.marker().isEmpty()) {
        if (b.showsOutput()) {
          problems.add(
              b.where()
                  + ": a block of output without a marker: add <!-- transcript: COMMAND -->,"
                  + " <!-- excerpt: FILE --> or <!-- illustration: WHY IT IS NOT CHECKED --> above"
                  + " it");
        }
        continue;
      }
      Marker m = b.marker().get();
      switch (m.kind()) {
        case ILLUSTRATION -> {
          if (m.subject().length() < 20) {
            problems.add(b.where() + ": an illustration says why it is not checked, in words");
          }
        }
        case EXCERPT -> {
          if (!Files.isRegularFile(Path.of(m.subject()))) {
            problems.add(b.where() + ": no file " + m.subject());
          }
        }
        case TRANSCRIPT -> {
          if (!runsHere(m.subject()) && !CHECKED_BY.containsKey(m.subject())) {
            problems.add(
                b.where()
                    + ": nothing checks `"
                    + m.subject()
                    + "`: it does not run in-process here, and CHECKED_BY names no test for it");
          }
        }
      }
    }
    assertThat(problems).as("%s", String.join("\n", problems)).isEmpty();
  }

  @Test
  void theTestsNamedToCheckRealRunsCheckTheirSubjects() throws IOException {
    List<String> problems = new ArrayList<>();
    for (var e : CHECKED_BY.entrySet()) {
      Path source = Path.of("src/test/java", e.getValue().replace('.', '/') + ".java");
      if (!Files.isRegularFile(source)) {
        problems.add(e.getKey() + ": no test " + source);
        continue;
      }
      String literal = "\"" + e.getKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      if (!Files.readString(source).contains(literal) && !declares(e.getValue(), e.getKey())) {
        problems.add(source + " never names " + literal);
      }
      if (DocTranscripts.transcripts(e.getKey()).isEmpty()) {
        problems.add(e.getKey() + ": no doc block has this subject any more");
      }
    }
    assertThat(problems).as("%s", String.join("\n", problems)).isEmpty();
  }

  @Test
  void deterministicCommandsPrintWhatTheDocsShow() {
    List<String> failures = new ArrayList<>();
    Map<DocBlock, String> rewrites = new LinkedHashMap<>();
    Map<String, String> outputs = new LinkedHashMap<>();
    for (DocBlock b : DocTranscripts.blocks()) {
      if (b.marker().isEmpty() || b.marker().get().kind() != Marker.Kind.TRANSCRIPT) {
        continue;
      }
      String subject = b.marker().get().subject();
      if (!runsHere(subject)) {
        continue;
      }
      String output = outputs.computeIfAbsent(subject, DocTranscriptsTest::runHere);
      DocTranscripts.check(b, output)
          .ifPresent(
              f -> {
                failures.add(f);
                rewrites.put(b, output);
              });
    }
    if (Boolean.getBoolean("docs.rewrite")) {
      // Last block first, so the line numbers of the others stay right.
      rewrites.keySet().stream()
          .filter(b -> !b.marker().orElseThrow().masked())
          .sorted(Comparator.comparing(DocBlock::line).reversed())
          .forEach(b -> DocTranscripts.rewrite(b, rewrites.get(b)));
    }
    assertThat(failures).as("%s", String.join("\n", failures)).isEmpty();
  }

  @Test
  void excerptsAppearInTheFilesTheyQuote() {
    List<String> failures = new ArrayList<>();
    for (DocBlock b : DocTranscripts.blocks()) {
      if (b.marker().isEmpty() || b.marker().get().kind() != Marker.Kind.EXCERPT) {
        continue;
      }
      Path file = Path.of(b.marker().get().subject());
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Marker trimmed =
          new Marker(
              Marker.Kind.EXCERPT, file.toString(), false, true, false, List.of(), List.of());
      List<String> pattern = new ArrayList<>();
      pattern.add(Transcript.ELLIPSIS);
      pattern.addAll(b.lines());
      pattern.add(Transcript.ELLIPSIS);
      if (!Transcript.matches(pattern, lines, trimmed)) {
        failures.add(
            b.where()
                + ": these lines are not, in this order and with only `...` between, in "
                + file
                + ":\n"
                + String.join("\n", b.lines()));
      }
    }
    assertThat(failures).as("%s", String.join("\n", failures)).isEmpty();
  }

  /** Whether the class {@code name} has a constant whose value is {@code subject}. */
  private static boolean declares(String name, String subject) {
    try {
      for (java.lang.reflect.Field f : Class.forName(name).getDeclaredFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          f.setAccessible(true);
          if (subject.equals(f.get(null))) {
            return true;
          }
        }
      }
      return false;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Commands that need no process, port or clock of their own, so this test runs them. */
  static boolean runsHere(String subject) {
    if (!subject.startsWith("./workshop ")) {
      return false;
    }
    String args = subject.substring("./workshop ".length());
    return args.endsWith("--help")
        || args.startsWith("sim ")
        || args.startsWith("router") && !args.contains("--serve")
        || args.startsWith("viz rebalancing")
        || args.startsWith("viz availability")
        || args.equals("modules");
  }

  /** Runs {@code ./workshop ...} in this JVM; returns what it printed (stdout, then stderr). */
  static String runHere(String subject) {
    List<String> args = Words.split(subject.substring("./workshop ".length()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    StringWriter picocliOut = new StringWriter();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      CommandLine cl = Cli.commandLine();
      cl.setOut(new PrintWriter(picocliOut, true));
      cl.setErr(new PrintWriter(picocliOut, true));
      cl.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return picocliOut + bytes.toString(StandardCharsets.UTF_8);
  }
}
