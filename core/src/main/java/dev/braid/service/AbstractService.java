package dev.braid.service;

import dev.braid.defer.Deferred;
import java.util.Objects;
import java.util.Optional;

/**
 * The base of Braid's services: keeps the name, the parent and the running flag, and turns an
 * exception thrown by {@link #doStart}/{@link #doStop} into a failed Deferred. Subclasses implement
 * {@link #doStart} and {@link #doStop}. Reactor thread only.
 */
public abstract class AbstractService implements Service {
  private final String name;
  private MultiService parent;
  private boolean running;

  /** A service called {@code name}. */
  protected AbstractService(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final boolean running() {
    return running;
  }

  @Override
  public final Optional<MultiService> parent() {
    return Optional.ofNullable(parent);
  }

  final void setParent(MultiService parent) {
    if (parent != null && this.parent != null) {
      throw new IllegalStateException(
          "service " + name + " already belongs to " + this.parent.name());
    }
    this.parent = parent;
  }

  @Override
  public final Deferred<Void> startService() {
    if (running) {
      throw new IllegalStateException("service " + name + " is already running");
    }
    running = true;
    return Deferred.maybeDeferredAsync(this::doStart)
        .addErrback(
            error -> {
              running = false;
              throw error instanceof Exception e ? e : new RuntimeException(error);
            });
  }

  @Override
  public final Deferred<Void> stopService() {
    if (!running) {
      return Deferred.succeed(null);
    }
    running = false;
    return Deferred.maybeDeferredAsync(this::doStop);
  }

  /** Starts the work; the Deferred fires once the service is up. */
  protected abstract Deferred<Void> doStart() throws Exception;

  /** Stops the work; the Deferred fires once the service is fully down. */
  protected abstract Deferred<Void> doStop() throws Exception;

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + (running ? ", running" : "") + "]";
  }
}
