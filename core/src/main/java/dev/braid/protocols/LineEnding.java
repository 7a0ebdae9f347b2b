package dev.braid.protocols;

import dev.braid.bytes.ByteString;

/**
 * How the lines of a {@link LineReceiver} end, both ways: what ends a line received and what {@link
 * LineReceiver#sendLine} writes after one.
 */
public enum LineEnding {
  /** Lines end with CR LF, both ways (SMTP, POP3, IMAP, FTP). */
  CRLF,
  /**
   * A received line ends at LF, and a CR just before it is dropped (so both CR LF and a bare LF end
   * a line); lines sent end with CR LF. For protocols whose clients send bare LF in practice (IRC,
   * memcache's text protocol). The limit on the line length does not count the CR.
   */
  LF_OR_CRLF;

  /** The delimiter written after each line sent: CR LF for both endings. */
  public ByteString sendDelimiter() {
    return LineReceiver.CRLF;
  }
}
