package workshop.support.http;

/**
 * A request that cannot be served, with the status, a short machine-readable code and a sentence
 * that tells the caller what was wrong. Handlers throw it; the server turns it into a JSON answer
 * {@code {"error": code, "detail": detail, "status": status}}.
 */
public final class HttpError extends RuntimeException {
  private final int status;
  private final String code;

  public HttpError(int status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  public static HttpError badRequest(String detail) {
    return new HttpError(400, "bad_request", detail);
  }

  public static HttpError unprocessable(String detail) {
    return new HttpError(422, "invalid_field", detail);
  }

  public static HttpError notFound(String detail) {
    return new HttpError(404, "not_found", detail);
  }

  public static HttpError conflict(String detail) {
    return new HttpError(409, "conflict", detail);
  }

  public static HttpError unavailable(String detail) {
    return new HttpError(503, "unavailable", detail);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public Response toResponse() {
    return Response.error(status, code, getMessage());
  }
}
