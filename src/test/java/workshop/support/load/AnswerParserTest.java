package workshop.support.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnswerParserTest {
  private static final String OK =
      "HTTP/1.1 200 OK\r\nServer: helidon\r\nContent-Length: 5\r\nx-active-requests:  3 \r\n\r\nhello";

  @Test
  void readsAnAnswerThatArrivesOneByteAtATime() throws Exception {
    AnswerParser p = new AnswerParser("Server", "X-Active-Requests");
    ByteBuffer in = bytes(OK);
    boolean done = false;
    for (int i = 0; i < in.capacity(); i++) {
      assertThat(done).as("complete before byte %d", i).isFalse();
      done = p.feed(in.slice(i, 1));
    }
    assertThat(done).isTrue();
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.keepAlive()).isTrue();
    // Everything but the 5 bytes of "hello" is head: 84 bytes on the wire in all.
    assertThat(p.bodyBytes()).isEqualTo(5);
    assertThat(p.headBytes()).isEqualTo(OK.length() - 5);
    // Names match whatever their case; values are trimmed.
    assertThat(p.header(0)).isEqualTo("helidon");
    assertThat(p.header(1)).isEqualTo("3");
  }

  @Test
  void leavesTheBytesAfterTheAnswerUnread() throws Exception {
    AnswerParser p = new AnswerParser();
    ByteBuffer in = bytes(OK + "HTTP/1.1 200 OK\r\n");
    assertThat(p.feed(in)).isTrue();
    assertThat(in.remaining()).isEqualTo("HTTP/1.1 200 OK\r\n".length());
  }

  @Test
  void startsAfreshAfterReset() throws Exception {
    AnswerParser p = new AnswerParser("Server");
    p.feed(bytes(OK));
    p.reset(false);
    assertThat(p.started()).isFalse();
    assertThat(p.feed(bytes("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n"))).isTrue();
    assertThat(p.status()).isEqualTo(503);
    assertThat(p.header(0)).isNull();
    assertThat(p.bodyBytes()).isZero();
  }

  @Test
  void decodesAChunkedBodyWithExtensionsAndTrailers() throws Exception {
    AnswerParser p = new AnswerParser();
    String answer =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "A\r\n0123456789\r\n"
            + "0\r\nX-Trailer: yes\r\n\r\n";
    ByteBuffer in = bytes(answer);
    for (int i = 0; i < in.capacity(); i += 7) {
      p.feed(in.slice(i, Math.min(7, in.capacity() - i)));
    }
    assertThat(p.closed()).as("complete without the connection closing").isTrue();
    // 5 + 10 bytes of content; the sizes, CRLFs and trailer count as framing.
    assertThat(p.bodyBytes()).isEqualTo(15);
    assertThat(p.headBytes() + p.bodyBytes()).isEqualTo(answer.length());
  }

  @Test
  void aBodyWithoutLengthEndsWhenTheServerCloses() throws Exception {
    AnswerParser p = new AnswerParser();
    assertThat(p.feed(bytes("HTTP/1.1 200 OK\r\n\r\nsome bytes"))).isFalse();
    assertThat(p.keepAlive()).isFalse();
    assertThat(p.closed()).isTrue();
    assertThat(p.bodyBytes()).isEqualTo(10);
  }

  @Test
  void aHeadThatTheServerCutShortIsNotAnAnswer() throws Exception {
    AnswerParser p = new AnswerParser();
    assertThat(p.feed(bytes("HTTP/1.1 200 OK\r\nContent-Le"))).isFalse();
    assertThat(p.started()).isTrue();
    assertThat(p.closed()).isFalse();
  }

  @Test
  void saysWhenTheConnectionCannotBeKept() throws Exception {
    assertThat(keepAlive("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
        .isFalse();
    assertThat(
            keepAlive("HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n"))
        .isFalse();
    // HTTP/1.0 closes unless it says keep-alive.
    assertThat(keepAlive("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).isFalse();
    assertThat(keepAlive("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"))
        .isTrue();
  }

  @Test
  void noBodyFor204And304AndHeadAndInterimAnswersAreSkipped() throws Exception {
    AnswerParser p = new AnswerParser();
    assertThat(p.feed(bytes("HTTP/1.1 204 No Content\r\n\r\n"))).isTrue();
    p.reset(false);
    assertThat(p.feed(bytes("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n"))).isTrue();
    p.reset(true);
    assertThat(p.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"))).isTrue();
    assertThat(p.bodyBytes()).isZero();
    p.reset(false);
    assertThat(
            p.feed(
                bytes(
                    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}")))
        .isTrue();
    assertThat(p.status()).isEqualTo(201);
  }

  @Test
  void malformedAnswersSayWhatWasWrong() {
    String[][] cases = {
      {
        "SSH-2.0-OpenSSH_9.6\r\n",
        "does not start with HTTP/1.x and a status: 'SSH-2.0-OpenSSH_9.6'"
      },
      {"HTTP/2 200\r\n", "does not start with HTTP/1.x"},
      {"HTTP/1.1 20x OK\r\n", "does not start with HTTP/1.x"},
      {"HTTP/1.1 200OK\r\n", "does not start with HTTP/1.x"},
      {
        "HTTP/1.1 200 OK\r\nno colon here\r\n",
        "a header line has no name and colon: 'no colon here'"
      },
      {"HTTP/1.1 200 OK\r\n: empty name\r\n", "a header line has no name and colon"},
      {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n", "Content-Length is not a number of bytes"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n", "Content-Length is not a number of bytes"},
      {"HTTP/1.1 200 OK\r\nContent-Length:\r\n", "Content-Length is not a number of bytes"},
      {
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n",
        "Content-Length is not a number of bytes"
      },
      {
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n",
        "two Content-Length headers differ: 1 and 2"
      },
      {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "a chunk size is not a hex number: 'zz'"
      },
      {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n",
        "a chunk size is not a hex number"
      },
      {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        "a chunk is longer than its size says"
      },
      {
        "HTTP/1.1 200 OK\r\nX: " + "a".repeat(9000),
        "a line of the answer is longer than 8192 bytes"
      },
      {"HTTP/1.1 200 OK\r\n" + "X-Many: 1234567890\r\n".repeat(4000), "head is longer than 65536"},
      {"\u0000\u0001\u00ff\r\n", "does not start with HTTP/1.x and a status: '???'"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> new AnswerParser().feed(bytes(c[0])))
          .as(c[0].substring(0, Math.min(40, c[0].length())))
          .isInstanceOf(AnswerParser.Malformed.class)
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void scrambledAnswersAreMalformedOrIncompleteNeverAnotherError() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    String[] pieces = {
      "HTTP/1.1 ",
      "200 OK",
      "\r\n",
      "\n",
      "Content-Length: ",
      "7",
      "Transfer-Encoding: chunked",
      ":",
      " ",
      "0",
      "f",
      ";",
      "Connection: close",
      "\u0000",
      "\u00ff",
      "HTTP/1.0 101"
    };
    for (int round = 0; round < 500; round++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(1, 30);
      for (int i = 0; i < n; i++) {
        s.append(pieces[random.nextInt(pieces.length)]);
      }
      AnswerParser p = new AnswerParser("Server");
      try {
        if (p.feed(bytes(s.toString()))) {
          assertThat(p.status()).as("seed %d: %s", seed, s).isBetween(100, 999);
        }
      } catch (AnswerParser.Malformed expected) {
        assertThat(expected.getMessage()).as("seed %d", seed).isNotBlank();
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", answer '" + s + "'", e);
      }
    }
  }

  private static boolean keepAlive(String answer) throws AnswerParser.Malformed {
    AnswerParser p = new AnswerParser();
    assertThat(p.feed(bytes(answer))).isTrue();
    return p.keepAlive();
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
