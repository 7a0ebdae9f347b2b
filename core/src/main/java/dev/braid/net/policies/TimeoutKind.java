package dev.braid.net.policies;

/** Which of {@link TimeoutProtocol}'s timers fired. */
public enum TimeoutKind {
  /** No byte was read or written for the idle period. */
  IDLE,
  /** The connection reached its maximum lifetime, busy or not. */
  LIFETIME
}
