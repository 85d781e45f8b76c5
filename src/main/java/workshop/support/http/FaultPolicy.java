package workshop.support.http;

/**
 * The seam through which a fault layer decides, per peer, what happens to every call a process
 * receives ({@link #inbound}) and makes ({@link #outbound}). {@link WebServer} asks it before
 * routing a request; {@link WebClient} and {@link KeepAliveClient} ask it before sending one. The
 * default lets everything through. Implementations must be thread-safe and fast: they sit on every
 * call.
 *
 * <p>A layer may also name the process to the servers it calls ({@link #mark}, sent as {@value
 * Peers#NET_HEADER}), add the routes that control it to the server it is given to ({@link
 * #addRoutes}), say what is in force for {@code /health} ({@link #describe}), and tell the parts of
 * a process that keep time when the layer pauses it from within ({@link #onPause}).
 */
public interface FaultPolicy {
  FaultPolicy NONE =
      new FaultPolicy() {
        @Override
        public FaultAction inbound(String fromPeer, String method, String path) {
          return FaultAction.PASS;
        }

        @Override
        public FaultAction outbound(String toPeer, String method, String path) {
          return FaultAction.PASS;
        }
      };

  /**
   * @param fromPeer the caller as named by {@link Request#peer()}
   */
  FaultAction inbound(String fromPeer, String method, String path);

  /**
   * The inbound decision with the caller's {@value Peers#NET_HEADER}, which {@link WebServer} asks.
   *
   * @param net the header's value, or null when the caller sent none
   */
  default FaultAction inbound(String fromPeer, String net, String method, String path) {
    return inbound(fromPeer, method, path);
  }

  /**
   * @param toPeer the callee as "host:port"
   */
  FaultAction outbound(String toPeer, String method, String path);

  /** What to send as {@value Peers#NET_HEADER} on a call to {@code toPeer}, or null for nothing. */
  default String mark(String toPeer) {
    return null;
  }

  /** Adds the layer's own routes to the server it is given to, before the server starts. */
  default void addRoutes(Routes routes) {}

  /** What is in force, as a JSON-able value for {@code /health}'s {@code faults}; null: nothing. */
  default Object describe() {
    return null;
  }

  /**
   * Asks to be told when the layer pauses this process from within (where the operating system
   * cannot stop it): {@code pause} on pausing, {@code resume} on resuming. A part with timers of
   * its own (the protocol runner) registers, so that it stops ticking too.
   */
  default void onPause(Runnable pause, Runnable resume) {}
}
