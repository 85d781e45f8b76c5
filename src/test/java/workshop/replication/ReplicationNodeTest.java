package workshop.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.RequestId;

/**
 * One node at a time, driven by hand with literal instants: what it answers, refuses and sends. The
 * scenarios between nodes are in the transcripts ({@code transcripts/replication/}).
 */
class ReplicationNodeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final SplittableRandom random = new SplittableRandom(1);
  private long requests;

  private Env at(long millis) {
    return new Env(T0.plusMillis(millis), random);
  }

  private Effects<ReplicationMessage> ask(ReplicationNode node, String words, long millis) {
    return node.onRequest(new RequestId("c1", ++requests), Commands.parse(words), at(millis));
  }

  private static ReplicationNode primary(ReplicationConfig config) {
    return new ReplicationNode("kv-1", config, null, null);
  }

  private static String refusal(Effects<ReplicationMessage> e) {
    return e.replies().get(0).refusal();
  }

  private static ReplicationMessage answer(Effects<ReplicationMessage> e) {
    return e.replies().get(0).body();
  }

  /** Attaches kv-2 as a replica of {@code p} at offset 0 and returns its sync's attempt. */
  private long attach(ReplicationNode p, String replica, long millis) {
    long attempt = 7;
    p.onMessage(replica, new ReplicationMessage.Psync("?", 0, 0, attempt), at(millis));
    p.onMessage(replica, new ReplicationMessage.Ack(p.replid(), p.offset(), attempt), at(millis));
    return attempt;
  }

  @Test
  void theBacklogKeepsTheLatestWritesAndSaysWhoCanContinue() {
    Backlog b = new Backlog(3);
    for (int i = 1; i <= 5; i++) {
      b.add(new Write(i, "k" + i, "v"), i * 10L);
    }
    // Holds 3, 4, 5: a replica at 2 needs 3 on (held); one at 1 needs 2 (gone).
    assertThat(b.first()).isEqualTo(3);
    assertThat(b.canContinueFrom(2)).isTrue();
    assertThat(b.canContinueFrom(5)).isTrue();
    assertThat(b.canContinueFrom(1)).isFalse();
    assertThat(b.canContinueFrom(6)).as("ahead of the primary").isFalse();
    assertThat(b.after(3, 10)).extracting(Write::offset).containsExactly(4L, 5L);
    assertThat(b.after(2, 1)).extracting(Write::offset).containsExactly(3L);
    assertThat(b.timeOf(4)).isEqualTo(40);
    assertThat(b.timeOf(2)).isEqualTo(-1);
    assertThatThrownBy(() -> b.add(new Write(7, "k", "v"), 0)).hasMessageContaining("at 5");
  }

  @Test
  void aDatasetNamesEachKeyItWouldLoseToAHistoryThatPartedFromIt() {
    Dataset d = new Dataset(10);
    d.begin("a".repeat(40));
    d.write("cart:alice", "book", 0);
    d.write("cart:alice", "book,pen", 0); // after the histories part (at 1)
    d.write("cart:bob", "lamp", 0);
    d.write("cart:carol", null, 0); // a delete of a key nobody had: loses nothing
    List<String> lost = d.lostTo(java.util.Map.of("cart:alice", "book,ink", "cart:dave", "hat"), 1);
    assertThat(lost).containsExactly("cart:alice=book,pen", "cart:bob=lamp");
  }

  @Test
  void aWriteToAReplicaIsRefusedWithReadonlyAndAReadAnswersWhatItHolds() {
    ReplicationNode r = new ReplicationNode("kv-2", ReplicationConfig.DEFAULTS, "kv-1", null);
    r.onStart(at(0));
    assertThat(refusal(ask(r, "set k v", 1)))
        .isEqualTo("READONLY You can't write against a read only replica.");
    assertThat(answer(ask(r, "get k", 1))).isEqualTo(new ReplicationMessage.Value("k", null));
    assertThat(refusal(ask(r, "wait 1 100", 1)))
        .isEqualTo("ERR WAIT cannot be used with replica instances");
  }

  @Test
  void waitForNoReplicasAnswersAtOnceAndWaitForOneAnswersOnItsAcknowledgement() {
    ReplicationNode p = primary(ReplicationConfig.DEFAULTS);
    p.onStart(at(0));
    long attempt = attach(p, "kv-2", 0);
    ask(p, "set k v", 10);
    assertThat(answer(ask(p, "wait 0 100", 10))).isEqualTo(new ReplicationMessage.Waited(0));
    // A shell's parser could pass a negative number: refused as Redis refuses it.
    Effects<ReplicationMessage> negative =
        p.onRequest(new RequestId("c1", 99), new ReplicationMessage.Wait(1, -5), at(10));
    assertThat(refusal(negative))
        .isEqualTo("ERR timeout is negative or numreplicas is out of range");
    // Timeout 0 waits for ever, as Redis's does: no timer, no answer until the acknowledgement.
    Effects<ReplicationMessage> waiting = ask(p, "wait 1 0", 10);
    assertThat(waiting.replies()).isEmpty();
    assertThat(waiting.timers()).isEmpty();
    Effects<ReplicationMessage> acked =
        p.onMessage("kv-2", new ReplicationMessage.Ack(p.replid(), 1, attempt), at(20));
    assertThat(answer(acked)).isEqualTo(new ReplicationMessage.Waited(1));
  }

  @Test
  void aWriteUnderMinReplicasIsRefusedAtOnceWithTooFewOnlineAndAfterItsTimeoutWithTooFewAcks() {
    ReplicationConfig config =
        ReplicationConfig.DEFAULTS.withMinReplicas(1, Duration.ofMillis(300));
    ReplicationNode p = primary(config);
    p.onStart(at(0));
    assertThat(refusal(ask(p, "set k v", 0)))
        .isEqualTo("NOREPLICAS Not enough good replicas to write: 0 of 1 replicas online");
    assertThat(p.offset()).as("refused before it was applied").isZero();
    attach(p, "kv-2", 0);
    Effects<ReplicationMessage> pending = ask(p, "set k v", 10);
    assertThat(pending.replies()).isEmpty();
    assertThat(pending.timers())
        .containsExactly(new Effects.TimerChange("wait-1", Duration.ofMillis(300)));
    Effects<ReplicationMessage> timedOut = p.onTimer("wait-1", at(310));
    assertThat(refusal(timedOut))
        .startsWith("NOREPLICAS Not enough good replicas to write: 0 of 1 acknowledged offset 1")
        .endsWith("(the write stays on this primary and may still reach replicas)");
    assertThat(p.keys()).containsEntry("k", "v");
  }

  @Test
  void aPrimaryReportsEachReplicasLagInWritesAndInTheAgeOfItsOldestUnacknowledgedWrite() {
    ReplicationNode p = primary(ReplicationConfig.DEFAULTS);
    p.onStart(at(0));
    attach(p, "kv-2", 0);
    ask(p, "set a 1", 1_000); // unacknowledged from t=1.0 s
    ask(p, "set b 2", 1_500);
    ReplicationInfo.Link link = p.info(T0.plusMillis(3_000).toEpochMilli()).replicas().get(0);
    assertThat(link.acked()).isZero();
    assertThat(link.lagWrites()).isEqualTo(2);
    assertThat(link.lagMillis()).isEqualTo(2_000); // 3.0 s - 1.0 s
    assertThat(link.state()).isEqualTo("online");
  }

  @Test
  void replicaOfItselfIsRefusedAndReplicaOfItsOwnPrimaryIsAlreadyDone() {
    ReplicationNode r = new ReplicationNode("kv-2", ReplicationConfig.DEFAULTS, "kv-1", null);
    r.onStart(at(0));
    assertThat(refusal(ask(r, "replicaof kv-2", 1)))
        .isEqualTo("ERR kv-2 cannot replicate from itself");
    assertThat(answer(ask(r, "replicaof kv-1", 1)))
        .isEqualTo(new ReplicationMessage.Done("already replicating from kv-1"));
    assertThat(answer(ask(r, "SLAVEOF NO ONE", 1)))
        .isEqualTo(new ReplicationMessage.Done("a primary now, epoch 1"));
    assertThat(r.isPrimary()).isTrue();
  }

  @Test
  void hostileInputIsRefusedOrIgnoredWithItsReason() {
    ReplicationNode p = primary(ReplicationConfig.DEFAULTS);
    p.onStart(at(0));
    // A peer's message sent as a client request.
    Effects<ReplicationMessage> e =
        p.onRequest(new RequestId("c1", 1), new ReplicationMessage.Ack("x", 5, 1), at(1));
    assertThat(refusal(e)).startsWith("ERR ACK 5 is not a client command");
    // A client's command sent as a peer message.
    Effects<ReplicationMessage> f =
        p.onMessage("kv-9", new ReplicationMessage.Set("k", "v"), at(1));
    assertThat(f.events())
        .extracting(Effects.Event::why)
        .containsExactly("a client's message, not a peer's");
    assertThat(p.keys()).isEmpty();
    // An acknowledgement from a node this primary never synced: it is told to ask for a sync.
    Effects<ReplicationMessage> g =
        p.onMessage("kv-9", new ReplicationMessage.Ack(p.replid(), 99, 3), at(1));
    assertThat(g.sends())
        .containsExactly(new Effects.Send<>("kv-9", new ReplicationMessage.Resync(3)));
    assertThat(p.info(1).replicas()).isEmpty();
    // A stream from a node that is not its primary changes nothing.
    ReplicationNode r = new ReplicationNode("kv-2", ReplicationConfig.DEFAULTS, "kv-1", null);
    r.onStart(at(0));
    Effects<ReplicationMessage> h =
        r.onMessage(
            "kv-9",
            new ReplicationMessage.Stream("x", 9, 1, List.of(new Write(1, "k", "evil"))),
            at(1));
    assertThat(h.sends())
        .containsExactly(new Effects.Send<>("kv-9", new ReplicationMessage.NotPrimary("kv-1")));
    assertThat(r.keys()).isEmpty();
  }

  @Test
  void commandsInTheWrongShapeGetASentenceNamingTheForm() {
    assertThatThrownBy(() -> Commands.parse("flushall"))
        .hasMessage(
            "'flushall' is not a command here; expected set, del, get, wait, replicaof, info");
    assertThatThrownBy(() -> Commands.parse("set k"))
        .hasMessage("wrong number of arguments for 'set': set <key> <value>");
    assertThatThrownBy(() -> Commands.parse("wait -1 10"))
        .hasMessage("numreplicas must be a whole number >= 0, got '-1'");
    assertThatThrownBy(() -> Commands.parse("wait 1 99999999999"))
        .hasMessageContaining("timeout must be a whole number");
    assertThatThrownBy(() -> Commands.parse("replicaof"))
        .hasMessage(
            "wrong number of arguments for 'replicaof': replicaof <node> | replicaof no one");
  }

  @Test
  void aConfigOutsideItsRangeIsRefusedWithTheRange() {
    ReplicationConfig d = ReplicationConfig.DEFAULTS;
    assertThatThrownBy(() -> d.withBacklog(0))
        .hasMessage("backlog must be from 1 to 10000000, got 0");
    assertThatThrownBy(() -> d.withTimes(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("must be longer than the heartbeat");
    assertThatThrownBy(() -> d.withMinReplicas(-1, Duration.ofSeconds(1)))
        .hasMessage("min-replicas-to-write must be from 0 to 100, got -1");
  }

  @Test
  void infoReplicationUsesRedisFieldNamesOnAPrimaryAndOnAReplica() {
    ReplicationNode p = primary(ReplicationConfig.DEFAULTS);
    p.onStart(at(0));
    attach(p, "kv-2", 0);
    ask(p, "set a 1", 1_000);
    long now = T0.plusMillis(2_500).toEpochMilli();
    var ports =
        java.util.Map.of(
            "kv-1",
            new InfoReplication.Address("127.0.0.1", 6380),
            "kv-2",
            new InfoReplication.Address("127.0.0.1", 6381));
    List<String> info = InfoReplication.render(p.info(now), ports::get);
    assertThat(info)
        .startsWith("# Replication", "role:master", "connected_slaves:1")
        // Acknowledged offset 0 at t=0: lag 2 s since its last ack; one write (1.5 s old) behind.
        .contains(
            "slave0:ip=127.0.0.1,port=6381,state=online,offset=0,lag=2,lag_writes=1,lag_ms=1500")
        .contains("master_replid:" + p.replid(), "master_repl_offset:1", "second_repl_offset:-1");

    ReplicationNode r = new ReplicationNode("kv-2", ReplicationConfig.DEFAULTS, "kv-1", null);
    r.onStart(at(0));
    assertThat(InfoReplication.render(r.info(now), ports::get))
        .contains(
            "role:slave",
            "master_host:127.0.0.1",
            "master_port:6380",
            "master_link_status:down",
            "master_last_io_seconds_ago:-1",
            "master_sync_in_progress:1",
            "slave_repl_offset:0",
            "slave_read_only:1");
  }
}
