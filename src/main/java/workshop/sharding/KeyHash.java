package workshop.sharding;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a string's UTF-8 bytes, read as an unsigned 256-bit number: the one hash every
 * strategy in this package uses, exactly as the original workshop did ({@code
 * int(hashlib.sha256(key.encode()).hexdigest(), 16)}). Keeping all 256 bits (not a truncated {@code
 * long}) is what makes the original's 746 and 246 come out exactly.
 *
 * <p>An instance reuses one {@link MessageDigest}, which is what makes a million keys fast. Not
 * thread-safe; callers serialize access or make one each.
 */
public final class KeyHash {
  private final MessageDigest sha256;

  public KeyHash() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest's contract).
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The hash of {@code text} as a number in [0, 2^256). */
  public BigInteger hash(String text) {
    return new BigInteger(1, sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** One-off convenience; loops should keep a {@link KeyHash} instead. */
  public static BigInteger of(String text) {
    return new KeyHash().hash(text);
  }
}
