package workshop.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.RequestId;
import workshop.raft.RaftMessage.AppendEntries;
import workshop.raft.RaftMessage.Appended;
import workshop.raft.RaftMessage.RequestVote;
import workshop.raft.RaftMessage.Vote;

/**
 * One server fed messages by hand: the rules of Figure 2 of the Raft paper, one at a time, each
 * with the reason it gives. The simulator tests ({@code RaftSafetySweepTest}, the transcripts)
 * check the same rules in whole clusters.
 */
class RaftNodeTest {
  private static final List<String> THREE = List.of("node-1", "node-2", "node-3");
  private static final RaftConfig CONFIG = RaftConfig.of(THREE);
  private static final Env ENV = new Env(Instant.EPOCH, new SplittableRandom(7));

  private static LogEntry entry(long term, String key) {
    return new LogEntry(term, Command.put(key, "v"));
  }

  private static RaftNode node(String name, RaftDisk disk) {
    RaftNode n = new RaftNode(name, CONFIG, disk);
    n.onStart(ENV);
    return n;
  }

  private static List<RaftMessage> sent(Effects<RaftMessage> e) {
    return e.sends().stream().map(Effects.Send::message).toList();
  }

  private static String events(Effects<RaftMessage> e) {
    return String.join("\n", e.events().stream().map(Effects.Event::toString).toList());
  }

  /** node-1 wins term {@code term + 1} with node-2's vote, starting from {@code disk}. */
  private static RaftNode leader(RaftDisk disk) {
    RaftNode n = node("node-1", disk);
    n.onTimer("election", ENV);
    n.onMessage("node-2", new Vote(disk.currentTerm() + 1, true), ENV);
    assertThat(n.role()).isEqualTo(Role.LEADER);
    return n;
  }

  @Test
  void votesOncePerTermAndRemembersTheVoteAcrossARestart() {
    RaftNode voter = node("node-3", RaftDisk.EMPTY);
    Effects<RaftMessage> first = voter.onMessage("node-1", new RequestVote(5, "node-1", 0, 0), ENV);
    assertThat(sent(first)).containsExactly(new Vote(5, true));
    assertThat(events(first))
        .contains("votes for node-1 in term 5: its log (last entry 0 of term 0) is at least as up");

    // The vote is on disk before the answer leaves; a restarted voter refuses node-2 in term 5.
    RaftNode restarted = node("node-3", (RaftDisk) first.persist());
    Effects<RaftMessage> second =
        restarted.onMessage("node-2", new RequestVote(5, "node-2", 0, 0), ENV);
    assertThat(sent(second)).containsExactly(new Vote(5, false));
    assertThat(events(second))
        .isEqualTo("refuses its vote to node-2 in term 5: already voted for node-1 in this term");
  }

  @Test
  void refusesItsVoteToACandidateWhoseLogIsBehind() {
    RaftNode voter = node("node-3", new RaftDisk(3, null, List.of(entry(1, "a"), entry(3, "b"))));
    // Same length, older last term: behind. (A longer log of an older last term is behind too.)
    Effects<RaftMessage> e = voter.onMessage("node-1", new RequestVote(4, "node-1", 5, 2), ENV);
    assertThat(sent(e)).containsExactly(new Vote(4, false));
    assertThat(events(e))
        .endsWith(
            "refuses its vote to node-1 in term 4: its log (last entry 5 of term 2) is behind"
                + " ours (2 of term 3)");
    assertThat(voter.votedFor()).isNull();
    assertThat(voter.term()).isEqualTo(4); // the later term is taken all the same
  }

  @Test
  void rejectsEntriesThatDoNotFollowItsLogAndSaysWhereToResume() {
    RaftNode f = node("node-2", new RaftDisk(2, null, List.of(entry(1, "a"), entry(1, "b"))));
    Effects<RaftMessage> gap =
        f.onMessage("node-1", new AppendEntries(2, "node-1", 6, 2, List.of(), 0), ENV);
    assertThat(sent(gap)).containsExactly(new Appended(2, false, 3));
    assertThat(events(gap))
        .endsWith(
            "rejects entries after 6 from node-1: our log ends at 2; asks for entries from 3");

    // Entry 2 is of term 1 here and of term 2 at the leader: resume at the first entry of term 1.
    Effects<RaftMessage> conflict =
        f.onMessage("node-1", new AppendEntries(2, "node-1", 2, 2, List.of(), 0), ENV);
    assertThat(sent(conflict)).containsExactly(new Appended(2, false, 1));
  }

  @Test
  void dropsConflictingEntriesButKeepsWhatALateMessageRepeats() {
    RaftNode f =
        node("node-2", new RaftDisk(2, null, List.of(entry(1, "a"), entry(1, "b"), entry(1, "c"))));
    Effects<RaftMessage> e =
        f.onMessage(
            "node-1",
            new AppendEntries(3, "node-1", 1, 1, List.of(entry(3, "x"), entry(3, "y")), 0),
            ENV);
    assertThat(f.log()).containsExactly(entry(1, "a"), entry(3, "x"), entry(3, "y"));
    assertThat(events(e))
        .contains("drops its entries from 2: they conflict with node-1's log in term 3")
        .contains("appends entries 2..3: from node-1, consistent at entry 1 of term 1");
    assertThat(sent(e)).containsExactly(new Appended(3, true, 3));

    // The first of those messages, duplicated and late, must not cut entry 3 off again.
    Effects<RaftMessage> late =
        f.onMessage("node-1", new AppendEntries(3, "node-1", 1, 1, List.of(entry(3, "x")), 0), ENV);
    assertThat(f.log()).hasSize(3);
    assertThat(late.persist()).isNull();
    assertThat(sent(late)).containsExactly(new Appended(3, true, 2));
  }

  @Test
  void commitsOnlyUpToTheLastEntryTheMessageProvedToMatch() {
    RaftNode f =
        node("node-2", new RaftDisk(2, null, List.of(entry(1, "a"), entry(2, "b"), entry(2, "c"))));
    // The leader has committed 5, but this heartbeat proves only entry 1; 2..3 may be replaced.
    f.onMessage("node-1", new AppendEntries(3, "node-1", 1, 1, List.of(), 5), ENV);
    assertThat(f.commitIndex()).isEqualTo(1);
    assertThat(f.lastApplied()).isEqualTo(1);
  }

  @Test
  void aNewLeaderDoesNotCommitAnOlderTermsEntryByCountingReplicas() {
    // Figure 8 of the paper: entry 2 of term 2 may sit on a majority and still be overwritten
    // by a leader of term 3, so counting replicas only commits entries of the current term.
    RaftNode leader = leader(new RaftDisk(3, null, List.of(entry(1, "a"), entry(2, "b"))));
    assertThat(leader.term()).isEqualTo(4);
    assertThat(leader.log()).hasSize(3); // the new term's no-op at 3

    leader.onMessage("node-2", new Appended(4, true, 2), ENV);
    assertThat(leader.commitIndex()).isZero(); // entry 2 is on 2 of 3, but of term 2

    Effects<RaftMessage> e = leader.onMessage("node-2", new Appended(4, true, 3), ENV);
    assertThat(leader.commitIndex()).isEqualTo(3); // the no-op commits, and 1..2 with it
    assertThat(events(e))
        .startsWith(
            "commits entries 1..3: stored on 2 of 3 servers, entry 3 of the current term 4");
  }

  @Test
  void aLeaderAnswersAClientOnceItsEntryIsAppliedAndARetryIsAppliedOnce() {
    RaftNode leader = leader(RaftDisk.EMPTY);
    leader.onMessage("node-2", new Appended(1, true, 1), ENV); // the no-op commits
    RequestId first = new RequestId("c1", 1);
    Command incr = Command.incr("x").from("alice", 1);
    Effects<RaftMessage> asked = leader.onRequest(first, new RaftMessage.Submit(incr), ENV);
    assertThat(asked.replies()).isEmpty(); // not committed yet
    Effects<RaftMessage> done = leader.onMessage("node-3", new Appended(1, true, 2), ENV);
    assertThat(done.replies())
        .containsExactly(
            new Effects.Reply<>(first, new RaftMessage.Result(2, "x", "1", null), null));

    // The answer was lost; alice retries the same request id and gets the same answer.
    RequestId retry = new RequestId("c1", 2);
    leader.onRequest(retry, new RaftMessage.Submit(incr), ENV);
    Effects<RaftMessage> again = leader.onMessage("node-3", new Appended(1, true, 3), ENV);
    assertThat(again.replies().get(0).body().toString())
        .isEqualTo("x=1 at index 2 (a retry of alice#1, applied once; entry 3 skipped)");
    assertThat(leader.data()).containsEntry("x", "1");
  }

  @Test
  void aFollowerTurnsClientsAwayAndNamesTheLeader() {
    RaftNode f = node("node-2", RaftDisk.EMPTY);
    RequestId id = new RequestId("c1", 1);
    RaftMessage.Submit put = new RaftMessage.Submit(Command.put("x", "1"));
    assertThat(f.onRequest(id, put, ENV).replies().get(0).refusal())
        .isEqualTo("not the leader, and no leader is known in term 0; try again shortly");
    f.onMessage("node-3", new AppendEntries(2, "node-3", 0, 0, List.of(), 0), ENV);
    assertThat(f.onRequest(id, put, ENV).replies().get(0).refusal())
        .isEqualTo("not the leader; node-3 leads term 2");
  }

  @Test
  void aLeaderThatSeesALaterTermStepsDownAndTellsItsWaitingClients() {
    RaftNode leader = leader(RaftDisk.EMPTY);
    RequestId id = new RequestId("c1", 1);
    leader.onRequest(id, new RaftMessage.Submit(Command.put("x", "1")), ENV);
    Effects<RaftMessage> e = leader.onMessage("node-3", new Vote(7, false), ENV);
    assertThat(leader.role()).isEqualTo(Role.FOLLOWER);
    assertThat(events(e))
        .isEqualTo("steps down as leader, moves from term 1 to 7: node-3 answered from term 7");
    assertThat(e.replies().get(0).refusal())
        .isEqualTo(
            "lost leadership before entry 2 was committed; it may still commit, so retry with"
                + " the same request id");
    assertThat(e.timers()).extracting(Effects.TimerChange::name).contains("heartbeat", "election");
  }

  @Test
  void ignoresAnAppendEntriesFromAnOldTermAndTellsTheSenderTheNewOne() {
    RaftNode f = node("node-2", new RaftDisk(5, null, List.of()));
    Effects<RaftMessage> e =
        f.onMessage("node-1", new AppendEntries(3, "node-1", 0, 0, List.of(entry(3, "x")), 1), ENV);
    assertThat(sent(e)).containsExactly(new Appended(5, false, 0));
    assertThat(f.log()).isEmpty();
    assertThat(events(e))
        .isEqualTo(
            "rejects AppendEntries from node-1: its term 3 is behind ours, 5; it is no longer"
                + " leader");
  }
}
