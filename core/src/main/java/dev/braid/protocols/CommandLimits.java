package dev.braid.protocols;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of a {@link LineCommandServer}: one record, with defaults, that every line-command
 * protocol (SMTP, POP3, IMAP, FTP, IRC, ...) takes and exposes as its own settings.
 *
 * @param maxLineLength the longest command line, delimiter not counted; a longer one is answered
 *     with {@link CommandReplies#lineTooLong()} and the connection closes
 * @param idleTimeout how long the server waits for the client's next line (not counting time the
 *     server spends on a command); then {@link CommandReplies#timeout()} and close
 * @param maxErrors unknown commands, syntax errors and failed commands allowed on one connection;
 *     at this many {@link CommandReplies#tooManyErrors()} is sent and the connection closes
 * @param maxLoginFailures failed logins allowed on one connection; the connection closes after the
 *     reply to the last one
 * @param loginFailureDelay how long the reply to a failed login is held back (slows password
 *     guessing on one connection to this rate)
 */
public record CommandLimits(
    int maxLineLength,
    Duration idleTimeout,
    int maxErrors,
    int maxLoginFailures,
    Duration loginFailureDelay) {

  /** 4,096 bytes a line. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 4096;

  /** Five minutes (SMTP's recommended minimum for a server waiting for a command, RFC 5321). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** Twenty bad or failed commands on one connection. */
  public static final int DEFAULT_MAX_ERRORS = 20;

  /** Three failed logins on one connection. */
  public static final int DEFAULT_MAX_LOGIN_FAILURES = 3;

  /** One second before a failed login is answered. */
  public static final Duration DEFAULT_LOGIN_FAILURE_DELAY = Duration.ofSeconds(1);

  /** Checks every limit is positive (the delay may be zero). */
  public CommandLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(loginFailureDelay, "loginFailureDelay");
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("maxLineLength must be at least 1, got " + maxLineLength);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
    }
    if (maxErrors < 1) {
      throw new IllegalArgumentException("maxErrors must be at least 1, got " + maxErrors);
    }
    if (maxLoginFailures < 1) {
      throw new IllegalArgumentException(
          "maxLoginFailures must be at least 1, got " + maxLoginFailures);
    }
    if (loginFailureDelay.isNegative()) {
      throw new IllegalArgumentException(
          "loginFailureDelay must not be negative, got " + loginFailureDelay);
    }
  }

  /** The defaults: the {@code DEFAULT_} constants of this record. */
  public static CommandLimits defaults() {
    return new CommandLimits(
        DEFAULT_MAX_LINE_LENGTH,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_ERRORS,
        DEFAULT_MAX_LOGIN_FAILURES,
        DEFAULT_LOGIN_FAILURE_DELAY);
  }

  /** These limits with another line length. */
  public CommandLimits withMaxLineLength(int v) {
    return new CommandLimits(v, idleTimeout, maxErrors, maxLoginFailures, loginFailureDelay);
  }

  /** These limits with another idle timeout. */
  public CommandLimits withIdleTimeout(Duration v) {
    return new CommandLimits(maxLineLength, v, maxErrors, maxLoginFailures, loginFailureDelay);
  }

  /** These limits with another error allowance. */
  public CommandLimits withMaxErrors(int v) {
    return new CommandLimits(maxLineLength, idleTimeout, v, maxLoginFailures, loginFailureDelay);
  }

  /** These limits with another login-failure allowance. */
  public CommandLimits withMaxLoginFailures(int v) {
    return new CommandLimits(maxLineLength, idleTimeout, maxErrors, v, loginFailureDelay);
  }

  /** These limits with another delay before a failed login is answered. */
  public CommandLimits withLoginFailureDelay(Duration v) {
    return new CommandLimits(maxLineLength, idleTimeout, maxErrors, maxLoginFailures, v);
  }
}
