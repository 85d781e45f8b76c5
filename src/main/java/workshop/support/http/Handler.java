package workshop.support.http;

/** Turns a request into a response. Throw {@link HttpError} for bad input. */
@FunctionalInterface
public interface Handler {
  Response handle(Request request) throws Exception;
}
