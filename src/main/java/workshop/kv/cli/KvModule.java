package workshop.kv.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/**
 * Module 13 (replication), first part: the key-value server a primary and its replicas will be,
 * today one primary on 6380 (Redis protocol) and 13000 (HTTP) for {@code ./workshop up 13}.
 */
public final class KvModule {
  private KvModule() {}

  public static WorkshopModule descriptor() {
    return WorkshopModule.builder("13", "Replication: the key-value server", Track.EXTENDED)
        .process("kv-1", "kv", "--port", "6380", "--http-port", "13000", "--id", "kv-1")
        .hint("redis-cli -p 6380 SET user_1 Alice")
        .hint("redis-cli -p 6380 INFO replication")
        .hint("curl -s localhost:13000/data/user_1")
        .commands(KvCommand.class)
        .build();
  }
}
