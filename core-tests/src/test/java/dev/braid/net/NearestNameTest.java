package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean": the nearest known name to a likely typo, and nothing for a far-off name. */
class NearestNameTest {
  private static final List<String> PLUGINS =
      List.of("echo", "discard", "chargen", "daytime", "web", "socks", "exec", "procmon");

  @Test
  void swappedMissingAndExtraLettersFindTheName() {
    assertThat(NearestName.among("ecoh", PLUGINS)).contains("echo");
    assertThat(NearestName.among("sock", PLUGINS)).contains("socks");
    assertThat(NearestName.among("webb", PLUGINS)).contains("web");
    assertThat(NearestName.among("daytme", PLUGINS)).contains("daytime");
    assertThat(NearestName.among("DISCRAD", PLUGINS)).contains("discard");
    assertThat(NearestName.among("prcmn", PLUGINS)).contains("procmon");
  }

  @Test
  void aNameFarFromEveryKnownOneGetsNoSuggestion() {
    assertThat(NearestName.among("gopher", PLUGINS)).isEmpty();
    assertThat(NearestName.among("ftp", PLUGINS)).isEmpty();
    assertThat(NearestName.among("x", List.of())).isEmpty();
  }

  @Test
  void theDistanceCountsASwapOfNeighboursAsOneEdit() {
    assertThat(NearestName.distance("ab", "ba")).isEqualTo(1);
    assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(NearestName.distance("", "abc")).isEqualTo(3);
  }
}
