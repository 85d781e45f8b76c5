package workshop.fault.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import workshop.fault.CallEffect;
import workshop.fault.FaultParser;
import workshop.fault.http.NetFaults;
import workshop.fault.http.NetWire;
import workshop.fault.http.RulesFile;
import workshop.support.http.WebClient;
import workshop.support.proc.AddressBook;

/**
 * What {@code ./workshop net show} prints, and the dashboard's lines: the faults in force with
 * their effect on a call, the paused servers, and what each running server says it has in force (a
 * frozen one is not asked: it cannot answer).
 */
public final class NetShow {
  private final Network network;
  private final RulesFile rules;
  private final Pauses pauses;
  private final WebClient http;

  NetShow(Network network, Path state) {
    this.network = network;
    this.rules = new RulesFile(state);
    this.pauses = network.pauses();
    this.http = network.http();
  }

  /**
   * The faults in force in the checkout whose state is {@code state}, and its paused servers, one
   * line each, from the files alone (the dashboard shows them; a paused process cannot be asked).
   */
  public static List<String> faultLines(Path state) {
    List<String> lines = new ArrayList<>();
    try {
      new RulesFile(state)
          .read()
          .ifPresent(r -> r.faults().forEach(t -> lines.add(CallEffect.of(FaultParser.parse(t)))));
    } catch (IllegalArgumentException e) {
      lines.add("(" + new RulesFile(state).path() + " holds a fault that does not parse)");
    }
    for (Pauses.Paused p : new Pauses(state).list()) {
      lines.add("pause " + p.name() + ": " + p.describe() + "; callers time out");
    }
    return lines;
  }

  /** What {@code net show} prints: the faults, the pauses, and what each server says it has. */
  List<String> show() {
    List<String> lines = new ArrayList<>();
    List<String> inForce = rules.read().map(NetWire.Rules::faults).orElse(List.of());
    if (inForce.isEmpty()) {
      lines.add("No network faults in force.");
    } else {
      lines.add("In force (each delay and loss acts per direction; a call crosses two):");
      inForce.forEach(t -> lines.add("  " + CallEffect.of(FaultParser.parse(t))));
    }
    List<Pauses.Paused> paused = pauses.list();
    for (Pauses.Paused p : paused) {
      lines.add("  pause " + p.name() + ": " + p.describe());
    }
    Map<String, AddressBook.Entry> live = network.servers();
    if (live.isEmpty()) {
      lines.add("No workshop server runs from this folder (./workshop up starts some).");
      return lines;
    }
    lines.add("Servers:");
    Map<String, String> said = ask(live, paused);
    int width = live.keySet().stream().mapToInt(String::length).max().orElse(4);
    for (AddressBook.Entry e : live.values()) {
      lines.add(
          String.format(
              "  %-" + width + "s  %-21s  %s", e.name(), e.address(), said.get(e.name())));
    }
    return lines;
  }

  private Map<String, String> ask(Map<String, AddressBook.Entry> live, List<Pauses.Paused> paused) {
    Map<String, String> said = new ConcurrentHashMap<>();
    List<String> expected = rules.read().map(NetWire.Rules::faults).orElse(List.of());
    Network.parallel(
        live.values(),
        e -> {
          Optional<Pauses.Paused> p =
              paused.stream().filter(x -> x.name().equals(e.name())).findFirst();
          if (p.isPresent() && p.get().how() == Pauses.How.SIGSTOP) {
            said.put(e.name(), "paused (SIGSTOP): not asked, it cannot answer");
            return;
          }
          try {
            NetWire.State s = http.get(e.url() + NetFaults.PATH).read(NetWire.State.class);
            String count = s.faults().size() == 1 ? "1 fault" : s.faults().size() + " faults";
            said.put(
                e.name(),
                (s.paused() ? "paused from within; " : "")
                    + (s.faults().equals(expected)
                        ? count + " in force"
                        : "has "
                            + String.join("; ", s.faults())
                            + " (not what is in force:"
                            + " ./workshop net heal sets every server again)"));
          } catch (RuntimeException x) {
            said.put(e.name(), "no answer: " + x.getMessage());
          }
        });
    return said;
  }
}
