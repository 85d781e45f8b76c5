package workshop.cap.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import workshop.cap.http.CapWire;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyAborted;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify cap}: the lesson's two runs on real processes. Three replicas in cp
 * mode, cap-3 cut off with {@code ./workshop net partition cap-1,cap-2 from cap-3} (run as another
 * process, as a student types it): cap-3 refuses with 503 and its count while the majority side
 * writes, and after {@code net heal} cap-3 reads the majority's value. Then three fresh replicas in
 * ap mode under the same partition: both sides accept a write to the same key, and after the heal
 * every replica holds one of them and reports the other as lost.
 */
public final class CapCheck implements ModuleCheck {
  /** A healed partition converges within about a second (anti-entropy); a busy laptop is slower. */
  private static final Duration CONVERGED = Duration.ofSeconds(20);

  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final String KEY = "user:x";

  private VerifyRun run;

  @Override
  public void run(VerifyRun run) {
    this.run = run;
    consistent();
    available();
  }

  private void consistent() {
    run.step("cp: three replicas, a write, then ./workshop net partition cap-1,cap-2 from cap-3");
    List<ChildProcess> replicas = new ArrayList<>();
    String[] urls = start("cp", replicas);
    ClientResponse a = write(urls[1], "A");
    cut();
    ClientResponse b = write(urls[3], "B");
    ClientResponse c = write(urls[1], "C");
    CapWire.Refused refused = b.status() == 503 ? b.read(CapWire.Refused.class) : null;
    run.check(
        "cp: the minority refuses with 503 and its count, the majority side writes",
        a.status() == 200 && refused != null && c.status() == 200,
        "cap-3: "
            + (refused != null ? refused.status() + " " + refused.detail() : "HTTP " + b.status())
            + "; cap-1: C "
            + (c.status() == 200
                ? "stored, acks " + c.read(CapWire.Written.class).acks()
                : "HTTP " + c.status()));

    heal();
    String seen = awaitValue(urls[3], "C");
    run.check(
        "cp: healed, cap-3 reads the majority's value and nothing was lost",
        "C".equals(seen) && lost(urls[1]) == 0,
        "cap-3 reads " + KEY + "=" + seen + "; cap-1 /lost total " + lost(urls[1]));
    replicas.forEach(run::kill);
  }

  private void available() {
    run.step("ap: three fresh replicas, the same partition, a write on each side");
    List<ChildProcess> replicas = new ArrayList<>();
    String[] urls = start("ap", replicas);
    cut();
    ClientResponse a = write(urls[1], "A");
    ClientResponse b = write(urls[3], "B");
    run.check(
        "ap: both sides accept a write to the same key",
        a.status() == 200 && b.status() == 200,
        "cap-1: " + stored(a, "A") + "; cap-3: " + stored(b, "B"));

    heal();
    String winner = b.status() == 200 ? laterOf(a, b) : "B";
    StringJoiner holds = new StringJoiner(", ");
    boolean same = true;
    for (int i = 1; i <= 3; i++) {
      String v = awaitValue(urls[i], winner);
      same &= winner.equals(v);
      holds.add("cap-" + i + " " + v);
    }
    long dropped = lost(urls[1]);
    run.check(
        "ap: healed, last-writer-wins keeps one write everywhere and reports the other as lost",
        same && dropped == 1,
        holds + "; cap-1 /lost total " + dropped);
  }

  private static String stored(ClientResponse r, String value) {
    return r.status() == 200
        ? value + " stored, acks " + r.read(CapWire.Written.class).acks()
        : value + " refused, HTTP " + r.status();
  }

  /** The value of the write with the higher stamp, which last-writer-wins keeps. */
  private static String laterOf(ClientResponse a, ClientResponse b) {
    CapWire.Written x = a.read(CapWire.Written.class);
    CapWire.Written y = b.read(CapWire.Written.class);
    boolean yWins =
        y.version() > x.version()
            || (y.version() == x.version() && y.from().compareTo(x.from()) > 0);
    return yWins ? y.value() : x.value();
  }

  private String[] start(String mode, List<ChildProcess> started) {
    int[] ports = {0, run.freePort(), run.freePort(), run.freePort()};
    String list = ports[1] + "," + ports[2] + "," + ports[3];
    String[] urls = new String[4];
    for (int id = 1; id <= 3; id++) {
      urls[id] = "http://127.0.0.1:" + ports[id];
      started.add(
          run.start(
              CapReplicaCommand.name(id),
              "cap-replica",
              "--id",
              Integer.toString(id),
              "--mode",
              mode,
              "--ports",
              list));
    }
    for (int id = 1; id <= 3; id++) {
      run.awaitHealthy(started.get(id - 1), urls[id], VerifyRun.STARTUP);
    }
    return urls;
  }

  private void cut() {
    VerifyRun.Ran cut = run.command(COMMAND, "net", "partition", "cap-1,cap-2", "from", "cap-3");
    if (!cut.ok()) {
      throw new VerifyAborted("net partition failed: " + cut.oneLine());
    }
  }

  private void heal() {
    run.step("./workshop net heal");
    VerifyRun.Ran heal = run.command(COMMAND, "net", "heal");
    if (!heal.ok()) {
      throw new VerifyAborted("net heal failed: " + heal.oneLine());
    }
  }

  private ClientResponse write(String url, String value) {
    try {
      return run.http()
          .postJson(url + "/data", new CapWire.Write(KEY, value), Duration.ofSeconds(10));
    } catch (CallFailure e) {
      throw new VerifyAborted("POST " + url + "/data: " + e.getMessage());
    }
  }

  /** The value {@code url} reads for the key once it is {@code wanted}, or the last one read. */
  private String awaitValue(String url, String wanted) {
    long deadline = System.nanoTime() + CONVERGED.toNanos();
    String last = null;
    do {
      try {
        ClientResponse r = run.http().get(url + "/data/" + KEY, Duration.ofSeconds(5));
        if (r.status() == 200) {
          last = r.read(CapWire.Read.class).value();
          if (wanted.equals(last)) {
            return last;
          }
        }
      } catch (CallFailure e) {
        // not answering yet: ask again
      }
      VerifyRun.pause(Duration.ofMillis(200));
    } while (System.nanoTime() < deadline);
    return last;
  }

  private long lost(String url) {
    try {
      return run.http()
          .get(url + "/lost", Duration.ofSeconds(5))
          .read(CapWire.LostWrites.class)
          .total();
    } catch (CallFailure e) {
      return -1;
    }
  }
}
