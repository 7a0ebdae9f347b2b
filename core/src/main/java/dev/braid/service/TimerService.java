package dev.braid.service;

import dev.braid.defer.Deferred;
import dev.braid.defer.ThrowingSupplier;
import dev.braid.reactor.LoopingCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task every {@code interval} while running (a {@link LoopingCall}), the first time at
 * start. A task that returns a Deferred is not called again until it fired. A task that throws or
 * fails is logged and the timer stops (the service stays "running" until stopped, as in Twisted).
 * Stop waits for a call in progress. Reactor thread only.
 */
public final class TimerService extends AbstractService {
  private static final Logger LOG = LoggerFactory.getLogger(TimerService.class);
  private final ReactorTime time;
  private final Duration interval;
  private final ThrowingSupplier<? extends Deferred<?>> task;
  private LoopingCall loop;
  private Deferred<LoopingCall> finished;

  /**
   * A service called {@code name} that calls {@code task} every {@code interval} on {@code time}.
   */
  public TimerService(
      String name,
      ReactorTime time,
      Duration interval,
      ThrowingSupplier<? extends Deferred<?>> task) {
    super(name);
    this.time = time;
    this.interval = interval;
    this.task = task;
  }

  /** A timer whose task returns nothing. */
  public static TimerService of(String name, ReactorTime time, Duration interval, Runnable task) {
    return new TimerService(
        name,
        time,
        interval,
        () -> {
          task.run();
          return Deferred.succeed(null);
        });
  }

  @Override
  protected Deferred<Void> doStart() {
    loop = LoopingCall.ofDeferred(time, task);
    finished =
        loop.start(interval)
            .addErrback(
                error -> {
                  LOG.error("timer service {} stopped: its task failed", name(), error);
                  return loop;
                });
    return Deferred.succeed(null);
  }

  @Override
  protected Deferred<Void> doStop() {
    LoopingCall current = loop;
    loop = null;
    if (current != null && current.running()) {
      current.stop();
    }
    return finished.addCallback(ignored -> null);
  }
}
