package dev.braid.cred;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The scheduling of slow checks, driven by hand: each check is a Deferred the test fires, so the
 * test decides when a "hash" ends.
 */
@BraidTest
class LoginThrottleTest {
  private final List<Deferred<String>> started = new ArrayList<>();
  private final List<String> startedFor = new ArrayList<>();

  private static Optional<SocketAddress> peer(String host, int port) {
    return Optional.of(new InetSocketAddress(host, port));
  }

  private Deferred<String> submit(
      LoginThrottle throttle, Optional<SocketAddress> peer, String who) {
    return throttle.submit(
        peer,
        () -> {
          Deferred<String> check = new Deferred<>();
          started.add(check);
          startedFor.add(who);
          return check;
        });
  }

  @Test
  void aFloodFromOnePeerHoldsItsShareAndAnotherPeersLoginWaitsOnlyForTheQueue() {
    LoginThrottle throttle = LoginThrottle.create(new HashingLimits(2, 4, 2));
    List<Deferred<String>> flood = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      flood.add(submit(throttle, peer("127.0.0.1", 40_000 + i), "flood"));
    }

    assertThat(started).hasSize(2);
    for (Deferred<String> refused : flood.subList(2, 200)) {
      assertThat(failureResultOf(refused, LoginRateLimited.class))
          .hasMessageContaining("too many logins from /127.0.0.1");
    }

    Deferred<String> right = submit(throttle, peer("127.0.0.2", 50_000), "right");
    assertNoResult(right);
    assertThat(throttle.queued()).isEqualTo(1);

    started.get(0).errback(new UnauthorizedLogin("wrong password for mallory"));

    assertThat(startedFor).containsExactly("flood", "flood", "right");
    started.get(2).callback("alice");
    assertThat(successResultOf(right)).isEqualTo("alice");
    assertThat(failureResultOf(flood.get(0), UnauthorizedLogin.class))
        .hasMessage("wrong password for mallory");
    started.get(1).errback(new UnauthorizedLogin("wrong password for mallory"));
    failureResultOf(flood.get(1), UnauthorizedLogin.class);
    assertThat(throttle.running()).isZero();
  }

  @Test
  void pastTheQueueEveryLoginFailsAtOnceUntilAPlaceIsFree() {
    LoginThrottle throttle = LoginThrottle.create(new HashingLimits(1, 2, 2));
    Deferred<String> a = submit(throttle, peer("10.0.0.1", 1), "a");
    Deferred<String> b = submit(throttle, peer("10.0.0.2", 1), "b");
    Deferred<String> c = submit(throttle, peer("10.0.0.3", 1), "c");

    Deferred<String> d = submit(throttle, peer("10.0.0.4", 1), "d");

    assertThat(failureResultOf(d, LoginRateLimited.class))
        .hasMessage("too many logins at once (1 being checked, 2 waiting)");
    assertThat(startedFor).containsExactly("a");
    started.get(0).callback("a");
    assertThat(successResultOf(a)).isEqualTo("a");
    assertThat(startedFor).containsExactly("a", "b");
    Deferred<String> e = submit(throttle, peer("10.0.0.5", 1), "e");
    assertNoResult(e);
    assertThat(throttle.queued()).isEqualTo(2);
    started.get(1).callback("b");
    started.get(2).callback("c");
    started.get(3).callback("e");
    assertThat(successResultOf(b)).isEqualTo("b");
    assertThat(successResultOf(c)).isEqualTo("c");
    assertThat(successResultOf(e)).isEqualTo("e");
  }

  @Test
  void aCancelledWaitingLoginLeavesTheQueueAndFreesItsPeersPlace() {
    LoginThrottle throttle = LoginThrottle.create(new HashingLimits(1, 4, 1));
    Deferred<String> first = submit(throttle, peer("10.0.0.1", 1), "first");
    Deferred<String> waiting = submit(throttle, peer("10.0.0.2", 1), "waiting");

    waiting.cancel();

    failureResultOf(waiting, CancellationException.class);
    assertThat(throttle.queued()).isZero();
    Deferred<String> again = submit(throttle, peer("10.0.0.2", 2), "again");
    assertNoResult(again);
    started.get(0).callback("first");
    assertThat(successResultOf(first)).isEqualTo("first");
    assertThat(startedFor).containsExactly("first", "again");
  }

  @Test
  void loginsWithoutAPeerCountOnlyAgainstTheTotals() {
    LoginThrottle throttle = LoginThrottle.create(new HashingLimits(3, 0, 1));
    submit(throttle, Optional.empty(), "1");
    submit(throttle, Optional.empty(), "2");
    submit(throttle, Optional.empty(), "3");

    assertThat(startedFor).containsExactly("1", "2", "3");
    failureResultOf(submit(throttle, Optional.empty(), "4"), LoginRateLimited.class);
  }

  @Test
  void aCheckThatThrowsFailsItsLoginAndFreesItsPlace() {
    LoginThrottle throttle = LoginThrottle.create(new HashingLimits(1, 0, 1));
    Deferred<String> broken =
        throttle.submit(
            peer("10.0.0.1", 1),
            () -> {
              throw new IllegalStateException("broken check");
            });

    assertThat(failureResultOf(broken, IllegalStateException.class)).hasMessage("broken check");
    assertThat(throttle.running()).isZero();
    assertNoResult(submit(throttle, peer("10.0.0.1", 1), "next"));
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new HashingLimits(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashingLimits.DEFAULTS.withMaxPerPeer(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HashingLimits.DEFAULTS.maxConcurrent())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(HashingLimits.DEFAULTS.withMaxQueued(0).maxQueued()).isZero();
  }
}
