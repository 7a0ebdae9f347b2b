package dev.braid.reactor;

/** Thrown by {@link Reactor#run()} when the reactor already ran: a reactor runs once. */
public final class ReactorNotRestartableException extends IllegalStateException {
  public ReactorNotRestartableException(String message) {
    super(message);
  }
}
