package workshop.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> words(RespDecoder.Frame frame) {
    assertThat(frame).isInstanceOf(RespDecoder.Command.class);
    return ((RespDecoder.Command) frame)
        .args().stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
  }

  private static RespDecoder.Frame decode(String input) {
    RespDecoder d = new RespDecoder();
    d.feed(b(input), 0, input.length());
    return d.next();
  }

  private static String error(String input) {
    RespDecoder.Frame frame = decode(input);
    assertThat(frame).isInstanceOf(RespDecoder.Invalid.class);
    return ((RespDecoder.Invalid) frame).message();
  }

  @Test
  void anArrayOfBulkStringsIsOneCommand() {
    assertThat(words(decode("*2\r\n$3\r\nGET\r\n$6\r\nuser_1\r\n")))
        .containsExactly("GET", "user_1");
  }

  @Test
  void pipelinedCommandsInOneReadComeOutOneByOne() {
    RespDecoder d = new RespDecoder();
    byte[] three = b("*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n");
    d.feed(three, 0, three.length);
    assertThat(words(d.next())).containsExactly("PING");
    assertThat(words(d.next())).containsExactly("PING");
    assertThat(words(d.next())).containsExactly("ECHO", "hi");
    assertThat(d.next()).isInstanceOf(RespDecoder.NeedMore.class);
    assertThat(d.buffered()).isZero();
  }

  @Test
  void inlineCommandsSplitOnBlanksAndHonourQuotes() {
    assertThat(words(decode("set  greeting \"hello\\tworld\\x21\"\n")))
        .containsExactly("set", "greeting", "hello\tworld!");
    assertThat(words(decode("SET k 'it\\'s'\r\n"))).containsExactly("SET", "k", "it's");
    assertThat(words(decode("\r\n\r\nPING\r\n")))
        .as("empty lines are skipped")
        .containsExactly("PING");
    assertThat(error("SET k \"open\r\n")).isEqualTo("Protocol error: unbalanced quotes in request");
    assertThat(error("SET k \"a\"b\r\n")).isEqualTo("Protocol error: unbalanced quotes in request");
  }

  @Test
  void binaryDataPassesThroughUnchanged() {
    byte[] value = new byte[256];
    for (int i = 0; i < 256; i++) {
      value[i] = (byte) i;
    }
    byte[] frame = new RespWriter().command(List.of(b("SET"), b("k\r\n"), value)).toByteArray();
    RespDecoder d = new RespDecoder();
    d.feed(frame, 0, frame.length);
    List<byte[]> args = ((RespDecoder.Command) d.next()).args();
    assertThat(args.get(1)).isEqualTo(b("k\r\n"));
    assertThat(args.get(2)).isEqualTo(value);
  }

  @Test
  void malformedFramesGetRedisProtocolErrorsAndTheConnectionIsDone() {
    assertThat(error("*2\r\n$3\r\nGET\r\n+k\r\n"))
        .isEqualTo("Protocol error: expected '$', got '+'");
    assertThat(error("*x\r\n")).startsWith("Protocol error: invalid multibulk length");
    assertThat(error("*1\r\n$-5\r\n")).startsWith("Protocol error: invalid bulk length");
    assertThat(error("*1\r\n$abc\r\n")).startsWith("Protocol error: invalid bulk length");
    assertThat(error("*1\r\n$3\r\nGETX\r\n"))
        .isEqualTo("Protocol error: a bulk string of 3 bytes is not followed by CRLF");
    RespDecoder d = new RespDecoder();
    d.feed(b("*x\r\nPING\r\n"), 0, 10);
    d.next();
    assertThat(d.next())
        .as("nothing after bad input is trusted")
        .isInstanceOf(RespDecoder.Invalid.class);
  }

  @Test
  void oversizedBulkStringsArraysAndLinesAreRefusedBeforeTheyAreBuffered() {
    assertThat(error("*1\r\n$16777217\r\n"))
        .isEqualTo("Protocol error: invalid bulk length (at most 16777216 bytes)");
    assertThat(error("*1048577\r\n"))
        .isEqualTo("Protocol error: invalid multibulk length (at most 1048576 arguments)");
    RespDecoder big = new RespDecoder();
    byte[] header = b("$16000000\r\n");
    byte[] value = new byte[16_000_000];
    big.feed(b("*3\r\n"), 0, 4);
    for (int i = 0; i < 2; i++) {
      big.feed(header, 0, header.length);
      big.feed(value, 0, value.length);
      big.feed(b("\r\n"), 0, 2);
    }
    big.feed(header, 0, header.length);
    assertThat(big.next())
        .as("a third 16 MB argument passes the command's limit before it arrives")
        .isEqualTo(
            new RespDecoder.Invalid("Protocol error: a command of more than 33554432 bytes"));
    assertThat(error("x".repeat(RespDecoder.MAX_INLINE_BYTES + 1)))
        .isEqualTo("Protocol error: too big inline request");
    assertThat(error("*" + "1".repeat(RespDecoder.MAX_INLINE_BYTES + 1)))
        .isEqualTo("Protocol error: too big mbulk count string");
  }

  @Test
  void aHugeDeclaredArrayThatNeverArrivesAllocatesNothingUpFront() {
    assertThat(decode("*1048576\r\n$3\r\nSET\r\n")).isInstanceOf(RespDecoder.NeedMore.class);
  }

  @Test
  void anyChunkingOfAnyValidStreamGivesTheSameCommands() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      List<List<byte[]>> sent = new ArrayList<>();
      RespWriter w = new RespWriter();
      for (int c = 0, n = 1 + random.nextInt(8); c < n; c++) {
        List<byte[]> args = new ArrayList<>();
        for (int a = 0, m = 1 + random.nextInt(4); a < m; a++) {
          byte[] arg = new byte[random.nextInt(40)];
          random.nextBytes(arg);
          args.add(arg);
        }
        sent.add(args);
        w.command(args);
      }
      byte[] stream = w.toByteArray();
      RespDecoder d = new RespDecoder();
      List<List<byte[]>> got = new ArrayList<>();
      for (int i = 0; i < stream.length; ) {
        int chunk = Math.min(stream.length - i, 1 + random.nextInt(30));
        d.feed(stream, i, chunk);
        i += chunk;
        for (RespDecoder.Frame f = d.next(); f instanceof RespDecoder.Command c; f = d.next()) {
          got.add(c.args());
        }
      }
      assertThat(got).as("seed " + seed + ", round " + round).hasSameSizeAs(sent);
      for (int c = 0; c < sent.size(); c++) {
        assertThat(got.get(c)).as("seed " + seed).containsExactlyElementsOf(sent.get(c));
      }
    }
  }

  @Test
  void everyTruncationOfAValidFrameWaitsAndGarbageNeverThrows() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    byte[] frame = new RespWriter().command(List.of(b("SET"), b("key"), b("value"))).toByteArray();
    for (int cut = 0; cut < frame.length; cut++) {
      RespDecoder d = new RespDecoder();
      d.feed(frame, 0, cut);
      assertThat(d.next()).as("cut at " + cut).isInstanceOf(RespDecoder.NeedMore.class);
    }
    for (int round = 0; round < 2_000; round++) {
      byte[] garbage = new byte[random.nextInt(64)];
      random.nextBytes(garbage);
      if (random.nextBoolean() && garbage.length > 0) {
        garbage[0] = (byte) (random.nextBoolean() ? '*' : '$');
      }
      RespDecoder d = new RespDecoder();
      d.feed(garbage, 0, garbage.length);
      for (int i = 0; i < 10; i++) {
        RespDecoder.Frame f = d.next(); // a command, a wait or an error; never an exception
        assertThat(f).as("seed " + seed).isNotNull();
      }
    }
  }
}
