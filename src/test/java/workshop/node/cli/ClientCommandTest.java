package workshop.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.load.LoadGenerator;

class ClientCommandTest {
  @Test
  void acceptsPortsHostPortsAndUrls() {
    assertThat(ClientCommand.normalize("5002")).isEqualTo("http://localhost:5002");
    assertThat(ClientCommand.normalize("localhost:5002/")).isEqualTo("http://localhost:5002");
    assertThat(ClientCommand.normalize("http://127.0.0.1:5002")).isEqualTo("http://127.0.0.1:5002");
    assertThatThrownBy(() -> ClientCommand.normalize("http://x:99999"))
        .isInstanceOf(UserError.class);
  }

  @Test
  void printsTheOriginalPerRequestLine() {
    assertThat(
            ClientCommand.line(
                new LoadGenerator.Outcome("http://localhost:5001", 200, 12.34, "4", null)))
        .isEqualTo("✅ [http://localhost:5001] 200 | Latency: 12.3ms | Active: 4");
    CallFailure f =
        new CallFailure(CallFailure.Kind.TIMEOUT, "u", "no answer from x within 5000 ms", null);
    assertThat(ClientCommand.line(new LoadGenerator.Outcome("http://x", 0, 5000, null, f)))
        .isEqualTo("❌ [http://x] timeout after 5000.0ms: no answer from x within 5000 ms");
  }
}
