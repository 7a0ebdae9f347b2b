package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.FakeClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Client faults are logged at most once a second, and the next line counts those left out. */
class ClientFaultsTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.1", 4000);

  @Test
  void aFloodOfFaultsWritesOneLineASecond() {
    FakeClock clock = new FakeClock();
    ClientFaults faults = new ClientFaults(clock);
    int lines = 0;
    for (int i = 0; i < 1000; i++) {
      lines += faults.log(PEER, "its body came too slowly") ? 1 : 0;
      clock.advance(Duration.ofMillis(10));
    }
    // 10 s of faults, 100 a second: one line a second
    assertThat(lines).isEqualTo(10);
    assertThat(faults.suppressed()).isEqualTo(99);
  }
}
