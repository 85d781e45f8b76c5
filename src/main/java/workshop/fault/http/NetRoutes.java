package workshop.fault.http;

import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;

/**
 * The routes a process's fault layer adds to its server. They are never held by the faults or a
 * pause (so a partitioned or paused process can always be healed and resumed), and off loopback
 * they demand the admin token, as every destructive route does.
 *
 * <pre>
 * GET  /fault/net      what is in force here, each fault with what it does to a call
 * POST /fault/net      {"faults": [...], "nodes": {"node-1": "127.0.0.1:5001", ...}, "seed": 7}
 *                      replaces everything in force; 422 naming the fault refused, and why
 * POST /fault/pause    answers nothing else and sends nothing, timers stopped
 * POST /fault/resume   what waited goes on, in the order it came
 * </pre>
 */
final class NetRoutes {
  private final NetFaults net;

  NetRoutes(NetFaults net) {
    this.net = net;
  }

  void addTo(Routes routes) {
    routes
        .get(NetFaults.PATH, r -> Response.ok(net.state()))
        .destructive("POST", NetFaults.PATH, this::rules)
        .destructive("POST", "/fault/pause", r -> paused(net.pause(), "paused"))
        .destructive("POST", "/fault/resume", r -> paused(net.resume(), "resumed"));
  }

  private Response rules(Request request) {
    NetWire.Rules rules = request.read(NetWire.Rules.class);
    try {
      return Response.ok(net.install(rules));
    } catch (IllegalArgumentException e) {
      throw HttpError.unprocessable(e.getMessage());
    }
  }

  private Response paused(boolean changed, String what) {
    boolean now = net.paused();
    String said = changed ? what : now ? "was paused already" : "was not paused";
    return Response.ok(new NetWire.Paused(net.name(), now, net.name() + " " + said));
  }
}
