package dev.braid.amp;

import static dev.braid.amp.InteropCommands.BOOM;
import static dev.braid.amp.InteropCommands.DIVIDE;
import static dev.braid.amp.InteropCommands.ECHO;
import static dev.braid.amp.InteropCommands.MISSING;
import static dev.braid.amp.InteropCommands.NOTES;
import static dev.braid.amp.InteropCommands.NOTIFY;
import static dev.braid.amp.InteropCommands.RELEASE;
import static dev.braid.amp.InteropCommands.SLOW;
import static dev.braid.amp.InteropCommands.SUM;
import static dev.braid.amp.InteropCommands.SWITCH_TO_ECHO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.amp.InteropCommands.AllTypes;
import dev.braid.amp.InteropCommands.Divide;
import dev.braid.amp.InteropCommands.Item;
import dev.braid.amp.InteropCommands.Message;
import dev.braid.amp.InteropCommands.NoteList;
import dev.braid.amp.InteropCommands.Quotient;
import dev.braid.amp.InteropCommands.Sum;
import dev.braid.amp.InteropCommands.Token;
import dev.braid.amp.InteropCommands.Total;
import dev.braid.amp.InteropCommands.ZeroDivision;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Braid client calls a real Twisted AMP server ({@code amp/amp_server.py}) over TCP: every
 * argument type round trip, declared and undeclared errors, an unknown command, a call answered
 * late while others complete, a command without answer and a protocol switch.
 */
@BraidTest
class TwistedServerInteropTest {
  private RealPeer server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    server = TwistedPeer.command("amp_server.py").start();
    port = TwistedPeer.readPort(server);
  }

  private Amp connect(ReactorTester tester) {
    return tester.await(
        Endpoints.clientFromString(tester.reactor(), "tcp:127.0.0.1:" + port)
            .connectProtocol(new Amp()));
  }

  private static void close(ReactorTester tester, Amp amp) {
    amp.transport().orElseThrow().loseConnection();
    tester.await(amp.whenLost());
  }

  private static AllTypes payload(
      BigInteger integer, String text, double floating, OffsetDateTime when, AmpDecimal decimal) {
    return new AllTypes(
        integer,
        text,
        ByteString.utf8(text),
        floating,
        !text.isEmpty(),
        when,
        decimal,
        List.of(integer, integer.negate(), BigInteger.ZERO),
        List.of(text, "", "\uD83C\uDF89"),
        List.of(new Item(1, text, List.of(floating, 0.1)), new Item(2, "", List.of())),
        List.of(List.of(1L, Long.MAX_VALUE), List.of(), List.of(Long.MIN_VALUE)),
        text.isEmpty() ? Optional.empty() : Optional.of(text));
  }

  @Test
  void everyArgumentTypeRoundTripsThroughTwisted(ReactorTester tester) {
    Amp amp = connect(tester);
    List<AllTypes> sent =
        List.of(
            payload(
                BigInteger.TWO.pow(200).negate(),
                "\uD83D\uDE00 h\u00e9llo",
                Double.NaN,
                OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 999_999_000, ZoneOffset.ofHours(-8)),
                new AmpDecimal.Finite(new BigDecimal("1E+2"))),
            payload(
                BigInteger.ZERO,
                "",
                Double.POSITIVE_INFINITY,
                OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(13, 45)),
                new AmpDecimal.NaN(false, false, "")),
            payload(
                BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
                "x".repeat(20_000),
                -0.0,
                OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC),
                new AmpDecimal.Infinity(true)),
            payload(
                BigInteger.ONE,
                "1e-05",
                1e-5,
                OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1000, ZoneOffset.ofHoursMinutes(0, -30)),
                new AmpDecimal.Finite(new BigDecimal("-0.000001000"))));

    for (AllTypes values : sent) {
      assertThat(tester.await(amp.callRemote(ECHO, values))).isEqualTo(values);
    }
    assertThat(tester.await(amp.callRemote(SUM, new Sum(-40, 2)))).isEqualTo(new Total(-38));
    close(tester, amp);
  }

  @Test
  void aDeclaredTwistedErrorBecomesItsJavaException(ReactorTester tester) {
    Amp amp = connect(tester);

    Throwable error = tester.awaitFailure(amp.callRemote(DIVIDE, new Divide(1, 0)));
    Quotient quotient = tester.await(amp.callRemote(DIVIDE, new Divide(7, 2)));

    assertThat(error).isInstanceOf(ZeroDivision.class).hasMessageContaining("zero");
    assertThat(quotient).isEqualTo(new Quotient(3.5));
    close(tester, amp);
  }

  @Test
  void anUnknownCommandIsAnsweredUnhandled(ReactorTester tester) {
    Amp amp = connect(tester);

    Throwable error = tester.awaitFailure(amp.callRemote(MISSING, Empty.INSTANCE));

    assertThat(error).isInstanceOf(UnhandledCommandException.class).hasMessageContaining("Missing");
    assertThat(tester.await(amp.callRemote(SUM, new Sum(1, 1)))).isEqualTo(new Total(2));
    close(tester, amp);
  }

  @Test
  void anUndeclaredTwistedErrorIsUnknownAndTwistedClosesTheConnection(ReactorTester tester) {
    Amp amp = connect(tester);

    Throwable error = tester.awaitFailure(amp.callRemote(BOOM, Empty.INSTANCE));

    assertThat(error).isInstanceOf(UnknownRemoteException.class);
    assertThat(((UnknownRemoteException) error).code()).isEqualTo(Amp.UNKNOWN);
    tester.await(amp.whenLost());
  }

  @Test
  void aCallAnsweredLateDoesNotHoldUpTheCallsAfterIt(ReactorTester tester) {
    Amp amp = connect(tester);

    Deferred<Token> slow = amp.callRemote(SLOW, new Token("late"));
    for (int i = 0; i < 3; i++) {
      assertThat(tester.await(amp.callRemote(SUM, new Sum(i, i)))).isEqualTo(new Total(2L * i));
    }
    assertThat(slow.called()).isFalse();
    tester.await(amp.callRemote(RELEASE, Empty.INSTANCE));

    assertThat(tester.await(slow)).isEqualTo(new Token("late"));
    close(tester, amp);
  }

  @Test
  void aCommandWithoutAnswerReachesTwisted(ReactorTester tester) {
    Amp amp = connect(tester);

    tester.await(amp.callRemote(NOTIFY, new Message("no answer \uD83D\uDCEC")));

    assertThat(tester.await(amp.callRemote(NOTES, Empty.INSTANCE)))
        .isEqualTo(new NoteList(List.of("no answer \uD83D\uDCEC")));
    close(tester, amp);
  }

  @Test
  void aProtocolSwitchHandsTheConnectionToTwistedsEchoProtocol(ReactorTester tester) {
    Amp amp = connect(tester);
    Deferred<ByteString> echoed = new Deferred<>();
    Protocol ping =
        new Protocol() {
          private ByteString received = ByteString.EMPTY;

          @Override
          public void connectionMade(Transport transport) {
            transport.write("ping");
          }

          @Override
          public void dataReceived(ByteBuffer data) {
            received = received.concat(ByteString.copyOf(data));
            if (received.size() == 4) {
              echoed.callback(received);
            }
          }
        };

    tester.await(amp.callRemoteSwitching(SWITCH_TO_ECHO, Empty.INSTANCE, response -> ping));

    assertThat(tester.await(echoed)).isEqualTo(ByteString.ascii("ping"));
    close(tester, amp);
  }
}
