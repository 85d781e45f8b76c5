package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http10ReaderTest {
  private static Http10Reader reading(String text) {
    byte[][] once = {text.getBytes(StandardCharsets.US_ASCII)};
    return new Http10Reader(
        () -> {
          byte[] b = once[0];
          once[0] = null;
          return b;
        });
  }

  private static String line(Http10Reader reader) throws Exception {
    int eol = reader.findNewLine(1024);
    String text = new String(reader.readBytes(eol), StandardCharsets.US_ASCII);
    reader.skip(2);
    return text;
  }

  @Test
  void handsAnHttp10RequestLineOverAsHttp11AndRemembersIt() throws Exception {
    Http10Reader reader = reading("GET / HTTP/1.0\r\nConnection: x HTTP/1.0\r\n");

    assertThat(line(reader)).isEqualTo("GET / HTTP/1.1");
    assertThat(reader.http10()).isTrue();
    // Within the head, only the request line is changed.
    assertThat(line(reader)).isEqualTo("Connection: x HTTP/1.0");
  }

  @Test
  void leavesOtherVersionsAloneAndForgetsTheLastRequestsVersion() throws Exception {
    Http10Reader reader = reading("GET / HTTP/1.0\r\nGET / HTTP/1.1\r\nPRI * HTTP/2.0\r\n");

    line(reader);
    reader.nextRequest();
    assertThat(line(reader)).isEqualTo("GET / HTTP/1.1");
    assertThat(reader.http10()).isFalse();
    reader.nextRequest();
    assertThat(line(reader)).isEqualTo("PRI * HTTP/2.0");
    assertThat(reader.http10()).isFalse();
  }

  @Test
  void anHttp10AnswerClosesUnlessTheRequestAskedForKeepAlive() {
    Response ok = Response.ok("x");

    assertThat(Http10.answer(ok, null).header("Connection")).isEqualTo("close");
    assertThat(Http10.answer(ok, List.of("Keep-Alive")).header("Connection"))
        .isEqualTo("keep-alive");
    assertThat(Http10.answer(ok, List.of("TE, keep-alive")).header("Connection"))
        .isEqualTo("keep-alive");
    assertThat(Http10.answer(ok, List.of("keep-alive-ish")).header("Connection"))
        .isEqualTo("close");
    // An answer that closes anyway (a 413 mid-body) stays closing.
    assertThat(
            Http10.answer(ok.withHeader("Connection", "close"), List.of("keep-alive"))
                .header("Connection"))
        .isEqualTo("close");
  }
}
