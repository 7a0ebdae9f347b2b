package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor.Registration;
import dev.braid.reactor.Reactor.ShutdownPhase;
import dev.braid.reactor.internal.SelectorReactorGroup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A reactor per core: N {@link Reactor}s, each running on its own thread and owning the connections
 * it serves. A connection is served by its owning reactor only, from {@code connectionMade} to
 * {@code connectionLost}, so protocols need no locks, exactly as on a single reactor. Reactors talk
 * to each other only through {@link Reactor#callFromThread} (or {@link #callOn}, which also brings
 * the answer back).
 *
 * <h2>Listening</h2>
 *
 * {@link #listenTcp} spreads accepted connections over the reactors, in one of two ways ({@link
 * Distribution}): one socket per reactor bound to the same port with {@code SO_REUSEPORT}, where
 * the kernel picks the socket (and so the reactor) for each new connection; or one acceptor socket
 * on one reactor that deals accepted connections out to the reactors round robin. Either way, the
 * factory's {@link ProtocolFactory#buildProtocol} runs on the reactor that will own the connection,
 * so it may run on several threads at once: a factory shared by a group must be thread-safe
 * (stateless factories are). {@code startFactory}/{@code stopFactory} are counted per reactor, so a
 * factory hears them once for each reactor that listens with it.
 *
 * <h2>Threads</h2>
 *
 * {@link #reactors}, {@link #next}, {@link #current}, {@link #ownerOf}, {@link #start}, {@link
 * #stop}, {@link #running} and {@link #awaitTermination} may be called on any thread. {@link
 * #listenTcp}, {@link #listen}, {@link #callOn} and {@link #addShutdownTrigger} must be called on a
 * reactor thread of this group (or, before the group starts, on the thread that created it); the
 * Deferreds they return fire on that calling reactor's thread. Code on other threads reaches them
 * with {@code group.reactors().get(0).blockingCallFromThread(() -> group.listen(...))}.
 *
 * <h2>Lifecycle</h2>
 *
 * Like a {@link Reactor}, a group runs once. {@link #start} runs every reactor on a new thread and
 * returns; {@link #run} runs the first reactor on the calling thread and the others on new threads,
 * and returns when all have stopped. {@link #stop} stops every reactor. Stopping any one reactor of
 * the group stops the whole group: a group is one server. Each reactor runs its own shutdown
 * triggers and closes its own ports and connections; triggers added to the group with {@link
 * #addShutdownTrigger} run on the first reactor (see there for the order across reactors).
 */
public interface ReactorGroup {
  /** How a group spreads the connections accepted on one port over its reactors. */
  enum Distribution {
    /** {@link #REUSE_PORT} where it spreads connections (Linux), {@link #ACCEPTOR} elsewhere. */
    AUTO,
    /**
     * One listening socket per reactor, all bound to the same port with {@code SO_REUSEPORT}; the
     * kernel hashes each new connection to one of them. No hand-off between threads at all, but the
     * spread is by hash (even on average, not exactly round robin), and only Linux balances this
     * way (other systems either lack the option or give every connection to one socket).
     */
    REUSE_PORT,
    /**
     * One listening socket on one reactor, which accepts and deals each connection to the next
     * reactor round robin ({@link #next}); the receiving reactor registers it on its own selector
     * and builds its protocol. Works everywhere; costs one {@code callFromThread} per connection.
     */
    ACCEPTOR
  }

  /**
   * A new group with one reactor per available processor, spreading connections the {@link
   * Distribution#AUTO} way. Not yet running.
   */
  static ReactorGroup create() {
    return builder().build();
  }

  /** A new group of {@code reactors} reactors (at least 1), not yet running. */
  static ReactorGroup create(int reactors) {
    return builder().reactors(reactors).build();
  }

  /** A builder for a group with non-default settings. */
  static Builder builder() {
    return new Builder();
  }

  /** The reactors of the group, in a fixed order; the first runs group-level shutdown triggers. */
  List<Reactor> reactors();

  /** The next reactor, round robin over {@link #reactors}. Any thread. */
  Reactor next();

  /** The group's reactor whose thread is calling, if any. */
  Optional<Reactor> current();

  /**
   * The reactor that owns {@code transport}: the only thread that may call it and on which its
   * protocol's callbacks run. Empty for a transport that is not a TCP connection of this group.
   */
  Optional<Reactor> ownerOf(Transport transport);

  /**
   * Runs {@code work} on {@code target}'s thread and delivers the outcome of the Deferred it
   * returns to a Deferred that fires on the calling reactor's thread. When {@code target} is the
   * calling reactor, {@code work} runs at once. Call on a reactor thread of this group. If the
   * calling reactor stops before the answer comes back, the returned Deferred never fires.
   */
  <T> Deferred<T> callOn(Reactor target, Callable<? extends Deferred<T>> work);

  /**
   * Listens on {@code port} (0 lets the OS choose; with {@link Distribution#REUSE_PORT} the first
   * socket binds port 0 and the others bind the port it got) and spreads connections over the
   * reactors as {@code distribution} says. The Deferred fires, on the calling reactor, with the
   * listening ports (one per reactor, or the one acceptor's), or fails with a {@link
   * java.net.BindException}. Each returned port may be stopped from any reactor thread of the
   * group; its {@code stopListening} Deferred fires on the calling reactor.
   */
  Deferred<List<ListeningPort>> listenTcp(
      int port, ProtocolFactory factory, TcpListenOptions options, Distribution distribution);

  /**
   * Listens on a {@code tcp:} endpoint ({@code tcp:8080:interface=127.0.0.1:backlog=100}) with the
   * group's distribution. Throws {@link dev.braid.net.EndpointSyntaxException} for a malformed
   * description or another type than {@code tcp}.
   */
  Deferred<List<ListeningPort>> listen(String endpointDescription, ProtocolFactory factory);

  /** The distribution the group uses when none is given, resolved (never {@code AUTO}). */
  Distribution distribution();

  /**
   * Runs every reactor on a new thread and returns once all of them run (from then on, the creating
   * thread is no reactor's thread). Throws {@link ReactorNotRestartableException} when the group
   * already ran.
   */
  void start();

  /**
   * Runs the first reactor on the calling thread and the others on new threads; returns when all
   * have stopped. Throws {@link ReactorNotRestartableException} when the group already ran.
   */
  void run();

  /**
   * Stops every reactor of the group (each runs its triggers and closes its ports and connections).
   * Any thread; calling it twice is harmless. Throws {@link ReactorNotRunningException} when the
   * group was never started or has stopped.
   */
  void stop();

  /** True from {@link #start} or {@link #run} until every reactor has stopped. */
  boolean running();

  /**
   * Waits until every reactor has stopped, at most {@code timeout}; true when they have. Must not
   * be called on a reactor thread of the group.
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /**
   * Adds a shutdown trigger for the whole group; it runs on the first reactor. A {@link
   * ShutdownPhase#BEFORE} trigger runs before any reactor of the group closes a connection: every
   * reactor waits (bounded by its shutdown timeout) for the group's BEFORE triggers before it
   * closes its ports and connections, so a trigger can drain connections on all reactors. {@link
   * ShutdownPhase#DURING} and {@link ShutdownPhase#AFTER} triggers run in the first reactor's own
   * phases; the other reactors close at the same time. Per-reactor triggers are added on the
   * reactor itself ({@code reactors().get(i).addShutdownTrigger}).
   */
  Registration addShutdownTrigger(ShutdownPhase phase, Supplier<? extends Deferred<?>> trigger);

  /** Settings of a new group. Not thread-safe; build once. */
  final class Builder {
    private int reactors = Runtime.getRuntime().availableProcessors();
    private Distribution distribution = Distribution.AUTO;
    private Duration shutdownTimeout = Reactors.DEFAULT_SHUTDOWN_TIMEOUT;
    private String threadName = "braid-reactor";

    private Builder() {}

    /** How many reactors (at least 1); default one per available processor. */
    public Builder reactors(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("a reactor group needs at least 1 reactor, got " + n);
      }
      this.reactors = n;
      return this;
    }

    /** How {@link ReactorGroup#listen} spreads connections; default {@link Distribution#AUTO}. */
    public Builder distribution(Distribution d) {
      this.distribution = d;
      return this;
    }

    /** How long each reactor's shutdown waits for each phase of triggers; default 30 s. */
    public Builder shutdownTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("shutdown timeout must not be negative: " + timeout);
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    /** The prefix of the reactor threads' names (followed by {@code -0}, {@code -1}, ...). */
    public Builder threadName(String prefix) {
      this.threadName = prefix;
      return this;
    }

    /** A new group with these settings, not yet running. */
    public ReactorGroup build() {
      return new SelectorReactorGroup(reactors, distribution, shutdownTimeout, threadName);
    }
  }
}
