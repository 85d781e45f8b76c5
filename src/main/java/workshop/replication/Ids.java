package workshop.replication;

import java.util.random.RandomGenerator;

/** Replication ids: 40 hexadecimal characters, as Redis's {@code master_replid}. */
final class Ids {
  private Ids() {}

  static String next(RandomGenerator random) {
    StringBuilder id = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      id.append(Character.forDigit(random.nextInt(16), 16));
    }
    return id.toString();
  }

  /** The first 6 characters, enough to tell histories apart in an event. */
  static String brief(String id) {
    return id.length() > 6 ? id.substring(0, 6) : id;
  }
}
