package dev.braid.defer.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Deferreds that were garbage-collected while their chain ended in an error, and logs them
 * ("Unhandled error in Deferred"). Only Deferreds whose chain currently ends in an error are
 * tracked (a weak reference each), so the normal path costs nothing.
 *
 * <p>A daemon thread logs collected Deferreds as the JVM finds them; {@link #collectNow()} forces a
 * collection and logs synchronously (the JUnit extension calls it after each test).
 */
public final class UnhandledErrors {
  private static final Logger LOG = LoggerFactory.getLogger("dev.braid.defer.Deferred");
  private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
  private static final Set<Tracked> TRACKED = ConcurrentHashMap.newKeySet();

  /**
   * Held while a collected Deferred is taken out of {@link #TRACKED} and logged, so that {@link
   * #collectNow()} cannot return while the reaper thread is still logging one it took.
   */
  private static final Object REPORTING = new Object();

  static {
    Thread reaper = new Thread(UnhandledErrors::reap, "braid-unhandled-deferred-errors");
    reaper.setDaemon(true);
    reaper.start();
  }

  private UnhandledErrors() {}

  /** A Deferred whose chain ends in {@code error}; call {@link #handled()} once it moves on. */
  public static final class Tracked extends WeakReference<Object> {
    private final Throwable error;

    Tracked(Object deferred, Throwable error) {
      super(deferred, QUEUE);
      this.error = error;
    }

    /** The error got an errback (or moved to another Deferred): stop tracking. */
    public void handled() {
      TRACKED.remove(this);
      clear();
    }

    void report() {
      synchronized (REPORTING) {
        if (TRACKED.remove(this)) {
          LOG.error("Unhandled error in Deferred:", error);
        }
      }
    }
  }

  /** Starts tracking {@code deferred}, whose chain now ends in {@code error}. */
  public static Tracked track(Object deferred, Throwable error) {
    Tracked tracked = new Tracked(deferred, error);
    TRACKED.add(tracked);
    return tracked;
  }

  /**
   * Runs a full garbage collection and logs, on the calling thread, every tracked Deferred that is
   * gone. Returns how many were logged.
   */
  public static int collectNow() {
    if (TRACKED.isEmpty()) {
      return 0;
    }
    System.gc();
    List<Tracked> gone = new ArrayList<>();
    for (Tracked tracked : TRACKED) {
      if (tracked.refersTo(null)) {
        gone.add(tracked);
      }
    }
    int logged = 0;
    synchronized (REPORTING) {
      for (Tracked tracked : gone) {
        if (TRACKED.contains(tracked)) {
          tracked.report();
          logged++;
        }
      }
    }
    return logged;
  }

  private static void reap() {
    while (true) {
      try {
        if (QUEUE.remove() instanceof Tracked tracked) {
          tracked.report();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
