package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Push producers made of actions. */
class PushProducersTest {
  @Test
  void pauseResumeAndStopRunTheirActions() {
    List<String> calls = new ArrayList<>();
    PushProducer producer =
        PushProducers.of(
            () -> calls.add("pause"), () -> calls.add("resume"), () -> calls.add("stop"));
    producer.pauseProducing();
    producer.resumeProducing();
    producer.stopProducing();
    assertThat(calls).containsExactly("pause", "resume", "stop");
  }

  @Test
  void withoutAStopActionStoppingDoesNothing() {
    List<String> calls = new ArrayList<>();
    PushProducer producer = PushProducers.of(() -> calls.add("pause"), () -> calls.add("resume"));
    producer.stopProducing();
    assertThat(calls).isEmpty();
  }

  @Test
  void readingOfATransportPausesAndResumesItButNeverClosesIt() {
    StringTransport transport = new StringTransport();
    PushProducer reading = PushProducers.readingOf(transport);
    List<Boolean> paused = new ArrayList<>();
    reading.pauseProducing();
    paused.add(transport.readingPaused());
    reading.resumeProducing();
    paused.add(transport.readingPaused());
    reading.stopProducing();
    assertThat(paused).containsExactly(true, false);
    assertThat(transport.disconnecting()).as("stopping does not close it").isFalse();
  }
}
