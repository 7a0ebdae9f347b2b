package dev.braid.amp.example;

import dev.braid.amp.Amp;
import dev.braid.amp.AmpDecimal;
import dev.braid.amp.Command;
import dev.braid.bytes.ByteString;
import dev.braid.net.ProtocolFactory;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An example AMP service with three commands, callable from Twisted with the same declarations:
 *
 * <pre>{@code
 * class Sum(amp.Command):
 *     arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
 *     response = [(b"total", amp.Integer())]
 *
 * class Divide(amp.Command):
 *     arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
 *     response = [(b"quotient", amp.Float())]
 *     errors = {ZeroDivisionError: b"ZERO_DIVISION"}
 *
 * class Echo(amp.Command):
 *     arguments = response = [(b"text", amp.Unicode()), (b"data", amp.String()),
 *         (b"number", amp.Float()), (b"flag", amp.Boolean()), (b"when", amp.DateTime()),
 *         (b"decimal", amp.Decimal()), (b"words", amp.ListOf(amp.Unicode()))]
 * }</pre>
 *
 * <p>The commands and records are immutable; {@link #newProtocol()} makes one connection's
 * protocol, used on its reactor thread.
 */
public final class Calculator {
  private Calculator() {}

  /** The arguments of {@link #SUM}: two integers of any size. */
  public record Sum(BigInteger a, BigInteger b) {}

  /** The response of {@link #SUM}. */
  public record Total(BigInteger total) {}

  /** The arguments of {@link #DIVIDE}. */
  public record Divide(long numerator, long denominator) {}

  /** The response of {@link #DIVIDE}. */
  public record Quotient(double quotient) {}

  /** The arguments and response of {@link #ECHO}: one field of most AMP types. */
  public record Values(
      String text,
      ByteString data,
      double number,
      boolean flag,
      OffsetDateTime when,
      AmpDecimal decimal,
      List<String> words) {}

  /** The declared error of {@link #DIVIDE}, Python's {@code ZeroDivisionError} on the wire. */
  public static final class DivideByZeroException extends Exception {
    /** An exception with {@code message}. */
    public DivideByZeroException(String message) {
      super(message);
    }
  }

  /** {@code Sum}: adds two integers. */
  public static final Command<Sum, Total> SUM = Command.of("Sum", Sum.class, Total.class);

  /** {@code Divide}: divides, failing with {@code ZERO_DIVISION} for a zero denominator. */
  public static final Command<Divide, Quotient> DIVIDE =
      Command.of("Divide", Divide.class, Quotient.class)
          .withError("ZERO_DIVISION", DivideByZeroException.class, DivideByZeroException::new);

  /** {@code Echo}: answers with its arguments. */
  public static final Command<Values, Values> ECHO = Command.of("Echo", Values.class, Values.class);

  /** A new protocol answering the three commands. */
  public static Amp newProtocol() {
    return new Amp()
        .respondNow(SUM, args -> new Total(args.a().add(args.b())))
        .respondNow(
            DIVIDE,
            args -> {
              if (args.denominator() == 0) {
                throw new DivideByZeroException("division by zero");
              }
              return new Quotient((double) args.numerator() / args.denominator());
            })
        .respondNow(ECHO, args -> args);
  }

  /** A factory of {@link #newProtocol()}s. */
  public static ProtocolFactory factory() {
    return peer -> newProtocol();
  }
}
