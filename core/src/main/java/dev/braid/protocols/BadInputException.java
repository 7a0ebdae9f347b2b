package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import java.net.ProtocolException;
import java.util.Objects;
import java.util.Optional;

/**
 * The one base class of "the peer sent bytes that break the protocol or one of its limits": thrown
 * by every sans-IO parser in Braid (lines, netstrings, length prefixes, PROXY, SOCKS, AMP, HTTP/1)
 * and by protocol code that finds such input. It is an event of the connection, not a bug in the
 * program, so it carries no stack trace (nothing is spent filling one for each bad peer, and logs
 * stay one line).
 *
 * <p>A subclass adds what its protocol answers with (an HTTP status, a SOCKS reply code); where the
 * answer is plain bytes (a line-command protocol's {@code 500 Line too long}), {@link
 * #errorReply()} carries them, for the protocol to write before it closes the connection. After one
 * of these a parser yields no further message from the same stream.
 */
public class BadInputException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final transient ByteString errorReply;

  /** Bad input described by {@code message}, with no reply of its own. */
  public BadInputException(String message) {
    this(message, ByteString.EMPTY);
  }

  /**
   * Bad input described by {@code message}, answered with {@code errorReply} (empty: no reply of
   * its own).
   */
  public BadInputException(String message, ByteString errorReply) {
    super(message);
    this.errorReply = Objects.requireNonNull(errorReply, "errorReply");
  }

  /** The bytes the protocol answers this error with before closing, if it has an answer. */
  public Optional<ByteString> errorReply() {
    return errorReply.isEmpty() ? Optional.empty() : Optional.of(errorReply);
  }

  /** Does not fill in a stack trace: bad peer input is not a bug in the program. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
