package dev.braid.amp.example;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.amp.Amp;
import dev.braid.amp.AmpDecimal;
import dev.braid.amp.example.Calculator.Divide;
import dev.braid.amp.example.Calculator.DivideByZeroException;
import dev.braid.amp.example.Calculator.Sum;
import dev.braid.amp.example.Calculator.Values;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class CalculatorTest {
  private final Amp client = new Amp();
  private final LoopbackPump pump = Loopback.connect(Calculator.newProtocol(), client);

  @Test
  void sumAddsIntegersOfAnySize() {
    var total = client.callRemote(Calculator.SUM, new Sum(BigInteger.TWO.pow(80), BigInteger.ONE));
    pump.flush();

    assertThat(successResultOf(total).total())
        .isEqualTo(BigInteger.TWO.pow(80).add(BigInteger.ONE));
  }

  @Test
  void divideByZeroFailsWithTheDeclaredError() {
    Deferred<?> quotient = client.callRemote(Calculator.DIVIDE, new Divide(1, 0));
    pump.flush();

    failureResultOf(quotient, DivideByZeroException.class);
  }

  @Test
  void echoAnswersWithItsArguments() {
    Values values =
        new Values(
            "\uD83D\uDE00",
            ByteString.of((byte) 0),
            Double.NaN,
            true,
            OffsetDateTime.of(2026, 11, 22, 3, 0, 0, 0, ZoneOffset.ofHours(1)),
            new AmpDecimal.Finite(new BigDecimal("0.10")),
            List.of("a", ""));
    var echoed = client.callRemote(Calculator.ECHO, values);
    pump.flush();

    assertThat(successResultOf(echoed)).isEqualTo(values);
  }
}
