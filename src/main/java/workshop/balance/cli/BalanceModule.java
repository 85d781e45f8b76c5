package workshop.balance.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;
import workshop.node.cli.NodesModule;
import workshop.ratelimit.cli.RateLimitVizCommand;

/**
 * Module 02, Load Balancing & Rate Limiting: the three nodes behind a balancer on 8080, and one
 * rate-limited node on 5004. The rate limiter is a concept of its own ({@code ratelimit/}); this
 * module is where the manual teaches it, so its view is listed here.
 */
public final class BalanceModule {
  private BalanceModule() {}

  public static WorkshopModule descriptor() {
    return NodesModule.threeNodes(
            WorkshopModule.builder("02", "Load Balancing & Rate Limiting", Track.CORE))
        .process("lb", "lb", "--port", "8080")
        .process(
            "node-limited",
            "node",
            "--port",
            "5004",
            "--id",
            "4",
            "--rate-limit",
            "5",
            "--burst",
            "5")
        .hint("curl -i http://localhost:8080/    (see X-Backend change on every call)")
        .hint("curl http://localhost:8080/lb/stats")
        .hint("./workshop viz load-balance")
        .hint("./workshop client --concurrent 20 --target http://localhost:8080")
        .hint(
            "./workshop viz rate-limit    (good user vs bad actor on the rate-limited node"
                + " 5004)")
        .verify(BalanceCheck::new)
        .commands(LbCommand.class)
        .views(LoadBalanceVizCommand.class, RateLimitVizCommand.class)
        .build();
  }
}
