package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workshop.cli.ModuleCatalog;
import workshop.cli.WorkshopJvm;
import workshop.module.WorkshopModule;
import workshop.support.proc.ProcessRecords;

/**
 * A module started as a student starts it, for the scenes that check the docs' blocks of real runs:
 * {@code ./workshop up NN} in a JVM of its own, each process moved to a free port with {@code
 * --port}, its state in a test folder. The commands a block shows ({@code curl ...}, {@code
 * ./workshop ...}, {@code echo $?}) run against it as a student types them, with the doc's ports
 * replaced by the ones in use; outputs are compared masked, so the ports do not matter.
 */
final class Stage implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(120);

  private final Path state;
  private final Map<Integer, Integer> ports = new LinkedHashMap<>();
  private final Map<String, List<String>> extras = new LinkedHashMap<>();
  private boolean inProcess;
  private WorkshopJvm up;
  private String module;
  private int lastExit;

  private Stage(Path state) {
    this.state = state;
  }

  /** A stage with nothing running yet: for commands alone, or {@link #startUp} later. */
  static Stage empty(Path state) {
    return new Stage(state);
  }

  /** {@code ./workshop up <module>}, every process on a free port; waits for its hints. */
  static Stage up(String module, Path state) {
    Stage s = new Stage(state);
    s.startUp(module);
    return s;
  }

  void startUp(String module) {
    this.module = module;
    WorkshopModule m = ModuleCatalog.find(module).orElseThrow();
    List<String> args = new ArrayList<>(List.of("up", module));
    for (WorkshopModule.Process p : m.processes()) {
      int i = p.args().indexOf("--port");
      if (i >= 0) {
        args.add("--port");
        args.add(p.name() + "=" + port(Integer.parseInt(p.args().get(i + 1))));
      }
    }
    up = WorkshopJvm.start(state, args.toArray(String[]::new));
    try {
      assertThat(up.awaitLine(l -> l.startsWith("Stop everything with Ctrl+C"), START))
          .as(
              "up %s did not print its hints within %s s:\n%s",
              module, START.toSeconds(), up.output())
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The state folder its commands run with. */
  Path state() {
    return state;
  }

  /** The port this stage uses where the docs say {@code docPort}; a free one the first time. */
  int port(int docPort) {
    Integer mapped = ports.get(docPort);
    if (mapped == null) {
      mapped = near(docPort).orElseGet(Stage::quietPort);
      ports.put(docPort, mapped);
    }
    return mapped;
  }

  /**
   * A free port as far from one already chosen as the docs' ports are apart (5001 one above 5000),
   * so ranges the program derives from a port hold here as in class: the registry restarts nodes on
   * ports up to 99 above its own.
   */
  private Optional<Integer> near(int docPort) {
    for (Map.Entry<Integer, Integer> e : ports.entrySet()) {
      int apart = docPort - e.getKey();
      int candidate = e.getValue() + apart;
      if (Math.abs(apart) < 100 && candidate > 1024 && candidate < 65_536 && free(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * A free port below the system's ephemeral range (32768-60999 on Linux, 49152-65535 on macOS),
   * with room for the ports chosen near it: a port the system hands out for outgoing connections
   * can be taken by any client between the moment a stage picks it and the moment a server binds
   * it, which a stage's block of four ports met on a busy run.
   */
  private static int quietPort() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int candidate = random.nextInt(20_000, 32_000);
      if (free(candidate)) {
        return candidate;
      }
    }
    return WorkshopJvm.freePort();
  }

  private static boolean free(int port) {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Arguments added to every command a block runs that starts with {@code prefix} (as the doc
   * writes it): the registry's moved address for a command that takes the default one, say.
   */
  Stage extra(String prefix, String... args) {
    extras.put(prefix, List.of(args));
    return this;
  }

  /**
   * Runs {@code ./workshop} commands of the blocks in this JVM instead of one of their own (a
   * command that only talks to servers behaves the same, and starts in milliseconds).
   */
  Stage inProcess() {
    inProcess = true;
    return this;
  }

  /** Says that what the docs show on {@code docPort} listens on {@code realPort} here. */
  Stage map(int docPort, int realPort) {
    ports.put(docPort, realPort);
    return this;
  }

  /** {@code command} with every doc port this stage has moved replaced by the one in use. */
  String moved(String command) {
    String out = command;
    for (var e : ports.entrySet()) {
      out = out.replaceAll("(?<![\\d.])" + e.getKey() + "(?!\\d)", e.getValue().toString());
    }
    return out;
  }

  /** What up printed so far. */
  List<String> upLines() {
    return up.lines();
  }

  /**
   * What up printed so far, as on the module's own ports: the line saying which ports moved is left
   * out, and the hints are the ones {@code up} prints with no port moved (moved ones name the
   * ports, and defaults that follow them add flags). The processes' lines are as they printed them.
   */
  String upOutput() {
    return upOutput(List.of());
  }

  /**
   * As {@link #upOutput()}, but as if {@code up} had been given only {@code docMoves} (the doc's
   * own {@code --port NAME=PORT}): its {@code Ports moved} line and its hints.
   */
  String upOutput(List<String> docMoves) {
    List<String> lines = new ArrayList<>(up.lines());
    int moved = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Ports moved: ")) {
        moved = i;
        break;
      }
    }
    if (moved >= 0) {
      lines.remove(moved);
      lines.addAll(moved, workshop.cli.UpOutput.portsMoved(module, docMoves));
    }
    int stop = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Stop everything with Ctrl+C here")) {
        stop = i;
        break;
      }
    }
    if (stop >= 0) {
      int start = stop;
      while (start > 0 && !lines.get(start).isEmpty()) {
        start--;
      }
      List<String> region = lines.subList(start, Math.min(stop + 2, lines.size()));
      region.clear();
      region.addAll(workshop.cli.UpOutput.hints(module, docMoves));
    }
    return String.join("\n", lines);
  }

  /**
   * Waits until up's output, as {@link #upOutput(List)} shows it for {@code docMoves}, has what the
   * block marked {@code subject} shows, then checks it.
   */
  void awaitUp(String subject, List<String> docMoves, Duration limit) {
    List<DocBlock> blocks = DocTranscripts.transcripts(subject);
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      String out = upOutput(docMoves);
      if (blocks.stream().allMatch(b -> DocTranscripts.check(b, out).isEmpty())) {
        break;
      }
      pause(Duration.ofMillis(200));
    }
    DocTranscripts.assertMatch(subject, upOutput(docMoves));
  }

  /**
   * Runs a command from a doc block ({@code curl}, {@code ./workshop}, {@code echo $?}) with its
   * ports moved and {@code extra} arguments added; returns what it printed.
   */
  String run(String docCommand, String... extra) {
    List<String> words = Words.split(moved(docCommand));
    words.addAll(List.of(extra));
    extras.forEach(
        (prefix, args) -> {
          if (docCommand.startsWith(prefix)) {
            words.addAll(args);
          }
        });
    if (words.equals(List.of("echo", "$?"))) {
      return lastExit + "\n";
    }
    try {
      if (words.get(0).equals("curl")) {
        return curl(words);
      }
      if (words.get(0).equals("./workshop") && inProcess) {
        String[] args = words.subList(1, words.size()).toArray(String[]::new);
        int[] code = {0};
        String out = InProcess.anyExit(code, args);
        lastExit = code[0];
        return out.endsWith("\n") ? out : out + "\n";
      }
      if (words.get(0).equals("./workshop")) {
        WorkshopJvm jvm =
            WorkshopJvm.run(state, words.subList(1, words.size()).toArray(String[]::new));
        lastExit = jvm.exitCode();
        return jvm.output() + "\n";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    throw new IllegalArgumentException(
        "a stage runs curl, ./workshop and echo $?, not: " + docCommand);
  }

  private String curl(List<String> words) throws InterruptedException {
    List<String> cmd = new ArrayList<>(words);
    cmd.add(1, "-sS"); // as on a terminal: no progress meter, errors still said
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("curl did not end in 30 s: " + cmd);
      }
      lastExit = p.exitValue();
      return out.endsWith("\n") ? out : out + "\n"; // a shell prompt starts on a new line
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code curl} can run here: scenes that need it are skipped, saying so, without. */
  static boolean hasCurl() {
    try {
      Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Plays the block marked {@code subject}: runs each of its {@code $ command} lines and checks the
   * whole block, prompts included, against what they printed.
   */
  void play(String subject) {
    play(subject, command -> {});
  }

  /**
   * As {@link #play(String)}, calling {@code beforeEach} with each command (as the doc writes it)
   * before running it: a scene waits there for what a student would have waited for.
   */
  void play(String subject, java.util.function.Consumer<String> beforeEach) {
    List<DocBlock> blocks = DocTranscripts.transcripts(subject);
    assertThat(blocks).as("doc blocks marked '%s'", subject).hasSize(1);
    StringBuilder transcript = new StringBuilder();
    for (String line : blocks.get(0).lines()) {
      if (line.startsWith("$ ")) {
        String command = withoutComment(line.substring(2));
        beforeEach.accept(command);
        transcript.append(line).append('\n').append(run(command));
      }
    }
    DocTranscripts.assertMatch(subject, transcript.toString());
  }

  private static final Pattern COMMENT = Pattern.compile("^(.*?)\\s+#\\s.*$");

  /** {@code curl ... # 8 s later} without its comment (none of the docs' commands quote a #). */
  static String withoutComment(String command) {
    Matcher m = COMMENT.matcher(command);
    return m.matches() ? m.group(1) : command;
  }

  /**
   * Waits until {@code up}'s output has what the block marked {@code subject} shows (processes
   * print in their own time), then checks it.
   */
  void awaitUp(String subject, Duration limit) {
    awaitUp(subject, List.of(), limit);
  }

  /** Waits until a line of up's output satisfies {@code test}; the line, if one did. */
  Optional<String> awaitUpLine(java.util.function.Predicate<String> test, Duration limit) {
    try {
      if (up.awaitLine(test, limit)) {
        return up.lines().stream().filter(test).findFirst();
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits, as a student would, until {@code done}; fails saying what did not happen. */
  static void await(String what, java.util.function.BooleanSupplier done, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      pause(Duration.ofMillis(100));
    }
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Stops everything this stage started: up, and by the records whatever they started. */
  @Override
  public void close() {
    try {
      new ProcessRecords(state).stopAll(Duration.ofSeconds(3));
    } finally {
      if (up != null) {
        up.close();
      }
    }
  }
}
