package workshop.fault.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.fault.Fault;
import workshop.fault.FaultParser;
import workshop.support.cli.UserError;
import workshop.support.proc.ProcessRecords;

/**
 * {@code ./workshop net partition node-1,node-2 from node-3}: the simulator's network faults on the
 * running workshop processes, by the names {@code up} gives them, with no root, iptables or tc. See
 * {@link Network} for how a fault reaches them.
 */
@Command(
    name = "net",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Break the network between running workshop servers, by name (node-2, gossip-3, registry),"
          + " without root: each server applies the faults to the calls it makes and receives, in"
          + " the simulator's words.",
      "Delays and losses act per direction, and a call crosses two."
    },
    footer = {
      "",
      "  net partition node-1,node-2 from node-3  no calls between the sides: they time out",
      "  net partition isolate node-2             node-2 against all the others (also: halves)",
      "  net block node-1 to node-2               node-1's calls to node-2 time out; node-2's calls",
      "                                           to node-1 are handled, but their answers are lost",
      "  net delay node-2 100ms [--jitter 20ms]   +100 ms each way: a call to or from node-2 takes",
      "                                           200 ms longer (node-1 to node-2: that way only)",
      "  net loss all 5%%                          5%% of messages lost each way: about 9.75%% of",
      "                                           calls time out",
      "  net bandwidth redis 100kB/s              TCP streams through ./workshop proxy --name redis",
      "                                           carry at most 100 kB/s each way",
      "  net heal                                 every network fault off (paused servers stay so)",
      "  net show                                 what is in force, and what each server says",
      "  net reset                                heal, resume every paused server, forget the rules",
      "",
      "A shell reads | as a pipe and > as a redirection: write 'from' for | and 'to' for ->, or",
      "quote them: net partition 'node-1,node-2 | node-3', net block 'node-1->node-2'.",
      "Dropped calls wait out the caller's timeout (iptables -j DROP); --reject refuses them at",
      "once (-j REJECT). Faults add up until heal; a new delay or loss on the same target replaces",
      "the old. A server started later reads them from .workshop/net/rules.json."
    })
public final class NetCommand implements Callable<Integer> {
  /** The longest fault a command line may give: far more than any lesson needs. */
  static final int MAX_CHARS = 4096;

  @Parameters(
      paramLabel = "FAULT",
      arity = "0..*",
      description =
          "The fault: partition, block, delay, loss, bandwidth, heal, show or reset, and its"
              + " words.")
  List<String> words = new ArrayList<>();

  @Option(names = "--jitter", paramLabel = "DURATION", description = "With delay: ± this much.")
  String jitter;

  @Option(
      names = "--reject",
      description = "With partition or block: refuse calls at once instead of dropping them.")
  boolean reject;

  @Option(
      names = "--seed",
      description = "Seeds the servers' random draws (loss), to replay a run (default: random).")
  Long seed;

  @Override
  public Integer call() {
    for (String line : run(ProcessRecords.stateOfThisCheckout())) {
      System.out.println(line);
    }
    return 0;
  }

  /**
   * Does what the words say in the checkout whose state is {@code state}; returns the lines. Public
   * so that a module's tests cut its own servers as a student would.
   */
  public List<String> run(java.nio.file.Path state) {
    if (words.isEmpty()) {
      throw new UserError(
          "net needs a fault: partition, block, delay, loss, bandwidth, heal, show or reset"
              + " (./workshop net"
              + " --help shows each)");
    }
    String verb = words.get(0).toLowerCase(Locale.ROOT);
    String line = String.join(" ", words);
    if (line.length() > MAX_CHARS) {
      throw new UserError(
          "net: the fault is " + line.length() + " characters long; at most " + MAX_CHARS);
    }
    try (Network network = new Network(state, Duration.ofSeconds(2))) {
      return switch (verb) {
        case "show" -> alone(verb, network.show());
        case "heal" -> alone(verb, network.heal());
        case "reset" -> alone(verb, network.reset());
        case "partition", "block", "delay", "loss", "bandwidth" ->
            network.apply(fault(verb, line), seed);
        case "duplicate", "reorder" ->
            throw new UserError(
                "net "
                    + verb
                    + ": a real call is one request and one answer, so "
                    + verb
                    + " has no meaning here; the simulator has it (./workshop sim)");
        case "crash", "restart", "pause", "resume", "skew" ->
            throw new UserError(
                "net changes the network; for a process use ./workshop "
                    + (verb.equals("crash") ? "stop" : verb.equals("skew") ? "sim" : verb)
                    + " "
                    + (words.size() > 1 ? words.get(1) : "NAME"));
        default ->
            throw new UserError(
                "'"
                    + words.get(0)
                    + "' is not a net command; expected partition, block, delay, loss, heal, show"
                    + " or reset");
      };
    }
  }

  private List<String> alone(String verb, List<String> lines) {
    if (words.size() > 1 || jitter != null || reject) {
      throw new UserError(
          "net " + verb + " takes nothing more; got '" + String.join(" ", words) + "'");
    }
    return lines;
  }

  private Fault fault(String verb, String line) {
    if (jitter != null && !verb.equals("delay")) {
      throw new UserError("--jitter goes with delay, not " + verb);
    }
    if (reject && !verb.equals("partition") && !verb.equals("block")) {
      throw new UserError("--reject goes with partition or block, not " + verb);
    }
    String full = line + (jitter == null ? "" : " jitter " + jitter) + (reject ? " reject" : "");
    try {
      return FaultParser.parse(full);
    } catch (IllegalArgumentException e) {
      throw new UserError("net " + e.getMessage());
    }
  }
}
