package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pauses a listening port takes after failed accepts. */
@BraidTest
class AcceptBackoffTest {

  @Test
  void pausesStartAt50MsAndDoubleUpTo1s() {
    AcceptBackoff backoff = new AcceptBackoff();
    assertThat(backoff.inEpisode()).isFalse();
    assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff.inEpisode()).isTrue();
    assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void aSuccessEndsTheEpisodeCountingItsFailuresAndTheNextStartsAgainAt50Ms() {
    AcceptBackoff backoff = new AcceptBackoff();
    backoff.failed();
    backoff.failed();
    backoff.failed();
    assertThat(backoff.succeeded()).isEqualTo(3);
    assertThat(backoff.inEpisode()).isFalse();
    assertThat(backoff.succeeded()).isZero();
    assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(50));
  }
}
