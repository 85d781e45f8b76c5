package workshop.support.cli;

import picocli.CommandLine.Option;
import workshop.support.http.Advertised;

/**
 * {@code --advertise URL|HOST[:PORT]}, shared by every command whose server tells others where to
 * reach it (a capstone node tells its registry, a gossip node names itself to its neighbours): mix
 * it in with {@code @Mixin AdvertiseOption advertise;}. Without it, a server on {@code --host
 * 0.0.0.0} advertises this machine's network address ({@link Advertised}).
 */
public final class AdvertiseOption {
  @Option(
      names = "--advertise",
      paramLabel = "URL|HOST[:PORT]",
      description =
          "Where other machines reach this server, as it tells its peers (default: 127.0.0.1, or"
              + " with --host 0.0.0.0 this machine's network address).")
  String advertise;

  /** The value given, checked, or null; a {@link UserError} when it is not a URL or HOST[:PORT]. */
  public String value(int port) {
    if (advertise == null) {
      return null;
    }
    try {
      Advertised.parse(advertise, Math.max(1, port));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return advertise;
  }
}
