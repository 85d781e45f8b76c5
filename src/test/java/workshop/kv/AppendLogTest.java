package workshop.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendLogTest {
  private static final WriteOp SET_A = new WriteOp.Set("a", b("1"), 0);
  private static final WriteOp SET_B = new WriteOp.Set("b", b("2"), 1_767_225_600_000L);
  private static final WriteOp DEL_A = new WriteOp.Del(List.of("a"));

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] log(WriteOp... writes) {
    RespWriter w = new RespWriter();
    for (WriteOp op : writes) {
      w.command(op.args());
    }
    return w.toByteArray();
  }

  @Test
  void aWholeLogGivesBackEveryWriteInOrder() {
    byte[] bytes = log(SET_A, SET_B, DEL_A);
    AppendLog.Loaded loaded = AppendLog.read(bytes);
    assertThat(loaded.writes()).hasSize(3);
    assertThat(loaded.writes().get(1))
        .isInstanceOfSatisfying(
            WriteOp.Set.class, s -> assertThat(s.expiresAtMillis()).isEqualTo(1_767_225_600_000L));
    assertThat(loaded.writes().get(2)).isEqualTo(DEL_A);
    assertThat(loaded.validBytes()).isEqualTo(bytes.length);
    assertThat(loaded.droppedBytes()).isZero();
  }

  @Test
  void replayingTheLogReachesTheSameOffsetAsTheFileLength() {
    byte[] bytes = log(SET_A, SET_B, DEL_A);
    Keyspace keys = new Keyspace();
    AppendLog.read(bytes).writes().forEach(w -> keys.apply(keys.sequence(w)));
    assertThat(keys.offset()).isEqualTo(bytes.length);
    assertThat(keys.get("b", 0)).isEqualTo(b("2"));
  }

  @Test
  void everyCutInsideTheLastRecordKeepsTheCompleteOnesAndSaysHowManyBytesWentWithIt() {
    byte[] whole = log(SET_A, SET_B);
    int firstEnd = log(SET_A).length;
    for (int cut = firstEnd + 1; cut < whole.length; cut++) {
      AppendLog.Loaded loaded = AppendLog.read(Arrays.copyOf(whole, cut));
      assertThat(loaded.writes()).as("cut at " + cut).containsExactly(SET_A);
      assertThat(loaded.validBytes()).isEqualTo(firstEnd);
      assertThat(loaded.droppedBytes()).isEqualTo(cut - firstEnd);
    }
  }

  @Test
  void corruptionInTheMiddleIsRefusedNamingItsOffset() {
    byte[] bytes = log(SET_A, SET_B, DEL_A);
    int second = log(SET_A).length;
    bytes[second] = '#';
    assertThatThrownBy(() -> AppendLog.read(bytes))
        .isInstanceOfSatisfying(
            AppendLog.CorruptLog.class, e -> assertThat(e.offset()).isEqualTo(second))
        .hasMessage(
            "the append-only log is corrupt at byte offset 27: expected '*' to start a record,"
                + " found byte 0x23");
  }

  @Test
  void aCompleteRecordThatIsNoWriteOfOursIsCorruption() {
    byte[] bytes = new RespWriter().command(List.of(b("FLUSHALL"))).toByteArray();
    assertThatThrownBy(() -> AppendLog.read(bytes))
        .hasMessageContaining("offset 0: a record that is not a SET or DEL this server wrote");
    byte[] badLength = b("*1\r\n$x\r\n");
    assertThatThrownBy(() -> AppendLog.read(badLength))
        .hasMessageContaining("offset 0: Protocol error: invalid bulk length");
  }

  @Test
  void anApplyThatDoesNotFollowTheLastOffsetIsRefused() {
    Keyspace keys = new Keyspace();
    Operation first = keys.sequence(SET_A);
    keys.apply(first);
    assertThatThrownBy(() -> keys.apply(first))
        .hasMessage(
            "operation ending at offset 27 does not follow offset 27 (a 27-byte write would end"
                + " at 54)");
  }
}
