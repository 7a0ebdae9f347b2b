package dev.braid.amp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.amp.InteropCommands.AllTypes;
import dev.braid.amp.InteropCommands.Item;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A real Twisted AMP client ({@code amp/amp_client.py}) calls Braid responders over TCP: every
 * argument type with edge values, a declared error, an unknown command, a command without answer, a
 * protocol switch, and an undeclared error. The script checks every answer; this test checks what
 * the Braid side decoded.
 */
@BraidTest
class TwistedClientInteropTest {
  @Test
  void aTwistedClientCallsBraidRespondersWithEveryArgumentType(ReactorTester tester)
      throws Exception {
    InteropCommands.Server server = new InteropCommands.Server();
    ListeningPort port =
        tester
            .reactor()
            .listenTcp(
                0,
                peer -> server.newConnection(),
                TcpListenOptions.defaults().withInterface("127.0.0.1"));
    int portNumber = ((InetSocketAddress) port.address()).getPort();

    RealPeer client =
        TwistedPeer.command("amp_client.py", String.valueOf(portNumber)).start(tester.reactor());
    int exited = tester.await(client.exited());
    String stdout = client.out();

    assertThat(exited).as(stdout + client.err()).isZero();
    assertThat(stdout).contains("OK");
    tester.await(Deferred.gather(server.connections.stream().map(Amp::whenLost).toList()));
    tester.await(port.stopListening());
    assertThat(server.connections).hasSize(2);
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);

    assertThat(server.echoed).hasSize(5);
    AllTypes first = server.echoed.getFirst();
    assertThat(first.integer()).isEqualTo(BigInteger.TWO.pow(100));
    assertThat(first.unicode()).isEqualTo("h\u00e9llo \uD83D\uDE00 \u4e16\u754c");
    assertThat(first.string())
        .isEqualTo(ByteString.of((byte) 0, (byte) 0xff, (byte) 13, (byte) 10));
    assertThat(first.floating()).isEqualTo(1.5);
    assertThat(first.flag()).isTrue();
    assertThat(first.when())
        .isEqualTo(
            OffsetDateTime.of(
                2024, 2, 29, 23, 59, 58, 123_456_000, ZoneOffset.ofHoursMinutes(5, 30)));
    assertThat(first.decimal())
        .isEqualTo(new AmpDecimal.Finite(new java.math.BigDecimal("-1234.5678")));
    assertThat(first.integers())
        .containsExactly(
            BigInteger.ZERO,
            BigInteger.ONE.negate(),
            BigInteger.TWO.pow(64),
            BigInteger.TWO.pow(80).negate());
    assertThat(first.texts()).containsExactly("", "a", "\uDBFF\uDFFF");
    assertThat(first.items())
        .containsExactly(new Item(1, "one", List.of(0.5, -2.25)), new Item(-2, "", List.of()));
    assertThat(first.matrix()).containsExactly(List.of(1L, 2L), List.of(), List.of(-3L));
    assertThat(first.maybe()).contains("present");

    AllTypes second = server.echoed.get(1);
    assertThat(second.floating()).isNaN();
    assertThat(second.unicode()).isEmpty();
    assertThat(second.string()).isEqualTo(ByteString.EMPTY);
    assertThat(second.decimal()).isEqualTo(new AmpDecimal.Infinity(false));
    assertThat(second.when().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(-12, -45));
    assertThat(second.maybe()).isEqualTo(Optional.empty());
    assertThat(server.echoed.get(2).floating()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(server.echoed.get(2).when().getOffset()).isEqualTo(ZoneOffset.UTC);
    assertThat(server.echoed.get(3).decimal()).isEqualTo(new AmpDecimal.NaN(true, true, ""));
    assertThat(server.notes).containsExactly("fire and forget \uD83D\uDE80");
  }
}
