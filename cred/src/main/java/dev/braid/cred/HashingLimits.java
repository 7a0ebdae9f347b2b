package dev.braid.cred;

/**
 * Bounds on the password hashing a checker does at once ({@link LoginThrottle}): bcrypt is slow on
 * purpose, so a flood of wrong logins would otherwise take every core and make the right ones wait.
 * Past these bounds a login fails at once with {@link LoginRateLimited}, before any hashing.
 * Immutable.
 *
 * @param maxConcurrent the most hashes running at once, in total
 * @param maxQueued the most logins waiting for a hash to finish, in total
 * @param maxPerPeer the most logins running or waiting for one peer host (its IP address, whatever
 *     the port); logins without a known peer count only against the totals
 */
public record HashingLimits(int maxConcurrent, int maxQueued, int maxPerPeer) {
  /** The default queue length: 64 logins. */
  public static final int DEFAULT_MAX_QUEUED = 64;

  /** The default for one peer: 2 logins running or waiting. */
  public static final int DEFAULT_MAX_PER_PEER = 2;

  /**
   * The defaults: one hash running per available processor, {@value #DEFAULT_MAX_QUEUED} waiting,
   * {@value #DEFAULT_MAX_PER_PEER} per peer host.
   */
  public static final HashingLimits DEFAULTS =
      new HashingLimits(
          Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_QUEUED, DEFAULT_MAX_PER_PEER);

  /** Checks the bounds: at least one hash at once and per peer, a queue of zero or more. */
  public HashingLimits {
    if (maxConcurrent < 1 || maxQueued < 0 || maxPerPeer < 1) {
      throw new IllegalArgumentException(
          "HashingLimits need maxConcurrent >= 1, maxQueued >= 0 and maxPerPeer >= 1, not "
              + maxConcurrent
              + ", "
              + maxQueued
              + " and "
              + maxPerPeer);
    }
  }

  /** These limits with another number of hashes at once. */
  public HashingLimits withMaxConcurrent(int max) {
    return new HashingLimits(max, maxQueued, maxPerPeer);
  }

  /** These limits with another queue length. */
  public HashingLimits withMaxQueued(int max) {
    return new HashingLimits(maxConcurrent, max, maxPerPeer);
  }

  /** These limits with another bound per peer host. */
  public HashingLimits withMaxPerPeer(int max) {
    return new HashingLimits(maxConcurrent, maxQueued, max);
  }
}
