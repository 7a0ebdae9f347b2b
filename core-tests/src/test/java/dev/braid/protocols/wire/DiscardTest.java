package dev.braid.protocols.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import org.junit.jupiter.api.Test;

@BraidTest
class DiscardTest {
  @Test
  void nothingIsWrittenAndTheConnectionStaysOpen() {
    ProtocolFeeder.standard()
        .feedAllWays(
            Discard::new,
            "anything\r\nat all",
            (discard, t) -> {
              assertThat(t.written()).isEqualTo(ByteString.EMPTY);
              assertThat(t.disconnecting()).isFalse();
            });
  }

  @Test
  void theFactoryMakesADiscardPerConnection() {
    var factory = Discard.factory();
    var peer = new StringTransport().peerAddress();
    assertThat(factory.buildProtocol(peer))
        .isInstanceOf(Discard.class)
        .isNotSameAs(factory.buildProtocol(peer));
  }
}
