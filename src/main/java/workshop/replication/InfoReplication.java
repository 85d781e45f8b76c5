package workshop.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code INFO replication} as Redis prints it, from a {@link ReplicationInfo}: Redis's field names
 * and order, so redis-cli users and scripts read it unchanged ({@code role:master}, {@code
 * slave0:ip=...,port=...,state=online,offset=...,lag=...}, {@code master_link_status:up}). Offsets
 * count writes, not bytes. Fields Redis has not are added after its own: each replica's {@code
 * lag_writes} and {@code lag_ms} (the age of its oldest unacknowledged write), and the node's
 * {@code epoch}.
 */
public final class InfoReplication {
  /** Where a node listens for clients, as INFO names it. */
  public record Address(String host, int port) {}

  private InfoReplication() {}

  /**
   * @param addressOf a node's client address by name; null when unknown (then its name and 0)
   */
  public static List<String> render(ReplicationInfo i, Function<String, Address> addressOf) {
    List<String> out = new ArrayList<>();
    out.add("# Replication");
    if (i.primary()) {
      out.add("role:master");
      out.add(
          "connected_slaves:"
              + i.replicas().stream().filter(l -> !l.state().equals("offline")).count());
      int n = 0;
      for (ReplicationInfo.Link l : i.replicas()) {
        Address a = address(addressOf, l.name());
        out.add(
            "slave"
                + n++
                + ":ip="
                + a.host()
                + ",port="
                + a.port()
                + ",state="
                + redisState(l.state())
                + ",offset="
                + Math.max(0, l.acked())
                + ",lag="
                + l.lastAckMillisAgo() / 1000
                + ",lag_writes="
                + l.lagWrites()
                + ",lag_ms="
                + l.lagMillis());
      }
    } else {
      Address a = address(addressOf, i.master());
      out.add("role:slave");
      out.add("master_host:" + a.host());
      out.add("master_port:" + a.port());
      out.add("master_link_status:" + (i.linkUp() ? "up" : "down"));
      out.add(
          "master_last_io_seconds_ago:"
              + (i.lastIoMillisAgo() < 0 ? -1 : i.lastIoMillisAgo() / 1000));
      out.add("master_sync_in_progress:" + (i.syncing() ? 1 : 0));
      out.add("slave_repl_offset:" + i.offset());
      out.add("slave_read_only:1");
      out.add("connected_slaves:0");
    }
    out.add("master_replid:" + i.replid());
    out.add("master_replid2:" + (Dataset.NONE.equals(i.replid2()) ? "0".repeat(40) : i.replid2()));
    out.add("master_repl_offset:" + i.offset());
    out.add(
        "second_repl_offset:" + (Dataset.NONE.equals(i.replid2()) ? -1 : i.replid2Offset() + 1));
    out.add("repl_backlog_active:1");
    out.add("repl_backlog_first_byte_offset:" + i.backlogFirst());
    out.add("repl_backlog_histlen:" + i.backlogSize());
    out.add("epoch:" + i.epoch());
    return out;
  }

  private static Address address(Function<String, Address> addressOf, String name) {
    Address a = name == null ? null : addressOf.apply(name);
    return a != null ? a : new Address(name == null ? "?" : name, 0);
  }

  /**
   * Redis's words for a link: {@code online}, {@code wait_bgsave} while a full sync is on its way.
   */
  private static String redisState(String state) {
    return switch (state) {
      case "sync" -> "wait_bgsave";
      default -> state;
    };
  }
}
