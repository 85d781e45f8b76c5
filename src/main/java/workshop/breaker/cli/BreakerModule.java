package workshop.breaker.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/**
 * Module 09, Circuit Breaker: a dependency on 9001 that fails, slows down and recovers on demand.
 */
public final class BreakerModule {
  private BreakerModule() {}

  public static WorkshopModule descriptor() {
    return WorkshopModule.builder("09", "Circuit Breaker", Track.CORE)
        .process("flaky-server", "flaky-server", "--port", "9001")
        .hint("./workshop viz breaker")
        .hint("curl -X POST http://localhost:9001/fail")
        .hint("curl -X POST http://localhost:9001/recover")
        .hint("curl -X POST 'http://localhost:9001/slow?ms=3000'")
        .verify(BreakerCheck::new)
        .commands(FlakyServerCommand.class)
        .views(BreakerVizCommand.class)
        .build();
  }
}
