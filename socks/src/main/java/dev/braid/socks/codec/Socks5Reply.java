package dev.braid.socks.codec;

/** The reply codes of a SOCKS5 reply (RFC 1928, section 6). */
public enum Socks5Reply {
  /** 0: succeeded. */
  SUCCEEDED(0),
  /** 1: general SOCKS server failure. */
  GENERAL_FAILURE(1),
  /** 2: connection not allowed by ruleset. */
  NOT_ALLOWED(2),
  /** 3: network unreachable. */
  NETWORK_UNREACHABLE(3),
  /** 4: host unreachable. */
  HOST_UNREACHABLE(4),
  /** 5: connection refused. */
  CONNECTION_REFUSED(5),
  /** 6: TTL expired. */
  TTL_EXPIRED(6),
  /** 7: command not supported. */
  COMMAND_NOT_SUPPORTED(7),
  /** 8: address type not supported. */
  ADDRESS_TYPE_NOT_SUPPORTED(8);

  private final int code;

  Socks5Reply(int code) {
    this.code = code;
  }

  /** The wire code. */
  public int code() {
    return code;
  }
}
