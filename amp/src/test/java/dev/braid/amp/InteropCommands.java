package dev.braid.amp;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.protocols.wire.Echo;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands of the interop tests, declared as records; {@code amp/amp_commands.py} declares the
 * same ones for Twisted.
 */
final class InteropCommands {
  private InteropCommands() {}

  record Sum(long a, long b) {}

  record Total(long total) {}

  record Divide(long numerator, long denominator) {}

  record Quotient(double quotient) {}

  /** The declared error of {@link #DIVIDE}: Python's ZeroDivisionError. */
  static final class ZeroDivision extends Exception {
    ZeroDivision(String message) {
      super(message);
    }
  }

  record Item(long id, String name, List<Double> scores) {}

  record AllTypes(
      BigInteger integer,
      String unicode,
      ByteString string,
      double floating,
      boolean flag,
      OffsetDateTime when,
      AmpDecimal decimal,
      List<BigInteger> integers,
      List<String> texts,
      List<Item> items,
      List<List<Long>> matrix,
      Optional<String> maybe) {}

  record Token(String token) {}

  record Message(String message) {}

  record NoteList(List<String> notes) {}

  static final Command<Sum, Total> SUM = Command.of("Sum", Sum.class, Total.class);

  static final Command<Divide, Quotient> DIVIDE =
      Command.of("Divide", Divide.class, Quotient.class)
          .withError("ZERO_DIVISION", ZeroDivision.class, ZeroDivision::new);

  static final Command<AllTypes, AllTypes> ECHO =
      Command.of("Echo", AllTypes.class, AllTypes.class);

  static final Command<Token, Token> SLOW = Command.of("Slow", Token.class, Token.class);

  static final Command<Empty, Empty> RELEASE = Command.of("Release", Empty.class, Empty.class);

  static final Command<Empty, Empty> BOOM = Command.of("Boom", Empty.class, Empty.class);

  static final Command<Empty, Empty> MISSING = Command.of("Missing", Empty.class, Empty.class);

  static final Command<Message, Empty> NOTIFY = Command.withoutAnswer("Notify", Message.class);

  static final Command<Empty, NoteList> NOTES = Command.of("Notes", Empty.class, NoteList.class);

  static final Command<Empty, Empty> SWITCH_TO_ECHO =
      Command.of("SwitchToEcho", Empty.class, Empty.class);

  /** The Braid side of {@code amp_server.py}: what a Twisted client calls in the interop test. */
  static final class Server {
    final List<AllTypes> echoed = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<Amp> connections = new ArrayList<>();

    Amp newConnection() {
      Amp amp =
          new Amp()
              .respondNow(SUM, args -> new Total(args.a() + args.b()))
              .respondNow(
                  DIVIDE,
                  args -> {
                    if (args.denominator() == 0) {
                      throw new ZeroDivision("division by zero");
                    }
                    return new Quotient((double) args.numerator() / args.denominator());
                  })
              .respondNow(
                  ECHO,
                  args -> {
                    echoed.add(args);
                    return args;
                  })
              .respondNow(
                  NOTIFY,
                  args -> {
                    notes.add(args.message());
                    return Empty.INSTANCE;
                  })
              .respondNow(NOTES, args -> new NoteList(List.copyOf(notes)))
              .respond(BOOM, args -> Deferred.fail(new IllegalStateException("boom, undeclared")))
              .respondSwitching(
                  SWITCH_TO_ECHO,
                  args ->
                      Deferred.succeed(new SwitchResponder.Switch<>(Empty.INSTANCE, new Echo())));
      connections.add(amp);
      return amp;
    }
  }
}
