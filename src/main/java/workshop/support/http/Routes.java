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
 *
 * <p>A route may be guarded ({@link Guard}): on a server that listens beyond this machine it
 * answers only callers that send the server's token ({@link AdminToken}), and such a server will
 * not start without one. On loopback a guarded route answers anyone, as every route does.
 */
public final class Routes implements Handler {
  /** Who may call a route on a server that listens beyond this machine. */
  public enum Guard {
    /** Anyone: reads, and the writes a student's client makes. */
    OPEN(null),
    /**
     * Only the cluster's own members, which prove the token: heartbeats, goodbyes, replication and
     * anti-entropy between nodes. A stranger who could heartbeat would be sent the cluster's data
     * and calls; one who could replicate could overwrite it.
     */
    MEMBERS("is how this cluster's members reach each other"),
    /** Only callers with the token: the route stops, breaks, heals, moves or deletes things. */
    DESTRUCTIVE("stops, breaks, heals, moves or deletes things");

    private final String what;

    Guard(String what) {
      this.what = what;
    }
  }

  private record Route(
      String method, String pattern, List<String> segments, Handler handler, Guard guard) {}

  private final List<Route> routes = new ArrayList<>();

  /** The server's token, loopback or not: requests that carry it have proved it. */
  private volatile String token;

  /** Whether guarded routes demand the token (the server listens beyond this machine). */
  private volatile boolean enforced;

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
    return add(method, pattern, handler, Guard.OPEN);
  }

  /**
   * A route that stops, breaks, heals, moves or deletes something (kill a node, inject or heal a
   * fault, move keys, delete a key): {@link Guard#DESTRUCTIVE}.
   */
  public Routes destructive(String method, String pattern, Handler handler) {
    return add(method, pattern, handler, Guard.DESTRUCTIVE);
  }

  /**
   * Guards a route added earlier (by a protocol host, say) with {@code guard}.
   *
   * @throws IllegalArgumentException when no route answers that method and exact pattern
   */
  public Routes guard(String method, String pattern, Guard guard) {
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      if (r.method.equals(method) && r.pattern.equals(pattern)) {
        routes.set(i, new Route(r.method, r.pattern, r.segments, r.handler, guard));
        return this;
      }
    }
    throw new IllegalArgumentException("no route " + method + " " + pattern + " to guard");
  }

  private Routes add(String method, String pattern, Handler handler, Guard guard) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a route starts with '/': " + pattern);
    }
    routes.add(new Route(method, pattern, Request.segments(pattern), handler, guard));
    return this;
  }

  /** The guarded routes, as "METHOD /path". */
  List<String> guardedRoutes() {
    return routes.stream()
        .filter(r -> r.guard != Guard.OPEN)
        .map(r -> r.method + " " + r.pattern)
        .toList();
  }

  /**
   * The server's token ({@code null}: none), and whether guarded routes demand it. Requests that
   * carry it are marked {@link Request#provedToken} either way.
   */
  void token(String token, boolean enforced) {
    this.token = token;
    this.enforced = enforced && token != null;
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
        boolean proved =
            expected != null && AdminToken.matches(expected, request.header(AdminToken.HEADER));
        request.provedToken(proved);
        if (route.guard != Guard.OPEN && enforced && !proved) {
          return refusal(route, request.header(AdminToken.HEADER) != null);
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

  private static Response refusal(Route route, boolean wrongToken) {
    return Response.error(
        403,
        "token_required",
        route.method
            + " "
            + route.pattern
            + " "
            + route.guard.what
            + ", and this server listens beyond its machine: "
            + (wrongToken
                ? "the " + AdminToken.HEADER + " sent is not this server's " + AdminToken.ENV
                : "send the header " + AdminToken.HEADER + " with the value of " + AdminToken.ENV)
            + " ("
            + (route.guard == Guard.MEMBERS
                ? "set "
                    + AdminToken.ENV
                    + " to the cluster's secret where the node starts:"
                    + " workshop nodes send it to their --registry and to the members it vouches"
                    + " for"
                : "workshop commands send it to the server they are given when it is set")
            + ")");
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
