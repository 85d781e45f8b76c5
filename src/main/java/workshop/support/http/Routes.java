package workshop.support.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes of one server, listed in one place: {@code new Routes().get("/data/{key}",
 * this::read)}. A segment in braces matches any one non-empty path segment and is available as
 * {@link Request#pathParam}. An unknown path answers 404 and a known path with another method 405,
 * both as JSON.
 */
public final class Routes implements Handler {
  private record Route(
      String method, String pattern, List<String> segments, Handler handler, boolean destructive) {}

  private final List<Route> routes = new ArrayList<>();
  private volatile String token;

  public Routes get(String pattern, Handler handler) {
    return add("GET", pattern, handler);
  }

  public Routes post(String pattern, Handler handler) {
    return add("POST", pattern, handler);
  }

  public Routes put(String pattern, Handler handler) {
    return add("PUT", pattern, handler);
  }

  public Routes delete(String pattern, Handler handler) {
    return add("DELETE", pattern, handler);
  }

  public Routes add(String method, String pattern, Handler handler) {
    return add(method, pattern, handler, false);
  }

  /**
   * A route that stops or breaks something (kill a node, inject a fault). On a server that listens
   * beyond this machine it answers only callers that send {@link AdminToken#HEADER}.
   */
  public Routes destructive(String method, String pattern, Handler handler) {
    return add(method, pattern, handler, true);
  }

  private Routes add(String method, String pattern, Handler handler, boolean destructive) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a route starts with '/': " + pattern);
    }
    routes.add(new Route(method, pattern, Request.segments(pattern), handler, destructive));
    return this;
  }

  /** The destructive routes, as "METHOD /path". */
  List<String> destructiveRoutes() {
    return routes.stream().filter(Route::destructive).map(r -> r.method + " " + r.pattern).toList();
  }

  /** From now on destructive routes answer only requests carrying {@code token}. */
  void requireToken(String token) {
    this.token = token;
  }

  /** True when some route already answers this method and exact pattern. */
  public boolean has(String method, String pattern) {
    return routes.stream().anyMatch(r -> r.method.equals(method) && r.pattern.equals(pattern));
  }

  /** The patterns in the order they were added, as "METHOD /path". */
  public List<String> list() {
    return routes.stream().map(r -> r.method + " " + r.pattern).toList();
  }

  @Override
  public Response handle(Request request) throws Exception {
    List<String> path = Request.segments(request.path());
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> params = match(route.segments, path);
      if (params == null) {
        continue;
      }
      String method = request.method();
      boolean same =
          route.method.equals(method) || ("HEAD".equals(method) && "GET".equals(route.method));
      if (same) {
        String expected = token;
        if (route.destructive
            && expected != null
            && !AdminToken.matches(expected, request.header(AdminToken.HEADER))) {
          return Response.error(
              403,
              "token_required",
              route.method
                  + " "
                  + route.pattern
                  + " stops or breaks things and this server listens beyond its machine: send"
                  + " the header "
                  + AdminToken.HEADER
                  + " with the value of "
                  + AdminToken.ENV
                  + " (workshop commands do when it is set)");
        }
        request.pathParams(params);
        return route.handler.handle(request);
      }
      allowed.add(route.method);
    }
    if (!allowed.isEmpty()) {
      return Response.error(
              405,
              "method_not_allowed",
              request.method()
                  + " is not allowed on "
                  + request.path()
                  + "; use "
                  + String.join(" or ", allowed))
          .withHeader("Allow", String.join(", ", allowed));
    }
    return Response.error(
        404,
        "unknown_path",
        "no route for "
            + request.method()
            + " "
            + request.path()
            + "; this server answers "
            + String.join(", ", list()));
  }

  private static Map<String, String> match(List<String> pattern, List<String> path) {
    if (pattern.size() != path.size()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String want = pattern.get(i);
      String got = path.get(i);
      if (want.startsWith("{") && want.endsWith("}")) {
        if (got.isEmpty()) {
          return null;
        }
        params.put(want.substring(1, want.length() - 1), Request.decode(got));
      } else if (!want.equals(got)) {
        return null;
      }
    }
    return params;
  }
}
