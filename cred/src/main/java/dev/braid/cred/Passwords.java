package dev.braid.cred;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.braid.bytes.ByteString;
import java.util.regex.Pattern;

/**
 * bcrypt password hashes (through the {@code at.favre.lib:bcrypt} library), in the {@code
 * $2b$COST$SALTHASH} form that OpenBSD, htpasswd -B and Python's bcrypt read too. Hashing is slow
 * on purpose (2^cost rounds): never call these methods on the reactor thread; {@link
 * PasswordFileChecker} calls them on virtual threads. Stateless; any thread.
 */
public final class Passwords {
  /** The cost used when none is given: 2^12 rounds, about a quarter of a second. */
  public static final int DEFAULT_COST = 12;

  /** The smallest cost bcrypt allows. */
  public static final int MIN_COST = 4;

  /** The largest cost bcrypt allows. */
  public static final int MAX_COST = 31;

  /** bcrypt reads at most this many bytes of a password; longer ones are refused, not cut. */
  public static final int MAX_PASSWORD_BYTES = 71;

  private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;

  private Passwords() {}

  /**
   * Hashes {@code password} with a new random salt at {@code cost}. Throws {@link
   * IllegalArgumentException} if the cost is outside {@value #MIN_COST}..{@value #MAX_COST}, or the
   * password is empty or longer than {@value #MAX_PASSWORD_BYTES} bytes.
   */
  public static String hash(ByteString password, int cost) {
    if (cost < MIN_COST || cost > MAX_COST) {
      throw new IllegalArgumentException(
          "the bcrypt cost must be from " + MIN_COST + " to " + MAX_COST + ", got " + cost);
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException("the password is empty");
    }
    if (password.size() > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "bcrypt reads at most "
              + MAX_PASSWORD_BYTES
              + " bytes of a password; this one has "
              + password.size());
    }
    return new String(
        BCrypt.with(VERSION, LongPasswordStrategies.strict(VERSION))
            .hash(cost, password.toByteArray()),
        java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** True if {@code hash} looks like a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}). */
  public static boolean isHash(String hash) {
    return HASH.matcher(hash).matches();
  }

  /** The cost written in {@code hash}; throws {@link IllegalArgumentException} if not a hash. */
  public static int costOf(String hash) {
    if (!isHash(hash)) {
      throw new IllegalArgumentException("not a bcrypt hash");
    }
    return Integer.parseInt(hash.substring(4, 6));
  }

  /**
   * True if {@code password} hashes to {@code hash}. The comparison takes the same time wherever
   * the hashes differ. False (not an exception) for a malformed hash or an over-long password.
   */
  public static boolean verify(ByteString password, String hash) {
    if (!isHash(hash) || password.size() > MAX_PASSWORD_BYTES) {
      return false;
    }
    try {
      return BCrypt.verifyer()
          .verify(password.toByteArray(), hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
          .verified;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
