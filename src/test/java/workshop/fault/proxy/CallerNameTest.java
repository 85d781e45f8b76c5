package workshop.fault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallerNameTest {
  private static String of(String chunk) {
    byte[] b = chunk.getBytes(StandardCharsets.ISO_8859_1);
    return CallerName.of(b, b.length, "127.0.0.1:40000");
  }

  @Test
  void aWorkshopCallIsNamedByItsMarkWithOrWithoutTheDecidedSuffix() {
    assertThat(of("GET / HTTP/1.1\r\nHost: x\r\nX-Workshop-Net: node-1\r\n\r\n"))
        .isEqualTo("node-1");
    assertThat(of("POST /data HTTP/1.1\r\nx-workshop-net: Node-2; decided\r\n\r\n{}"))
        .isEqualTo("Node-2");
  }

  @Test
  void anythingElseIsNamedByItsAddress() {
    assertThat(of("*1\r\n$4\r\nPING\r\n")).isEqualTo("127.0.0.1:40000"); // Redis
    assertThat(of("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo("127.0.0.1:40000");
    // A mark in the body is not a header.
    assertThat(of("POST / HTTP/1.1\r\nHost: x\r\n\r\nX-Workshop-Net: node-1\r\n"))
        .isEqualTo("127.0.0.1:40000");
  }

  @Test
  void aHostileMarkIsNotTakenAsAName() {
    assertThat(of("GET / HTTP/1.1\r\nX-Workshop-Net: a b c\r\n\r\n")).isEqualTo("127.0.0.1:40000");
    assertThat(of("GET / HTTP/1.1\r\nX-Workshop-Net: " + "n".repeat(500) + "\r\n\r\n"))
        .isEqualTo("127.0.0.1:40000");
    assertThat(of("GET / HTTP/1.1\r\nX-Workshop-Net: ../../etc\r\n\r\n"))
        .isEqualTo("127.0.0.1:40000");
  }
}
