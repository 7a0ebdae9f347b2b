package dev.braid.protocols;

import java.util.Objects;

/**
 * The lines a {@link LineCommandServer} answers with when the base class itself handles the
 * problem, each written in the protocol's own words, without the line delimiter. For SMTP, say:
 *
 * <pre>{@code
 * new CommandReplies(
 *     "500 5.5.1 Command unrecognized",
 *     "501 5.5.2 Syntax error",
 *     "500 5.5.6 Line too long",
 *     "421 4.4.2 Idle for too long, closing",
 *     "421 4.7.0 Too many errors, closing",
 *     "451 4.3.0 Local error in processing")
 * }</pre>
 *
 * @param unknownCommand a verb with no handler
 * @param syntaxError a line that is not a command: no verb, a NUL or bare CR, not UTF-8
 * @param lineTooLong a line over {@link CommandLimits#maxLineLength()} (the connection closes)
 * @param timeout the idle timeout passed (the connection closes)
 * @param tooManyErrors {@link CommandLimits#maxErrors()} reached (the connection closes)
 * @param internalError a handler threw or its Deferred failed with an error it did not answer
 */
public record CommandReplies(
    String unknownCommand,
    String syntaxError,
    String lineTooLong,
    String timeout,
    String tooManyErrors,
    String internalError) {

  /** Checks that no reply is null. */
  public CommandReplies {
    Objects.requireNonNull(unknownCommand, "unknownCommand");
    Objects.requireNonNull(syntaxError, "syntaxError");
    Objects.requireNonNull(lineTooLong, "lineTooLong");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(tooManyErrors, "tooManyErrors");
    Objects.requireNonNull(internalError, "internalError");
  }
}
