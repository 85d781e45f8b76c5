package workshop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EffectsTest {
  record Wrapped(String inner) {}

  @Test
  void mappingWrapsSendsAndRepliesAndKeepsTimersRefusalsStateAndEvents() {
    RequestId asked = new RequestId("c1", 1);
    RequestId refused = new RequestId("c1", 2);
    Effects<String> inner =
        Effects.<String>builder()
            .send("registry", "beat")
            .setTimer("heartbeat", Duration.ofSeconds(2))
            .reply(asked, "done")
            .refuse(refused, "no")
            .event("what", "why")
            .build();
    Effects<Wrapped> outer = inner.map(Wrapped::new);
    assertThat(outer.sends()).containsExactly(new Effects.Send<>("registry", new Wrapped("beat")));
    assertThat(outer.replies())
        .containsExactly(
            new Effects.Reply<>(asked, new Wrapped("done"), null),
            new Effects.Reply<>(refused, null, "no"));
    assertThat(outer.timers()).isEqualTo(inner.timers());
    assertThat(outer.events()).isEqualTo(inner.events());
  }
}
