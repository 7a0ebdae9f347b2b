package dev.braid.defer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class DeferredSmokeTest {
  @Test
  void nestedChainOfOneHundredThousandFiresWithoutStackOverflow() {
    int n = 100_000;
    List<Deferred<Integer>> ds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ds.add(new Deferred<>());
    }
    for (int i = 0; i < n - 1; i++) {
      Deferred<Integer> next = ds.get(i + 1);
      ds.get(i).addDeferredCallback(v -> next);
    }
    for (int i = 0; i < n - 1; i++) {
      ds.get(i).callback(i);
    }
    int[] seen = {-1};
    ds.get(0).addCallback(v -> seen[0] = v);
    ds.get(n - 1).callback(42);
    assertThat(seen[0]).isEqualTo(42);
  }

  @Test
  void unhandledErrorIsLoggedWhenCollected() {
    Deferred.fail(new IllegalStateException("boom"));
    dev.braid.defer.internal.UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
  }
}
