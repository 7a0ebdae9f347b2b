package dev.braid.protocols;

import dev.braid.bytes.ByteString;

/**
 * How lines end, for a {@link LineParser}, {@link LineReceiver} or {@link LineOnlyReceiver} that
 * does not take one exact delimiter.
 *
 * <p>Internet protocols end lines with CR LF, and a strict parser is the safe default there: a bare
 * LF accepted by one server and not by another is how commands are smuggled past a filter (SMTP
 * smuggling). A protocol meant for people at a terminal ({@code nc}, {@code socat}, {@code telnet},
 * a shell's {@code printf}) takes {@link #LF_OR_CRLF}, since those send a bare LF.
 */
public enum LineEnding {
  /**
   * A line ends with CR LF and only so; a bare LF is part of the line. Lines are sent with CR LF.
   */
  CRLF,

  /**
   * A line ends with LF; a CR just before it is stripped too, so both LF and CR LF end a line. The
   * CR does not count toward the line length limit. Lines are sent with CR LF, which every terminal
   * and line reader shows as one line end.
   */
  LF_OR_CRLF;

  /** The bytes written after each line sent. */
  public ByteString sent() {
    return LineReceiver.CRLF;
  }
}
