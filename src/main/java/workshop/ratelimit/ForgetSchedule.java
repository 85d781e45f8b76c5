package workshop.ratelimit;

/**
 * When a limiter should look for idle clients to forget: once it tracks {@link
 * RateLimiter#FORGET_IDLE_ABOVE} clients, and after that only when the count has doubled since the
 * last look. A look costs one pass over the clients, so the cost per request stays constant even
 * when every client is active.
 */
final class ForgetSchedule {
  private int nextAt = RateLimiter.FORGET_IDLE_ABOVE;

  boolean due(int tracked) {
    return tracked >= nextAt;
  }

  void looked(int trackedAfter) {
    nextAt = Math.max(RateLimiter.FORGET_IDLE_ABOVE, 2 * trackedAfter);
  }
}
