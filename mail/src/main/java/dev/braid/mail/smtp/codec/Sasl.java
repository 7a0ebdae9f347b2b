package dev.braid.mail.smtp.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The SASL responses of {@code AUTH PLAIN} (RFC 4616) and {@code AUTH LOGIN}, base64 as SMTP
 * carries them (RFC 4954). Bad base64, text that is not UTF-8, or a PLAIN message that is not
 * {@code authzid NUL authcid NUL password} is {@code 501 5.5.2}. Pure functions; any thread.
 */
public final class Sasl {
  /** The LOGIN mechanism's first challenge, {@code Username:} in base64. */
  public static final String LOGIN_USERNAME = base64("Username:");

  /** The LOGIN mechanism's second challenge, {@code Password:} in base64. */
  public static final String LOGIN_PASSWORD = base64("Password:");

  private Sasl() {}

  /**
   * What an {@code AUTH PLAIN} client sent.
   *
   * @param authorizationId the identity to act as, empty for "the same as the user"
   * @param user the user logging in
   * @param password the password
   */
  public record Plain(String authorizationId, String user, String password) {
    /** Checks that no part is null. */
    public Plain {
      Objects.requireNonNull(authorizationId, "authorizationId");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    /** Hides the password. */
    @Override
    public String toString() {
      return "Plain[authorizationId=" + authorizationId + ", user=" + user + ", password=***]";
    }
  }

  /** Decodes an {@code AUTH PLAIN} response. */
  public static Plain plain(String response) throws SmtpSyntaxException {
    String text = text(response);
    int first = text.indexOf('\0');
    int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
    if (first < 0 || second < 0 || text.indexOf('\0', second + 1) >= 0) {
      throw new SmtpSyntaxException(
          501, "5.5.2", "A PLAIN response is authzid NUL user NUL password");
    }
    String user = text.substring(first + 1, second);
    if (user.isEmpty()) {
      throw new SmtpSyntaxException(501, "5.5.2", "A PLAIN response needs a user name");
    }
    return new Plain(text.substring(0, first), user, text.substring(second + 1));
  }

  /** Decodes one base64 response of UTF-8 text (a LOGIN user name or password). */
  public static String text(String response) throws SmtpSyntaxException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(response.strip());
    } catch (IllegalArgumentException e) {
      throw new SmtpSyntaxException(501, "5.5.2", "Bad base64 in the AUTH response");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SmtpSyntaxException(501, "5.5.2", "The AUTH response is not UTF-8");
    }
  }

  /** {@code text} as UTF-8 in base64, as a challenge or a client's response is sent. */
  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
