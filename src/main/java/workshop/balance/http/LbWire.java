package workshop.balance.http;

import java.util.List;
import workshop.support.json.Json;

/**
 * Module 02's balancer on the wire: its {@code GET /lb/stats}, as the view and the check read it.
 */
public final class LbWire {
  private LbWire() {}

  /**
   * The balancer's counters.
   *
   * @param rate_limit the limiter's own counters when {@code --rate-limit} is on, else null
   */
  public record Stats(
      String strategy,
      long requests,
      @Json.Optional Object rate_limit,
      long uptime_seconds,
      List<Backend> backends) {}

  /** One backend: its health, traffic and latency (milliseconds; EWMA of the last few answers). */
  public record Backend(
      String url,
      boolean healthy,
      int weight,
      long requests,
      long errors,
      int in_flight,
      double p50_ms,
      double p99_ms,
      double ewma_ms) {}
}
