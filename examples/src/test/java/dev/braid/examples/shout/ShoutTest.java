package dev.braid.examples.shout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import org.junit.jupiter.api.Test;

/** README's first protocol in memory: what nc sends (LF) and what Internet clients send (CRLF). */
@BraidTest
class ShoutTest {

  @Test
  void linesEndedByLfAsNcSendsThemComeBackInCapitalsHoweverTheyAreSplit() {
    ProtocolFeeder.standard()
        .feedAllWays(
            Shout::new,
            "hello\nbraid\n",
            (shout, transport) ->
                assertThat(transport.writtenUtf8()).isEqualTo("HELLO\r\nBRAID\r\n"));
  }

  @Test
  void linesEndedByCrlfLoseTheirCrToo() {
    ProtocolFeeder.standard()
        .feedAllWays(
            Shout::new,
            "hello\r\nmixed\nends\r\n",
            (shout, transport) ->
                assertThat(transport.writtenUtf8()).isEqualTo("HELLO\r\nMIXED\r\nENDS\r\n"));
  }

  @Test
  void anUnfinishedLineWaitsForItsEnd() {
    StringTransport transport = new StringTransport();
    transport.makeConnection(new Shout());
    transport.receive("no end yet");
    assertThat(transport.writtenUtf8()).isEmpty();
    transport.receive("\n");
    assertThat(transport.writtenUtf8()).isEqualTo("NO END YET\r\n");
  }

  @Test
  void aLineOverTheLimitClosesTheConnection() {
    StringTransport transport = new StringTransport();
    transport.makeConnection(new Shout());
    transport.receive("x".repeat(Shout.DEFAULT_MAX_LINE_LENGTH + 1) + "\n");
    assertThat(transport.writtenUtf8()).isEmpty();
    assertThat(transport.disconnecting()).isTrue();
  }
}
