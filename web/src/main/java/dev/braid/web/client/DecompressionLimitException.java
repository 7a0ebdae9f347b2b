package dev.braid.web.client;

/**
 * A compressed body decoded to more bytes than allowed (a decompression bomb), or was not valid
 * gzip.
 */
public class DecompressionLimitException extends BodyTooLargeException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public DecompressionLimitException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public DecompressionLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}
