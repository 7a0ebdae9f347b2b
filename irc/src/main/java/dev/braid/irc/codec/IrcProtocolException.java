package dev.braid.irc.codec;

import dev.braid.protocols.BadInputException;
import java.util.Objects;

/**
 * A line that is not an IRC message, or passes a limit of {@link IrcLimits}. The {@link #reason()}
 * tells a server which reply to send: {@code 417 ERR_INPUTTOOLONG} for the two length limits, an
 * {@code ERROR} and a close for the rest.
 */
public class IrcProtocolException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the line. */
  public enum Reason {
    /** The line without its tags was longer than {@link IrcLimits#maxLineLength()}. */
    LINE_TOO_LONG,
    /** The tags were longer than {@link IrcLimits#maxTagsLength()}. */
    TAGS_TOO_LONG,
    /** Not a message: a NUL or a CR inside it, no command, an empty source or tag name, ... */
    MALFORMED
  }

  private final Reason reason;

  /** A line refused for {@code reason}, described by {@code message}. */
  public IrcProtocolException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** What was wrong with the line. */
  public Reason reason() {
    return reason;
  }
}
