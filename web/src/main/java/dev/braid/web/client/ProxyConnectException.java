package dev.braid.web.client;

/** The proxy refused a CONNECT tunnel. */
public class ProxyConnectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public ProxyConnectException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public ProxyConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
