package workshop.support.http;

/**
 * The seam through which a fault layer decides, per peer, what happens to every call a process
 * receives ({@link #inbound}) and makes ({@link #outbound}). {@link WebServer} asks it before
 * routing a request; {@link WebClient} asks it before sending one. The default lets everything
 * through. Implementations must be thread-safe and fast: they sit on every call.
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
   * @param toPeer the callee as "host:port"
   */
  FaultAction outbound(String toPeer, String method, String path);
}
