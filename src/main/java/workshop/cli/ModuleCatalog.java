package workshop.cli;

import java.util.List;
import java.util.Optional;
import workshop.balance.cli.BalanceModule;
import workshop.basics.cli.BasicsModule;
import workshop.breaker.cli.BreakerModule;
import workshop.cap.cli.CapModule;
import workshop.gossip.cli.GossipModule;
import workshop.kv.cli.KvModule;
import workshop.module.WorkshopModule;
import workshop.node.cli.NodesModule;
import workshop.quorum.cli.QuorumModule;
import workshop.resilient.cli.CapstoneModule;
import workshop.sharding.cli.ShardingModule;

/**
 * Every module of the workshop, in the manual's order, one line each. A module's descriptor (in its
 * own package) says what it starts, checks and adds to the command line; {@code up}, {@code
 * modules}, {@code verify} and the command line itself ({@link Cli}) read this list.
 */
public final class ModuleCatalog {
  private ModuleCatalog() {}

  /** The module {@code ./workshop up} starts when none is named. */
  public static final String DEFAULT_UP = "23";

  public static List<WorkshopModule> all() {
    return List.of(
        NodesModule.descriptor(),
        BalanceModule.descriptor(),
        ShardingModule.descriptor(),
        QuorumModule.descriptor(),
        GossipModule.descriptor(),
        BreakerModule.descriptor(),
        KvModule.descriptor(),
        CapstoneModule.descriptor(),
        BasicsModule.descriptor(),
        CapModule.descriptor());
  }

  public static Optional<WorkshopModule> find(String id) {
    String wanted = normalize(id);
    return all().stream().filter(m -> m.id().equals(wanted)).findFirst();
  }

  /** "1", "01" and "module-01" all name module 01. */
  static String normalize(String id) {
    String digits = id.trim().toLowerCase().replaceFirst("^module-?", "");
    if (digits.matches("\\d{1,2}")) {
      return String.format("%02d", Integer.parseInt(digits));
    }
    return digits;
  }
}
