package dev.braid.protocols.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.StringTransport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

@BraidTest
class DaytimeTest {
  private static final Instant RFC_EXAMPLE = Instant.parse("1982-02-23T01:37:43Z");

  @Test
  void writesTheClocksTimeInTheRfcFormThenCloses() {
    var clock = Clock.fixed(RFC_EXAMPLE, ZoneId.of("America/Los_Angeles"));
    var transport = new StringTransport();
    transport.makeConnection(new Daytime(clock));
    assertThat(transport.writtenUtf8()).isEqualTo("Monday, February 22, 1982 17:37:43-PST\r\n");
    assertThat(transport.disconnecting()).isTrue();
    assertThat(transport.aborted()).isFalse();
  }

  @Test
  void aUtcClockIsShownAsUtc() {
    var transport = new StringTransport();
    transport.makeConnection(new Daytime(Clock.fixed(RFC_EXAMPLE, ZoneOffset.UTC)));
    assertThat(transport.writtenUtf8()).isEqualTo("Tuesday, February 23, 1982 01:37:43-UTC\r\n");
  }

  @Test
  void theFactoryGivesEachConnectionTheSameClock() {
    var factory = Daytime.factory(Clock.fixed(RFC_EXAMPLE, ZoneOffset.UTC));
    var transport = new StringTransport();
    transport.makeConnection(factory.buildProtocol(transport.peerAddress()));
    assertThat(transport.writtenUtf8()).startsWith("Tuesday, February 23, 1982");
  }
}
