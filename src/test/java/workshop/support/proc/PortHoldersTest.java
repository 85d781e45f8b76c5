package workshop.support.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PortHoldersTest {
  // Two lines of a real /proc/net/tcp: 127.0.0.1:5000 (0x1388) listening (0A), and a connection.
  private static final String TABLE =
      """
        sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 48151 1 0000000000000000 100 0 0 10 0
         1: 0100007F:1389 0100007F:1388 01 00000000:00000000 00:00000000 00000000  1000        0 48152 1 0000000000000000 20 4 30 10 -1
      """;

  @Test
  void findsTheListeningSocketsInodeInTheKernelsTable() {
    assertThat(PortHolders.listeningInodes(TABLE, 5000)).containsExactly("48151");
    // 5001 has only an established connection, no listener.
    assertThat(PortHolders.listeningInodes(TABLE, 5001)).isEmpty();
    assertThat(PortHolders.listeningInodes("garbage\n\n", 5000)).isEmpty();
  }

  @Test
  void readsLsofAndNetstatOutput() {
    assertThat(PortHolders.pidFromLsof("p512\ncControlCe\n")).contains(512L);
    assertThat(PortHolders.pidFromLsof("")).isEmpty();
    String netstat =
        """
          Proto  Local Address          Foreign Address        State           PID
          TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044
          TCP    127.0.0.1:5000         0.0.0.0:0              LISTENING       7310
        """;
    assertThat(PortHolders.pidFromNetstat(netstat, 5000)).contains(7310L);
    assertThat(PortHolders.pidFromNetstat(netstat, 5001)).isEmpty();
  }

  @Test
  void showsAWorkshopJvmAsTheCommandAStudentTyped() {
    assertThat(
            PortHolders.shortCommand(
                "/usr/lib/jvm/bin/java -XX:+UseSerialGC -Xmx256m -jar /home/s/ws/target/workshop.jar"
                    + " node --port 5001 --id 1"))
        .isEqualTo("./workshop node --port 5001 --id 1");
    assertThat(PortHolders.shortCommand("python3 -m http.server 5000"))
        .isEqualTo("python3 -m http.server 5000");
  }

  @Test
  void onLinuxFindsThisJvmHoldingAPort() throws IOException {
    Assumptions.assumeTrue(
        Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(PortHolders.find(s.getLocalPort()))
          .map(PortHolders.Holder::pid)
          .contains(ProcessHandle.current().pid());
    }
  }
}
