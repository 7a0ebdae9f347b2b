package dev.braid.net;

import java.util.Objects;

/**
 * Small {@link PushProducer}s made of actions, for the common case of one thing pacing another: a
 * consumer that falls behind pauses a source, and resumes it once it caught up. For example, to let
 * a slow {@code socket} pause reading from a {@code process}:
 *
 * <pre>{@code
 * socket.registerProducer(PushProducers.of(process::pauseProducing, process::resumeProducing));
 * }</pre>
 *
 * <p>The producers run their actions on the thread that calls them, the reactor thread for every
 * Braid consumer; they hold no state of their own.
 */
public final class PushProducers {
  private PushProducers() {}

  /**
   * A producer that runs {@code pause} when paused and {@code resume} when resumed, and ignores
   * {@code stopProducing}: the consumer going away does not close what it paced (a relay closes the
   * other side in its own way).
   */
  public static PushProducer of(Runnable pause, Runnable resume) {
    return of(pause, resume, () -> {});
  }

  /** A producer that runs {@code pause}, {@code resume} and {@code stop} for the three calls. */
  public static PushProducer of(Runnable pause, Runnable resume, Runnable stop) {
    return new Actions(
        Objects.requireNonNull(pause, "pause"),
        Objects.requireNonNull(resume, "resume"),
        Objects.requireNonNull(stop, "stop"));
  }

  /**
   * A producer that pauses and resumes reading on {@code transport} but never closes it (unlike the
   * transport itself, whose {@code stopProducing} aborts it).
   */
  public static PushProducer readingOf(Transport transport) {
    Objects.requireNonNull(transport, "transport");
    return of(transport::pauseProducing, transport::resumeProducing);
  }

  private record Actions(Runnable pause, Runnable resume, Runnable stop) implements PushProducer {
    @Override
    public void pauseProducing() {
      pause.run();
    }

    @Override
    public void resumeProducing() {
      resume.run();
    }

    @Override
    public void stopProducing() {
      stop.run();
    }
  }
}
