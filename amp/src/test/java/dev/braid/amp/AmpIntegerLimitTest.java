package dev.braid.amp;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.amp.example.Calculator;
import dev.braid.amp.example.Calculator.Sum;
import dev.braid.amp.example.Calculator.Total;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import dev.braid.testing.StringTransport;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AMP Integers are bounded in digits ({@link AmpLimits#maxIntegerDigits()}, 4,300 by default, as
 * Python): decimal conversion of huge numbers would hold the reactor thread.
 */
@BraidTest
class AmpIntegerLimitTest {
  record Power(long exponent) {}

  static final Command<Power, Total> POWER = Command.of("Power", Power.class, Total.class);

  static final Command<Power, Total> UNTYPED = Command.of("Untyped", Power.class, Total.class);

  private static List<AmpBox> boxes(ByteString written) throws AmpParseException {
    AmpBoxParser parser = new AmpBoxParser();
    ByteBuffer in = written.asByteBuffer();
    List<AmpBox> out = new ArrayList<>();
    while (in.hasRemaining()) {
      parser.next(in).ifPresent(out::add);
    }
    return out;
  }

  private static ByteString sumCall(String a, String b) {
    return AmpBox.builder()
        .put("_command", "Sum")
        .put("_ask", "1")
        .put("a", a)
        .put("b", b)
        .build()
        .toByteString();
  }

  @Test
  void anIntegerOfMoreDigitsThanTheLimitIsAnsweredUnknownAndClosesWithoutAnError()
      throws Exception {
    StringTransport transport = new StringTransport();
    transport.makeConnection(Calculator.newProtocol());

    transport.receive(sumCall("9".repeat(65_000), "1"));

    assertThat(boxes(transport.written()))
        .containsExactly(
            AmpBox.builder()
                .put("_error", "1")
                .put("_error_code", "UNKNOWN")
                .put("_error_description", "Unknown Error")
                .build());
    assertThat(transport.disconnecting()).isTrue();
    assertThat(LoggedErrors.pending()).isEmpty();
  }

  @Test
  void theDefaultLimitIsPythonsAndASmallerOneIsASetting() throws Exception {
    String most = "-" + "7".repeat(AmpLimits.DEFAULT_MAX_INTEGER_DIGITS);
    StringTransport atTheLimit = new StringTransport();
    atTheLimit.makeConnection(Calculator.newProtocol());
    atTheLimit.receive(sumCall(most, "0"));
    assertThat(boxes(atTheLimit.written()).getFirst().get("total").orElseThrow().utf8())
        .isEqualTo(most);

    StringTransport overASmallLimit = new StringTransport();
    overASmallLimit.makeConnection(
        new Amp(AmpLimits.DEFAULTS.withMaxIntegerDigits(10))
            .respondNow(Calculator.SUM, args -> new Total(args.a().add(args.b()))));
    overASmallLimit.receive(sumCall("+1234567890", "12345678901"));
    assertThat(boxes(overASmallLimit.written()).getFirst().get("_error_code").orElseThrow().utf8())
        .isEqualTo("UNKNOWN");
    assertThat(overASmallLimit.disconnecting()).isTrue();
  }

  @Test
  void anAnswerWithTooManyDigitsFailsTheCallCleanlyAndTheConnectionGoesOn() {
    Amp server =
        new Amp()
            .respondNow(POWER, args -> new Total(BigInteger.TEN.pow((int) args.exponent())))
            .respondNow(Calculator.SUM, args -> new Total(args.a().add(args.b())));
    Amp client = new Amp(AmpLimits.DEFAULTS.withMaxIntegerDigits(100_000));
    LoopbackPump pump = Loopback.connect(server, client);

    Deferred<Total> tooLong = client.callRemote(POWER, new Power(5_000));
    Deferred<Total> fits = client.callRemote(POWER, new Power(4_299));
    Deferred<Total> after =
        client.callRemote(Calculator.SUM, new Sum(BigInteger.ONE, BigInteger.TWO));
    pump.flush();

    assertThat(failureResultOf(tooLong, UnknownRemoteException.class).code())
        .isEqualTo(Amp.UNKNOWN);
    assertThat(successResultOf(fits).total()).isEqualTo(BigInteger.TEN.pow(4_299));
    assertThat(successResultOf(after).total()).isEqualTo(BigInteger.valueOf(3));
    assertThat(pump.closed()).isFalse();
    assertThat(LoggedErrors.pending()).as("no ERROR, no stack trace").isEmpty();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void anAnswerOfTheWrongTypeFailsTheCallCleanly() {
    Amp server = new Amp();
    server.respond((Command) UNTYPED, (Responder) args -> Deferred.succeed("not a record"));
    server.respondNow(POWER, args -> null);
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server, client);

    Deferred<Total> wrongType = client.callRemote(UNTYPED, new Power(1));
    Deferred<Total> nothing = client.callRemote(POWER, new Power(1));
    pump.flush();

    assertThat(failureResultOf(wrongType, UnknownRemoteException.class).code())
        .isEqualTo(Amp.UNKNOWN);
    assertThat(failureResultOf(nothing, UnknownRemoteException.class).code())
        .isEqualTo(Amp.UNKNOWN);
    assertThat(pump.closed()).isFalse();
    assertThat(LoggedErrors.pending()).isEmpty();
  }

  @Test
  void aCallWithTooManyDigitsFailsWithoutBeingSent() {
    Amp client = new Amp();
    StringTransport transport = new StringTransport();
    transport.makeConnection(client);

    Deferred<Total> call =
        client.callRemote(Calculator.SUM, new Sum(BigInteger.TEN.pow(4_300), BigInteger.ONE));

    assertThat(failureResultOf(call, AmpValueException.class))
        .hasMessageContaining("4301 digits")
        .hasMessageContaining("maxIntegerDigits");
    assertThat(transport.written()).isEqualTo(ByteString.EMPTY);
  }

  @Test
  void anAnswerWithTooManyDigitsForTheCallerFailsTheCall() {
    Amp server =
        new Amp(AmpLimits.DEFAULTS.withMaxIntegerDigits(10_000))
            .respondNow(POWER, args -> new Total(BigInteger.TEN.pow((int) args.exponent())));
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server, client);

    Deferred<Total> tooLong = client.callRemote(POWER, new Power(5_000));
    pump.flush();

    assertThat(failureResultOf(tooLong, AmpValueException.class))
        .hasMessageContaining("5001 digits");
    assertThat(LoggedErrors.pending()).isEmpty();
  }
}
