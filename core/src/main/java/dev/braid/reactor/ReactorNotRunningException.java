package dev.braid.reactor;

/** Thrown by {@link Reactor#stop()} when the reactor is not running (never started, or stopped). */
public final class ReactorNotRunningException extends IllegalStateException {
  public ReactorNotRunningException(String message) {
    super(message);
  }
}
