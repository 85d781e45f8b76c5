package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebClientTest {
  @Test
  void classifiesNobodyListeningAsRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (WebClient c = WebClient.create(Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> c.get("http://127.0.0.1:" + port + "/health"))
          .isInstanceOfSatisfying(
              CallFailure.class,
              f -> {
                assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED);
                assertThat(f.getMessage()).isEqualTo("nothing is listening on 127.0.0.1:" + port);
              });
    }
  }

  @Test
  void classifiesASilentPeerAsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0);
        WebClient c = WebClient.create(Duration.ofMillis(200))) {
      assertThatThrownBy(() -> c.get("http://127.0.0.1:" + silent.getLocalPort() + "/"))
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT));
    }
  }

  @Test
  void outboundFaultsApplyBeforeSending() {
    FaultPolicy cut =
        new FaultPolicy() {
          @Override
          public FaultAction inbound(String fromPeer, String method, String path) {
            return FaultAction.PASS;
          }

          @Override
          public FaultAction outbound(String toPeer, String method, String path) {
            return new FaultAction.Reject("partitioned from " + toPeer);
          }
        };
    try (WebClient c = WebClient.builder().faults(cut).build()) {
      assertThatThrownBy(() -> c.get("http://127.0.0.1:1/health"))
          .hasMessage("127.0.0.1:1 refused the call (partitioned from 127.0.0.1:1)");
    }
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    try (WebClient c = WebClient.create(Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> c.get("ftp://x/y")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> c.get("not a url")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
