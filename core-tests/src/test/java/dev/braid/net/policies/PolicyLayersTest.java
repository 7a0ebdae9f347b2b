package dev.braid.net.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.HalfCloseableProtocol;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.net.StandardSocketOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What every wrapper passes through: half-close, options, addresses. */
@BraidTest
class PolicyLayersTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void thePeersHalfCloseReachesAHalfCloseableProtocol() {
    HalfCloser inner = new HalfCloser();
    TimeoutProtocol wrapper = TimeoutFactory.builder(peer -> inner, clock).build().wrap(inner);
    StringTransport transport = new StringTransport();
    transport.makeConnection(wrapper);

    wrapper.readConnectionLost();

    assertThat(inner.readLost).isTrue();
    assertThat(transport.disconnecting()).isFalse();
    transport.reportDisconnect();
  }

  @Test
  void thePeersHalfCloseClosesAProtocolThatCannotHalfCloseAfterHeldWritesAreSent() {
    Recorder inner = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> inner, clock).writeLimitPerConnection(1024).build();
    StringTransport transport = new StringTransport();
    HalfCloseableProtocol wrapper =
        (HalfCloseableProtocol) factory.buildProtocol(transport.peerAddress());
    transport.makeConnection(wrapper);
    inner.transport.write(new byte[2048]);

    wrapper.readConnectionLost();

    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.disconnecting()).isTrue();
    assertThat(transport.written().size()).isEqualTo(2048);
  }

  @Test
  void optionsAndAddressesGoToTheRealTransport() {
    Recorder inner = new Recorder();
    StringTransport transport = new StringTransport();
    transport.makeConnection(TrafficLoggingFactory.builder(peer -> inner).build().wrap(inner));

    inner.transport.setOption(StandardSocketOptions.SO_KEEPALIVE, true);

    assertThat(transport.option(StandardSocketOptions.SO_KEEPALIVE)).hasValue(true);
    assertThat(inner.transport.peerAddress()).isEqualTo(transport.peerAddress());
    assertThat(inner.transport.hostAddress()).isEqualTo(transport.hostAddress());
  }

  static final class HalfCloser extends Recorder implements HalfCloseableProtocol {
    boolean readLost;

    @Override
    public void readConnectionLost() {
      readLost = true;
    }
  }
}
