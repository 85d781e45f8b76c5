package workshop.protocol;

/**
 * Names one client request so that a node can answer it later: {@code client} is who asked (a
 * process name such as {@code c1}, or {@code http} for a request that came in over HTTP) and {@code
 * number} counts that client's requests. Printed as {@code c1#3}.
 */
public record RequestId(String client, long number) {
  @Override
  public String toString() {
    return client + "#" + number;
  }
}
