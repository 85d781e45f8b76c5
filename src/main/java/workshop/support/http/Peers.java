package workshop.support.http;

/** How workshop processes name themselves to each other on the wire. */
public final class Peers {
  /**
   * Set by workshop clients on every outbound call to name the caller (for example {@code node-2}
   * or {@code 127.0.0.1:5002}). Servers use it to apply fault rules by peer and to tell clients
   * apart when many share one address.
   */
  public static final String HEADER = "X-Workshop-Peer";

  /**
   * Set by a process's fault layer on the calls it makes: its name among the processes {@code
   * ./workshop net} knows ({@code node-1}), followed by {@code ; decided} when the caller has
   * already applied the faults in force to the call, so the callee lets it pass. See {@link
   * FaultPolicy#mark}.
   */
  public static final String NET_HEADER = "X-Workshop-Net";

  private Peers() {}
}
