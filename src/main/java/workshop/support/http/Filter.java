package workshop.support.http;

/**
 * Wraps every request on a server: rate limiting, request counting, fault injection. A filter calls
 * {@code next.handle(request)} to go on, or answers itself to stop the request there.
 */
@FunctionalInterface
public interface Filter {
  Response apply(Request request, Handler next) throws Exception;
}
