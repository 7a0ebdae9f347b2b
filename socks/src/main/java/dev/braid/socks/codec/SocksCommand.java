package dev.braid.socks.codec;

import java.util.Optional;

/** The commands of SOCKS4 and SOCKS5 requests, with their wire codes. */
public enum SocksCommand {
  /** Open a TCP connection to the destination (code 1). */
  CONNECT(1),
  /** Accept one incoming TCP connection for the client (code 2). */
  BIND(2),
  /** Relay UDP datagrams (code 3, SOCKS5 only). */
  UDP_ASSOCIATE(3);

  private final int code;

  SocksCommand(int code) {
    this.code = code;
  }

  /** The wire code. */
  public int code() {
    return code;
  }

  /** The command of wire code {@code code}, if there is one. */
  public static Optional<SocksCommand> ofCode(int code) {
    for (SocksCommand c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
