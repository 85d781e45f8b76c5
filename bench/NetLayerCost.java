// What the fault layer costs on every call when nothing is in force, and with a loss in force on
// another link: the three decisions a forwarded call meets (the balancer's outbound decision and
// mark, the backend's inbound decision), called in a loop on one thread.
//
//   ./mvnw -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
//   java -cp "target/classes:$(cat target/cp.txt)" bench/NetLayerCost.java
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import workshop.fault.http.NetFaults;
import workshop.fault.http.NetWire;

public class NetLayerCost {
  public static void main(String[] args) {
    Map<String, String> book =
        Map.of("node-1", "127.0.0.1:5001", "node-2", "127.0.0.1:5002", "lb", "127.0.0.1:8080");
    NetFaults lb = new NetFaults("lb", 1, InstantSource.system(), System.out);
    lb.install(new NetWire.Rules(List.of(), book, null));
    run(lb, "nothing in force", 5, 5_000_000);
    lb.install(new NetWire.Rules(List.of("loss node-2 0.1%"), book, 1L));
    run(lb, "loss node-2 0.1% in force, calls to node-1", 5, 2_000_000);
  }

  static void run(NetFaults net, String what, int rounds, int n) {
    for (int round = 0; round < rounds; round++) {
      long sink = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += net.outbound("localhost:5001", "GET", "/").hashCode();
        sink += net.mark("localhost:5001").length();
        sink += net.inbound("127.0.0.1:40000", null, "GET", "/").hashCode();
      }
      System.out.printf(
          "%s: %.0f ns per forwarded call (round %d, %d)%n",
          what, (System.nanoTime() - t0) / (double) n, round + 1, sink % 2);
    }
  }
}
