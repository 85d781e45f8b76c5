package workshop.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandTableTest {
  private final RedisCli cli = new RedisCli();

  @Test
  void setThenGetThenDelReadsLikeARedisCliSession() {
    assertThat(cli.run("PING")).isEqualTo("PONG");
    assertThat(cli.run("ping hello")).isEqualTo("\"hello\"");
    assertThat(cli.run("SET user_1 Alice")).isEqualTo("OK");
    assertThat(cli.run("GET user_1")).isEqualTo("\"Alice\"");
    assertThat(cli.run("EXISTS user_1 user_1 nobody")).isEqualTo("(integer) 2");
    assertThat(cli.run("DBSIZE")).isEqualTo("(integer) 1");
    assertThat(cli.run("DEL user_1 user_1 nobody")).isEqualTo("(integer) 1");
    assertThat(cli.run("GET user_1")).isEqualTo("(nil)");
    assertThat(cli.run("ECHO \"two words\"")).isEqualTo("\"two words\"");
  }

  @Test
  void unknownCommandsAndWrongArityGetRedisExactErrorShapes() {
    assertThat(cli.run("FOO bar baz"))
        .isEqualTo("(error) ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' ");
    assertThat(cli.run("FOO"))
        .isEqualTo("(error) ERR unknown command 'FOO', with args beginning with: ");
    assertThat(cli.run("GET")).isEqualTo("(error) ERR wrong number of arguments for 'get' command");
    assertThat(cli.run("get a b"))
        .isEqualTo("(error) ERR wrong number of arguments for 'get' command");
    assertThat(cli.run("SET k"))
        .isEqualTo("(error) ERR wrong number of arguments for 'set' command");
    assertThat(cli.run("PING a b"))
        .isEqualTo("(error) ERR wrong number of arguments for 'ping' command");
    assertThat(cli.run("CLIENT SETNAME"))
        .isEqualTo("(error) ERR wrong number of arguments for 'client|setname' command");
  }

  @Test
  void replicationCommandsAreUnknownUntilReplicationExists() {
    // No stub: a student sees at once that this server cannot be a replica yet.
    assertThat(cli.run("REPLICAOF NO ONE")).startsWith("(error) ERR unknown command 'REPLICAOF'");
    assertThat(cli.run("WAIT 1 0")).startsWith("(error) ERR unknown command 'WAIT'");
  }

  @Test
  void setNxAndXxWriteOnlyWhenTheKeyIsMissingOrPresent() {
    assertThat(cli.run("SET k v1 XX")).isEqualTo("(nil)");
    assertThat(cli.run("SET k v1 NX")).isEqualTo("OK");
    assertThat(cli.run("SET k v2 NX")).isEqualTo("(nil)");
    assertThat(cli.run("SET k v3 xx")).isEqualTo("OK");
    assertThat(cli.run("GET k")).isEqualTo("\"v3\"");
    assertThat(cli.run("SET k v NX XX")).isEqualTo("(error) ERR syntax error");
    assertThat(cli.run("SET k v BOGUS")).isEqualTo("(error) ERR syntax error");
  }

  @Test
  void aTtlEndsAtTheInjectedClocksInstant() {
    assertThat(cli.run("SET session abc EX 10")).isEqualTo("OK");
    assertThat(cli.run("SET short abc PX 1500")).isEqualTo("OK");
    cli.nowMillis += 1_499;
    assertThat(cli.run("GET short")).isEqualTo("\"abc\"");
    cli.nowMillis += 1; // 1500 ms after the SET: the TTL has ended
    assertThat(cli.run("GET short")).isEqualTo("(nil)");
    cli.nowMillis += 8_499; // 9.999 s after the first SET
    assertThat(cli.run("EXISTS session")).isEqualTo("(integer) 1");
    cli.nowMillis += 1;
    assertThat(cli.run("EXISTS session")).isEqualTo("(integer) 0");
    assertThat(cli.keys.expired()).isEqualTo(2);
    assertThat(cli.run("SET k v EX 0"))
        .isEqualTo("(error) ERR invalid expire time in 'set' command");
    assertThat(cli.run("SET k v EX ten"))
        .isEqualTo("(error) ERR value is not an integer or out of range");
    assertThat(cli.run("SET k v EX")).isEqualTo("(error) ERR syntax error");
  }

  @Test
  void aWriteIsAnOperationAtTheNextOffsetInTheBytesTheLogHolds() {
    cli.run("SET a 1");
    // *3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n is 4 + 9 + 7 + 7 = 27 bytes
    assertThat(cli.keys.offset()).isEqualTo(27);
    cli.run("DEL a nothing");
    // only the key that existed is logged: *2\r\n$3\r\nDEL\r\n$1\r\na\r\n is 4 + 9 + 7 = 20 bytes
    assertThat(cli.keys.offset()).isEqualTo(47);
    cli.run("DEL a");
    cli.run("SET a 1 NX");
    cli.run("SET a 2 NX");
    assertThat(cli.keys.offset()).as("a DEL of nothing and a refused NX log nothing").isEqualTo(74);
    assertThat(cli.run("ROLE")).isEqualTo("1) \"master\"\n2) (integer) 74\n3) (empty array)");
  }

  @Test
  void infoReplicationSaysMasterWithNoReplicasAndTheOffset() {
    cli.run("SET a 1");
    assertThat(cli.run("INFO replication"))
        .isEqualTo(
            "\"# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"
                + "master_replid:0123456789abcdef0123456789abcdef01234567\r\n"
                + "master_repl_offset:27\r\n\"");
    assertThat(cli.run("INFO")).contains("# Server", "# Keyspace\r\ndb0:keys=1,expires=0");
    assertThat(cli.run("INFO keyspace stats"))
        .contains("keyspace_hits:0", "total_writes_applied:1")
        .doesNotContain("# Server");
  }

  @Test
  void clientListShowsEachConnectionInRedisFieldNames() {
    long other = cli.clients.connect("127.0.0.1:50002", "127.0.0.1:6380", cli.nowMillis);
    assertThat(cli.run("CLIENT SETNAME alice")).isEqualTo("OK");
    assertThat(cli.run("CLIENT GETNAME")).isEqualTo("\"alice\"");
    assertThat(cli.run("CLIENT SETNAME \"two words\""))
        .isEqualTo(
            "(error) ERR Client names cannot contain spaces, newlines or special characters.");
    cli.nowMillis += 3_000;
    assertThat(cli.run("CLIENT LIST"))
        .isEqualTo(
            "\"id=1 addr=127.0.0.1:50001 laddr=127.0.0.1:6380 name=alice age=3 idle=0 flags=N"
                + " db=0 cmd=client|list user=default resp=2\n"
                + "id=2 addr=127.0.0.1:50002 laddr=127.0.0.1:6380 name= age=3 idle=3 flags=N"
                + " db=0 cmd=NULL user=default resp=2\n\"");
    assertThat(cli.run("CLIENT ID")).isEqualTo("(integer) 1");
    cli.clients.disconnect(other);
    assertThat(cli.run("INFO clients")).contains("connected_clients:1");
    assertThat(cli.run("CLIENT KILL x")).startsWith("(error) ERR unknown subcommand 'KILL'.");
  }

  @Test
  void commandDocsIsAnEmptyArraySoRedisCliStartsQuietly() {
    assertThat(cli.run("COMMAND DOCS")).isEqualTo("(empty array)");
    assertThat(cli.run("COMMAND COUNT")).isEqualTo("(integer) 13");
    assertThat(cli.run("COMMAND INFO get nosuch"))
        .isEqualTo(
            "1) 1) \"get\"\n   2) (integer) 2\n   3) 1) readonly\n   4) (integer) 1\n"
                + "   5) (integer) 1\n   6) (integer) 1\n2) (nil)");
    assertThat(cli.run("SELECT 0")).isEqualTo("OK");
    assertThat(cli.run("SELECT 1")).isEqualTo("(error) ERR DB index is out of range");
    assertThat(cli.run("SELECT x"))
        .isEqualTo("(error) ERR value is not an integer or out of range");
  }

  @Test
  void quitAnswersOkAndAsksToClose() {
    Outcome quit = cli.table.execute(new Call(cli.client, java.util.List.of("QUIT".getBytes()), 0));
    assertThat(quit).isEqualTo(new Outcome.Answer(Reply.OK, true));
  }
}
