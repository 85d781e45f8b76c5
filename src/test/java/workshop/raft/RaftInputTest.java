package workshop.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.protocol.Env;
import workshop.protocol.RequestId;

/** Bad commands, settings and requests are refused with a sentence that says what is expected. */
class RaftInputTest {
  @Test
  void aCommandNeedsAKnownOpAKeyAndForAPutAValue() {
    assertThatThrownBy(() -> new Command("delete", "x", null, null, 0))
        .hasMessage("op must be one of put, incr, get, noop, not delete");
    assertThatThrownBy(() -> Command.put("", "1")).hasMessage("put needs a key");
    assertThatThrownBy(() -> Command.put("x", null)).hasMessage("put needs a value");
    assertThatThrownBy(() -> Command.incr("x").from("alice", 0))
        .hasMessage("a client session is a name and a request number from 1, got alice#0");
  }

  @Test
  void settingsOutsideTheirRangesAreRefusedWithTheRange() {
    List<String> three = List.of("a", "b", "c");
    Duration ms = Duration.ofMillis(1);
    assertThatThrownBy(
            () ->
                new RaftConfig(
                    three, ms.multipliedBy(300), ms.multipliedBy(150), ms.multipliedBy(50), 64))
        .hasMessage("election timeouts must satisfy 1 ms <= min <= max, got 300..150 ms");
    assertThatThrownBy(
            () ->
                new RaftConfig(
                    three, ms.multipliedBy(150), ms.multipliedBy(300), ms.multipliedBy(150), 64))
        .hasMessageStartingWith("the heartbeat interval must be at least 1 ms and shorter than");
    assertThatThrownBy(() -> RaftConfig.of(List.of("a", "a")))
        .hasMessage("each server is named once, got [a, a]");
    assertThatThrownBy(() -> new RaftNode("z", RaftConfig.of(three), null))
        .hasMessage("z is not one of the servers [a, b, c]");
  }

  @Test
  void transcriptRequestsAreParsedOrRefusedWithTheForms() {
    assertThat(RaftScenario.command("incr x id=alice#3"))
        .isEqualTo(Command.incr("x").from("alice", 3));
    assertThatThrownBy(() -> RaftScenario.command("put x"))
        .hasMessageStartingWith("raft requests are 'put <key> <value>', 'incr <key>' and 'get");
    assertThatThrownBy(() -> RaftScenario.command("get x id=alice"))
        .hasMessage("a request id is id=<client>#<n>, not id=alice");
  }

  @Test
  void aClientMayNotSubmitANoopOrAServersMessage() {
    RaftNode n = new RaftNode("a", RaftConfig.of(List.of("a")), null);
    Env env = new Env(Instant.EPOCH, new SplittableRandom(1));
    RequestId id = new RequestId("c1", 1);
    assertThat(
            n.onRequest(id, new RaftMessage.Submit(Command.noop()), env).replies().get(0).refusal())
        .isEqualTo("expected a command: put, incr or get");
    assertThat(n.onRequest(id, new RaftMessage.Vote(1, true), env).replies().get(0).refusal())
        .isEqualTo("expected a command: put, incr or get");
  }

  @Test
  void aClusterOfOneLeadsAndCommitsAlone() {
    RaftNode n = new RaftNode("a", RaftConfig.of(List.of("a")), null);
    Env env = new Env(Instant.EPOCH, new SplittableRandom(1));
    n.onStart(env);
    n.onTimer("election", env);
    assertThat(n.role()).isEqualTo(Role.LEADER);
    var e = n.onRequest(new RequestId("c1", 1), new RaftMessage.Submit(Command.put("k", "v")), env);
    assertThat(e.replies().get(0).body()).isEqualTo(new RaftMessage.Result(2, "k", "v", null));
  }

  @Test
  void aServerMessageWithANegativeIndexOrAnEntryFromAnotherTermIsRefusedBeforeAnyHandler() {
    assertThatThrownBy(() -> new RaftMessage.AppendEntries(2, "a", -1, 0, List.of(), 0))
        .hasMessage("prevLogIndex must be 0 or more, got -1");
    assertThatThrownBy(
            () ->
                new RaftMessage.AppendEntries(
                    2, "a", 0, 0, List.of(new LogEntry(3, Command.noop())), 0))
        .hasMessage("entry terms must lie from prevLogTerm 0 to term 2");
    assertThatThrownBy(() -> new RaftMessage.RequestVote(1, "a", 0, -4))
        .hasMessage("lastLogTerm must be 0 or more, got -4");
    assertThatThrownBy(() -> new RaftMessage.Appended(1, false, -1))
        .hasMessage("index must be 0 or more, got -1");
  }
}
