package workshop.node.http;

import java.util.concurrent.Callable;
import workshop.support.http.Response;

/**
 * Where a node's data requests are worked on: its simulated CPU ({@link SimulatedProcessor}) or
 * this machine's cores ({@link RealProcessor}). Either way at most {@code --workers} requests are
 * worked on at once and the rest wait, first come, first served.
 */
interface Processor extends AutoCloseable {
  /**
   * Does the request's {@code --load-factor} work, then runs {@code answer} and returns its result.
   *
   * @throws workshop.support.http.HttpError 503 when too many requests already wait
   */
  Response run(Callable<Response> answer) throws Exception;

  /** Requests holding a worker now. */
  int working();

  /** Requests waiting for a worker now. */
  int queued();

  /** The {@code "cpu"} object of {@code GET /stats}. */
  Object stats();

  @Override
  void close();
}
