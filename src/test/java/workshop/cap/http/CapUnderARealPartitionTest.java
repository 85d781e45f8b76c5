package workshop.cap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import workshop.cap.CapConfig;
import workshop.cap.CapMessage;
import workshop.cap.CapMode;
import workshop.cli.Cli;
import workshop.fault.cli.NetCommand;
import workshop.fault.http.NetFaults;
import workshop.protocol.http.ProtocolServer;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/**
 * Three replicas on real sockets, each with its own fault layer and address in the checkout's book,
 * cut by the command line {@code ./workshop net partition cap-1,cap-2 from cap-3} parses: the same
 * partition refuses the minority's write in cp and accepts both sides' writes in ap, which last
 * writer wins settles on heal, every replica naming the write it dropped. A plain client stands for
 * curl, on no side of the partition.
 */
class CapUnderARealPartitionTest {
  @TempDir Path state;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final List<ProtocolServer<CapMessage>> servers = new ArrayList<>();
  private final List<NetFaults> layers = new ArrayList<>();
  private final Map<String, String> urls = new LinkedHashMap<>();
  private final WebClient curl = WebClient.create(Duration.ofSeconds(10));

  @AfterEach
  void stop() {
    curl.close();
    layers.forEach(NetFaults::close);
    servers.forEach(ProtocolServer::close);
  }

  private void startCluster(CapMode mode) throws IOException {
    List<String> names = List.of("cap-1", "cap-2", "cap-3");
    Map<String, String> addresses = new LinkedHashMap<>();
    for (String n : names) {
      try (ServerSocket s = new ServerSocket(0)) {
        addresses.put(n, "127.0.0.1:" + s.getLocalPort());
      }
    }
    for (String n : names) {
      Map<String, String> peers = new LinkedHashMap<>(addresses);
      peers.remove(n);
      NetFaults net = NetFaults.in(state, n, 7, InstantSource.system(), log);
      int port = Integer.parseInt(addresses.get(n).split(":")[1]);
      ProtocolServer<CapMessage> server =
          CapServer.start(
              new CapServer.Settings(n, "127.0.0.1", port, peers, new CapConfig(mode, names)),
              42,
              net,
              InstantSource.system(),
              log);
      net.listening(server.url());
      servers.add(server);
      layers.add(net);
      urls.put(n, server.url());
    }
  }

  /** {@code ./workshop net <args>}, parsed as the launcher parses it, run on this checkout. */
  private List<String> net(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "net";
    System.arraycopy(args, 0, line, 1, args.length);
    CommandLine.ParseResult parsed = Cli.commandLine().parseArgs(line);
    NetCommand command = (NetCommand) parsed.subcommand().commandSpec().userObject();
    return command.run(state);
  }

  private ClientResponse write(String node, String key, String value) {
    return curl.postJson(urls.get(node) + "/data", Map.of("key", key, "value", value));
  }

  private CapWire.Read read(String node, String key) {
    return curl.get(urls.get(node) + "/data/" + key).read(CapWire.Read.class);
  }

  @Test
  void inCpTheMinoritySideAnswers503WithItsCountAndTheMajoritySideServes() throws IOException {
    startCluster(CapMode.CP);
    ClientResponse first = write("cap-1", "user:x", "A");
    assertThat(first.status()).as(first.text() + logBytes).isEqualTo(200);
    net("partition", "cap-1,cap-2", "from", "cap-3");

    ClientResponse refused = write("cap-3", "user:x", "B");
    assertThat(refused.status()).isEqualTo(503);
    CapWire.Refused r = refused.read(CapWire.Refused.class);
    assertThat(r.detail()).isEqualTo("this side has 1 of 3 replicas; a majority is 2");
    assertThat(curl.get(urls.get("cap-3") + "/data/user:x").status()).isEqualTo(503);

    CapWire.Written c = write("cap-1", "user:x", "C").read(CapWire.Written.class);
    assertThat(c.acks()).isEqualTo(2);
    assertThat(read("cap-2", "user:x").value()).isEqualTo("C");

    net("heal");
    assertThat(read("cap-3", "user:x").value()).isEqualTo("C");
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("refuses to write user:x: this side has 1 of 3 replicas; a majority is 2");
  }

  @Test
  void inApBothSidesAcceptAndOnHealEveryReplicaNamesTheWriteItDropped() throws Exception {
    startCluster(CapMode.AP);
    net("partition", "cap-1,cap-2", "from", "cap-3");
    CapWire.Written a = write("cap-1", "user:x", "A").read(CapWire.Written.class);
    CapWire.Written b = write("cap-3", "user:x", "B").read(CapWire.Written.class);
    assertThat(a.acks()).isEqualTo(1);
    assertThat(b.acks()).isEqualTo(1);
    assertThat(read("cap-3", "user:x").value()).isEqualTo("B");

    net("heal");
    // The higher version wins; on one machine that is B, unless both came in the same millisecond
    // and cap-3's name breaks the tie, which also keeps B.
    CapWire.Written kept = b.version() >= a.version() ? b : a;
    CapWire.Written dropped = kept == b ? a : b;
    String line =
        "user:x: kept '"
            + kept.value()
            + "' (v"
            + kept.version()
            + ", from "
            + kept.from()
            + "), dropped '"
            + dropped.value()
            + "' (v"
            + dropped.version()
            + ", from "
            + dropped.from()
            + ")";
    for (String n : urls.keySet()) {
      CapWire.LostWrites lost = awaitLost(n, Duration.ofSeconds(15));
      assertThat(lost.lost_writes()).as(n).extracting(CapWire.Lost::line).containsExactly(line);
      assertThat(read(n, "user:x").value()).isEqualTo(kept.value());
    }
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("last writer wins, a write is lost: " + line);
  }

  /** Polls {@code GET /lost} until the node reports a lost write (anti-entropy runs every 1 s). */
  private CapWire.LostWrites awaitLost(String node, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    CapWire.LostWrites lost;
    do {
      lost = curl.get(urls.get(node) + "/lost").read(CapWire.LostWrites.class);
      if (lost.total() > 0) {
        return lost;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < end);
    return lost;
  }
}
