package dev.braid.cred;

import dev.braid.defer.Deferred;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs slow credential checks (password hashes) a few at a time, within {@link HashingLimits}: at
 * most {@code maxConcurrent} run at once, up to {@code maxQueued} more wait their turn in arrival
 * order, and one peer host may have at most {@code maxPerPeer} running or waiting. A check past
 * those bounds fails at once with {@link LoginRateLimited}, without running. So a flood of logins
 * from one host holds at most {@code maxPerPeer} places, and a login from another host waits at
 * most for the queue ahead of it, never for the flood.
 *
 * <p>Reactor thread only: {@link #submit} and the Deferreds the work returns must fire there (the
 * work itself runs wherever it likes, e.g. {@link dev.braid.reactor.Reactor#deferToThread}).
 * Cancelling a waiting check's Deferred takes it out of the queue; a running one cannot be stopped,
 * and its place is freed when it ends.
 */
public final class LoginThrottle {
  private final class Job<T> {
    final Object peer;
    final Supplier<Deferred<T>> work;
    final Deferred<T> result;
    boolean started;
    boolean done;

    Job(Object peer, Supplier<Deferred<T>> work) {
      this.peer = peer;
      this.work = work;
      this.result = new Deferred<>(d -> cancelled(this));
    }
  }

  private final HashingLimits limits;
  private final ArrayDeque<Job<?>> queue = new ArrayDeque<>();
  private final Map<Object, Integer> perPeer = new HashMap<>();
  private int running;

  private LoginThrottle(HashingLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A throttle enforcing {@code limits}. */
  public static LoginThrottle create(HashingLimits limits) {
    return new LoginThrottle(limits);
  }

  /** The limits. */
  public HashingLimits limits() {
    return limits;
  }

  /** The checks running now. */
  public int running() {
    return running;
  }

  /** The checks waiting for their turn now. */
  public int queued() {
    return queue.size();
  }

  /**
   * Runs {@code work} (which starts a check and returns its Deferred) now if fewer than {@code
   * maxConcurrent} checks run, or once its turn comes; the returned Deferred fires with the work's
   * result. Fails at once with {@link LoginRateLimited} if {@code peer} has {@code maxPerPeer}
   * checks running or waiting, or the queue is full. {@code peer} is the client's address, if
   * known; only its host counts, not its port.
   */
  public <T> Deferred<T> submit(Optional<SocketAddress> peer, Supplier<Deferred<T>> work) {
    Objects.requireNonNull(work, "work");
    Object key = peer.map(LoginThrottle::hostOf).orElse(null);
    if (key != null && perPeer.getOrDefault(key, 0) >= limits.maxPerPeer()) {
      return Deferred.fail(
          new LoginRateLimited(
              "too many logins from "
                  + key
                  + " at once (at most "
                  + limits.maxPerPeer()
                  + " per peer)"));
    }
    if (running >= limits.maxConcurrent() && queue.size() >= limits.maxQueued()) {
      return Deferred.fail(
          new LoginRateLimited(
              "too many logins at once ("
                  + running
                  + " being checked, "
                  + queue.size()
                  + " waiting)"));
    }
    Job<T> job = new Job<>(key, work);
    if (key != null) {
      perPeer.merge(key, 1, Integer::sum);
    }
    if (running < limits.maxConcurrent()) {
      start(job);
    } else {
      queue.addLast(job);
    }
    return job.result;
  }

  private <T> void start(Job<T> job) {
    job.started = true;
    running++;
    Deferred<T> check;
    try {
      check = Objects.requireNonNull(job.work.get(), "the check returned null");
    } catch (RuntimeException e) {
      check = Deferred.fail(e);
    }
    check.addCallbacks(
        value -> {
          finish(job);
          if (!job.result.called()) {
            job.result.callback(value);
          }
          return null;
        },
        error -> {
          finish(job);
          if (!job.result.called()) {
            job.result.errback(error);
          }
          return null;
        });
  }

  private void finish(Job<?> job) {
    if (job.done) {
      return;
    }
    job.done = true;
    running--;
    release(job);
    Job<?> next = queue.pollFirst();
    if (next != null) {
      start(next);
    }
  }

  private void cancelled(Job<?> job) {
    if (!job.started && queue.remove(job)) {
      job.done = true;
      release(job);
    }
  }

  private void release(Job<?> job) {
    if (job.peer != null) {
      perPeer.computeIfPresent(job.peer, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  private static Object hostOf(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress();
    }
    if (address instanceof InetSocketAddress inet) {
      return inet.getHostString();
    }
    return address;
  }

  @Override
  public String toString() {
    return "LoginThrottle{running=" + running + ", queued=" + queue.size() + ", " + limits + "}";
  }
}
