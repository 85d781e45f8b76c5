package workshop.support.http;

/** The port a server was asked to bind is taken. The message says how to free it or avoid it. */
public final class PortInUseException extends RuntimeException {
  private final int port;

  public PortInUseException(String host, int port) {
    super(message(host, port));
    this.port = port;
  }

  public int port() {
    return port;
  }

  static String message(String host, int port) {
    String text =
        "Port "
            + port
            + " on "
            + host
            + " is already in use (another node still running?). Free it with `./workshop down`"
            + " or `lsof -i :"
            + port
            + "` then `kill <PID>`, or choose another port with --port.";
    if (port == 5000) {
      text +=
          " On macOS, AirPlay Receiver holds port 5000: turn it off in System Settings > General"
              + " > AirDrop & Handoff, or use --port 5050.";
    }
    return text;
  }
}
