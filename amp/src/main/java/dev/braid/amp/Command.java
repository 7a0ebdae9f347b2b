package dev.braid.amp;

import dev.braid.amp.internal.RecordCodec;
import dev.braid.bytes.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An AMP command: its name on the wire, a record of its arguments, a record of its response, the
 * errors it may answer with, and whether the caller waits for an answer. Each record component is
 * one AMP key, typed by its Java type (see {@code docs/amp.md}):
 *
 * {@snippet :
 * record Sum(long a, long b) {}
 * record Total(long total) {}
 * static final Command<Sum, Total> SUM = Command.of("Sum", Sum.class, Total.class);
 *
 * record Divide(long numerator, long denominator) {}
 * record Quotient(double quotient) {}
 * static final Command<Divide, Quotient> DIVIDE =
 *     Command.of("Divide", Divide.class, Quotient.class)
 *         .withError("ZERO_DIVISION", ZeroDivision.class, ZeroDivision::new);
 * }
 *
 * <p>A command is immutable and may be shared by every connection and thread. Creating one checks
 * the records (each component must have an AMP type) and throws {@link IllegalArgumentException}
 * naming what is wrong.
 *
 * @param name the command's name on the wire ({@code _command}), as Twisted's {@code commandName}
 * @param arguments the record of the arguments
 * @param response the record of the response ({@link Empty} for none)
 * @param errors the declared errors, checked in order
 * @param requiresAnswer false for a command sent without {@code _ask}: no answer, no error back
 */
public record Command<A extends Record, R extends Record>(
    String name,
    Class<A> arguments,
    Class<R> response,
    List<CommandError> errors,
    boolean requiresAnswer) {

  /** Checks the name and the records, and copies the error list. */
  public Command {
    ByteString wire = ByteString.utf8(name);
    if (wire.isEmpty() || wire.size() > AmpBox.MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("a command name is 1 to 65535 bytes: '" + name + "'");
    }
    RecordCodec.of(arguments);
    RecordCodec.of(response);
    errors = List.copyOf(errors);
  }

  /** A command that answers, without declared errors. */
  public static <A extends Record, R extends Record> Command<A, R> of(
      String name, Class<A> arguments, Class<R> response) {
    return new Command<>(name, arguments, response, List.of(), true);
  }

  /**
   * A command sent without asking for an answer (Twisted's {@code requiresAnswer = False}): {@link
   * Amp#callRemote} fires as soon as it is sent, with {@link Empty#INSTANCE}.
   */
  public static <A extends Record> Command<A, Empty> withoutAnswer(
      String name, Class<A> arguments) {
    return new Command<>(name, arguments, Empty.class, List.of(), false);
  }

  /**
   * This command with one more declared error: a responder that fails with a {@code type} answers
   * {@code code} and the exception's message; a caller that receives {@code code} gets {@code
   * factory.apply(description)}.
   */
  public <E extends Exception> Command<A, R> withError(
      String code, Class<E> type, Function<String, ? extends E> factory) {
    return plus(new CommandError(ByteString.utf8(code), type, factory, false));
  }

  /**
   * Like {@link #withError}, and the responding side closes the connection after sending the error
   * (Twisted's {@code fatalErrors}).
   */
  public <E extends Exception> Command<A, R> withFatalError(
      String code, Class<E> type, Function<String, ? extends E> factory) {
    return plus(new CommandError(ByteString.utf8(code), type, factory, true));
  }

  /** The declared error {@code error} is an instance of, if any (the first that matches). */
  public Optional<CommandError> errorFor(Throwable error) {
    return errors.stream().filter(e -> e.type().isInstance(error)).findFirst();
  }

  /** The declared error with {@code code}, if any. */
  public Optional<CommandError> errorFor(ByteString code) {
    return errors.stream().filter(e -> e.code().equals(code)).findFirst();
  }

  private Command<A, R> plus(CommandError error) {
    List<CommandError> more = new ArrayList<>(errors);
    more.add(error);
    return new Command<>(name, arguments, response, more, requiresAnswer);
  }

  /**
   * A declared error of a command: its code on the wire, its Java type, and how to rebuild it from
   * the description the peer sent.
   *
   * @param code the {@code _error_code} bytes
   * @param type the exception class (subclasses match too)
   * @param factory makes the exception from the {@code _error_description} text
   * @param fatal true if the responding side closes the connection after the error
   */
  public record CommandError(
      ByteString code,
      Class<? extends Exception> type,
      Function<String, ? extends Exception> factory,
      boolean fatal) {
    /** Checks the code. */
    public CommandError {
      if (code.isEmpty()) {
        throw new IllegalArgumentException("an error code is not empty");
      }
    }
  }
}
