package dev.braid.dns.client;

import java.io.IOException;

/** No name server answered a query within its tries ({@link ResolverOptions#attempts()}). */
public final class DnsTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  /** For a query described by {@code message}. */
  public DnsTimeoutException(String message) {
    super(message);
  }
}
