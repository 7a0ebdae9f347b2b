package dev.braid.socks.codec;

/** The reply codes of a SOCKS4 reply. */
public enum Socks4Reply {
  /** 90: request granted. */
  GRANTED(90),
  /** 91: request rejected or failed. */
  REJECTED(91),
  /** 92: rejected because the client's identd could not be reached. */
  NO_IDENTD(92),
  /** 93: rejected because identd and the client reported different user ids. */
  IDENT_MISMATCH(93);

  private final int code;

  Socks4Reply(int code) {
    this.code = code;
  }

  /** The wire code. */
  public int code() {
    return code;
  }
}
