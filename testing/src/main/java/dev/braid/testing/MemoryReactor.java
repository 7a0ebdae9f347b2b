package dev.braid.testing;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.net.ClientFactory;
import dev.braid.net.Connector;
import dev.braid.net.DatagramProtocol;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Resolver;
import dev.braid.reactor.LendableReactor;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorNotRestartableException;
import dev.braid.reactor.ReactorNotRunningException;
import dev.braid.reactor.SystemResolver;
import dev.braid.time.DelayedCall;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake {@link Reactor} for unit tests (Twisted's {@code MemoryReactorClock}): no thread, no
 * selector, no sockets. It records what the code under test asks for and lets the test play the
 * world's part.
 *
 * <pre>{@code
 * var reactor = new MemoryReactor();
 * var service = new Reconnector(reactor, "db.example", 5432);  // calls connectTcp
 * var connector = reactor.tcpClients().getFirst().connector();
 * connector.failConnection(new ConnectException("refused"));
 * reactor.clock().advance(Duration.ofSeconds(1));               // the retry is due
 * assertThat(connector.attempts()).isEqualTo(2);
 * }</pre>
 *
 * <h2>Time</h2>
 *
 * {@link #nanoTime()}, {@link #callLater} and {@link #pendingCalls()} use the {@link FakeClock}
 * from {@link #clock()}; time moves only with {@code clock().advance(...)}.
 *
 * <h2>TCP</h2>
 *
 * {@link #listenTcp} records a {@link TcpServer} and returns a {@link FakeListeningPort} (port 0
 * becomes a made-up port from 40000 up; asking for a port another listening port holds throws
 * {@link BindException}). {@link #connectTcp} records a {@link TcpClient} and returns a {@link
 * FakeConnector} in state {@code CONNECTING}, which the test completes ({@link
 * FakeConnector#completeConnection}, {@link FakeConnector#completeLoopback}) or fails ({@link
 * FakeConnector#failConnection}).
 *
 * <h2>Lifecycle</h2>
 *
 * There is no loop, so nothing blocks:
 *
 * <ul>
 *   <li>{@link #run()} marks the reactor running, runs the {@link #callWhenRunning} tasks and the
 *       queued {@link #callFromThread} tasks, and returns at once. The reactor stays running until
 *       {@link #stop()}; the test drives it with the clock in between. Running it a second time
 *       throws ({@link ReactorNotRestartableException} once it stopped).
 *   <li>{@link #callWhenRunning} runs the task at once when the reactor is running, keeps it for
 *       {@link #run()} before, and drops it once shutdown started.
 *   <li>{@link #stop()} runs the shutdown triggers phase by phase. At the start of the {@code
 *       DURING} phase it stops every listening port and calls {@link Connector#disconnect()} on
 *       every connector. A phase whose triggers returned Deferreds that have not fired waits for
 *       them, or for {@link #SHUTDOWN_TIMEOUT} on the fake clock; the test fires them or advances
 *       the clock. {@link #running()} is true until the last phase finished, then {@link
 *       #hasStopped()} is.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * The thread that creates the reactor is its reactor thread ({@link #isReactorThread()}), and only
 * it may call the reactor, except {@link #callFromThread}, {@link #execute}, {@link
 * #isReactorThread} and {@link #stop}, which any thread may call. Tasks given to {@code
 * callFromThread} wait in a queue that runs on the reactor thread at {@link #drain()}, at {@link
 * #run()}, and at each turn of the clock: at the start of every {@code advance} (and so {@code
 * runDue}) and after each delayed call it runs. {@link #stop()} from another thread is queued the
 * same way. Unlike the real reactor, {@link #deferToThread} and {@link #blockingCallFromThread} run
 * their work at once on the calling thread; see there.
 *
 * <p>It is a {@link LendableReactor}, so coroutines run on it: {@code Coroutines.async(reactor,
 * body)} runs the body at once up to its first await on a Deferred that has not fired, and the body
 * goes on, on the test's call, when the test fires that Deferred (by advancing the {@link
 * #clock()}, pumping a loopback, or calling it back). While the body runs, it is the reactor
 * thread.
 *
 * <p>Errors thrown by tasks, delayed calls and shutdown triggers are logged at ERROR through SLF4J,
 * as the real reactor does; in a {@link BraidTest}, expect them with {@link LoggedErrors#flush}.
 */
public final class MemoryReactor implements LendableReactor {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryReactor.class);

  /** How long a shutdown phase waits for its triggers' Deferreds, on the fake clock. */
  public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /** The first port number handed out for {@code listenTcp} on port 0. */
  static final int FIRST_MADE_UP_PORT = 40_000;

  /**
   * What {@link #listenTcp} recorded.
   *
   * @param port the port asked for (0 for "any")
   * @param factory the factory given
   * @param options the options given
   * @param listeningPort the port returned, with the made-up port number in its address
   */
  public record TcpServer(
      int port,
      ProtocolFactory factory,
      TcpListenOptions options,
      FakeListeningPort listeningPort) {}

  /**
   * What {@link #connectTcp} recorded.
   *
   * @param host the host given
   * @param port the port given
   * @param factory the factory given
   * @param options the options given
   * @param connector the connector returned, which the test drives
   */
  public record TcpClient(
      String host,
      int port,
      ClientFactory factory,
      TcpConnectOptions options,
      FakeConnector connector) {}

  /**
   * What {@link #listenUdp} recorded.
   *
   * @param port the port asked for (0 for "any")
   * @param protocol the protocol given
   * @param options the options given
   * @param transport the transport returned, through which the test delivers datagrams
   */
  public record UdpServer(
      int port,
      DatagramProtocol protocol,
      UdpListenOptions options,
      FakeDatagramTransport transport) {}

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final FakeClock clock = new FakeClock();
  // The creating thread, or a coroutine body it lent the reactor to (see setOwner).
  private volatile Thread reactorThread = Thread.currentThread();
  private final ConcurrentLinkedQueue<Runnable> fromThreads = new ConcurrentLinkedQueue<>();
  private final List<Runnable> whenRunning = new ArrayList<>();
  private final EnumMap<ShutdownPhase, List<Supplier<? extends Deferred<?>>>> triggers =
      new EnumMap<>(ShutdownPhase.class);
  private final List<TcpServer> tcpServers = new ArrayList<>();
  private final List<UdpServer> udpServers = new ArrayList<>();
  private final List<TcpClient> tcpClients = new ArrayList<>();
  private int nextPort = FIRST_MADE_UP_PORT;
  private State state = State.NEW;
  private Resolver resolver = SystemResolver.create(this);

  /** A reactor at time 0 whose reactor thread is the calling thread. */
  public MemoryReactor() {
    for (ShutdownPhase phase : ShutdownPhase.values()) {
      triggers.put(phase, new ArrayList<>());
    }
    clock.onEachTurn(this::runQueued);
  }

  /**
   * The installed resolver; a {@link SystemResolver} at first, which here looks names up at once on
   * the calling thread (see {@link #deferToThread}). Tests install a fake one.
   */
  @Override
  public Resolver resolver() {
    return resolver;
  }

  @Override
  public Resolver installResolver(Resolver replacement) {
    Resolver previous = resolver;
    resolver = Objects.requireNonNull(replacement, "resolver");
    return previous;
  }

  /** The clock behind this reactor's time; advance it to run delayed calls. */
  public FakeClock clock() {
    return clock;
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable task) {
    return clock.callLater(delay, task);
  }

  @Override
  public List<DelayedCall> pendingCalls() {
    return clock.pendingCalls();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Marks the reactor running, runs the {@link #callWhenRunning} tasks in order, then the queued
   * {@link #callFromThread} tasks, and returns (there is no loop to block in). Throws {@link
   * ReactorNotRestartableException} if the reactor has stopped, {@link IllegalStateException} if it
   * is running. An exception from a task is logged and the other tasks still run.
   */
  @Override
  public void run() {
    switch (state) {
      case STOPPED ->
          throw new ReactorNotRestartableException(
              "this MemoryReactor already ran and stopped; a reactor runs once");
      case RUNNING, STOPPING -> throw new IllegalStateException("the reactor is already running");
      case NEW -> {}
    }
    state = State.RUNNING;
    List<Runnable> tasks = List.copyOf(whenRunning);
    whenRunning.clear();
    for (Runnable task : tasks) {
      runLogged(task, "a callWhenRunning task");
    }
    runQueued();
  }

  /**
   * Starts shutdown (see the class doc); it finishes now if no trigger returned an unfired
   * Deferred. Calling it again during shutdown does nothing. Throws {@link
   * ReactorNotRunningException} if the reactor never ran or has stopped. From another thread, the
   * call is queued like {@link #callFromThread} and does nothing if the reactor is not running
   * then.
   */
  @Override
  public void stop() {
    if (!isReactorThread()) {
      callFromThread(
          () -> {
            if (state == State.RUNNING) {
              stop();
            }
          });
      return;
    }
    switch (state) {
      case NEW ->
          throw new ReactorNotRunningException("the reactor was never started: call run() first");
      case STOPPED -> throw new ReactorNotRunningException("the reactor has already stopped");
      case STOPPING -> {}
      case RUNNING -> {
        state = State.STOPPING;
        runPhase(ShutdownPhase.BEFORE);
      }
    }
  }

  /**
   * Runs {@code task} now if the reactor is running (exceptions reach the caller), keeps it for
   * {@link #run()} if it has not started, and drops it once shutdown has started.
   */
  @Override
  public void callWhenRunning(Runnable task) {
    switch (state) {
      case NEW -> whenRunning.add(task);
      case RUNNING -> task.run();
      case STOPPING, STOPPED -> {}
    }
  }

  /** True from {@link #run()} until shutdown has finished. */
  @Override
  public boolean running() {
    return state == State.RUNNING || state == State.STOPPING;
  }

  /** True once {@link #run()} was called (Twisted's {@code hasRun}). */
  public boolean hasRun() {
    return state != State.NEW;
  }

  /** True once shutdown has finished (Twisted's {@code hasStopped}). */
  public boolean hasStopped() {
    return state == State.STOPPED;
  }

  /**
   * Adds a shutdown trigger. A trigger may return null or a Deferred; a failed Deferred, like an
   * exception thrown by the trigger, is logged at ERROR. The returned handle removes the trigger if
   * its phase has not started.
   */
  @Override
  public Registration addShutdownTrigger(
      ShutdownPhase phase, Supplier<? extends Deferred<?>> trigger) {
    List<Supplier<? extends Deferred<?>>> list = triggers.get(phase);
    list.add(trigger);
    return () -> list.remove(trigger);
  }

  private void runPhase(ShutdownPhase phase) {
    if (phase == ShutdownPhase.DURING) {
      closeEverything();
    }
    var wait = new PhaseWait(phase);
    for (Supplier<? extends Deferred<?>> trigger : List.copyOf(triggers.get(phase))) {
      Deferred<?> result;
      try {
        result = trigger.get();
      } catch (RuntimeException | Error e) {
        LOG.error("Shutdown trigger in phase {} failed", phase, e);
        continue;
      }
      if (result != null) {
        wait.left++;
        result.addBoth(
            outcome -> {
              if (outcome instanceof Outcome.Failure<?>(var error)) {
                LOG.error("Shutdown trigger in phase {} failed", phase, error);
              }
              wait.left--;
              if (wait.armed && wait.left == 0) {
                finishPhase(wait);
              }
              return null;
            });
      }
    }
    if (wait.left == 0) {
      finishPhase(wait);
    } else {
      wait.armed = true;
      wait.timer =
          clock.callLater(
              SHUTDOWN_TIMEOUT,
              () -> {
                LOG.warn(
                    "Shutdown phase {}: {} trigger(s) did not finish within {}; going on",
                    phase,
                    wait.left,
                    SHUTDOWN_TIMEOUT);
                finishPhase(wait);
              });
    }
  }

  private void finishPhase(PhaseWait wait) {
    if (wait.finished) {
      return;
    }
    wait.finished = true;
    if (wait.timer != null && wait.timer.active()) {
      wait.timer.cancel();
    }
    switch (wait.phase) {
      case BEFORE -> runPhase(ShutdownPhase.DURING);
      case DURING -> runPhase(ShutdownPhase.AFTER);
      case AFTER -> state = State.STOPPED;
    }
  }

  /** The Deferreds one shutdown phase waits for. */
  private static final class PhaseWait {
    final ShutdownPhase phase;
    int left;
    boolean armed;
    boolean finished;
    DelayedCall timer;

    PhaseWait(ShutdownPhase phase) {
      this.phase = phase;
    }
  }

  private void closeEverything() {
    for (TcpServer server : List.copyOf(tcpServers)) {
      server.listeningPort().stopListening();
    }
    for (TcpClient client : List.copyOf(tcpClients)) {
      runLogged(client.connector()::disconnect, "disconnecting " + client.connector());
    }
  }

  // ---------------------------------------------------------------- threads

  /**
   * Queues {@code task} for the reactor thread: it runs at the next {@link #drain()}, {@link
   * #run()} or turn of the clock (before {@link #run()} too: the memory reactor does not hold tasks
   * back until it runs). Safe to call from any thread.
   */
  @Override
  public void callFromThread(Runnable task) {
    fromThreads.add(task);
  }

  /**
   * Runs the queued {@link #callFromThread} tasks, in order, until the queue is empty (tasks that
   * queue more tasks are followed). Returns how many ran. Reactor thread only.
   */
  public int drain() {
    if (!isReactorThread()) {
      throw new IllegalStateException(
          "drain() runs tasks on the reactor thread; call it from the thread that made the reactor");
    }
    return runQueued();
  }

  private int runQueued() {
    int ran = 0;
    for (Runnable task; (task = fromThreads.poll()) != null; ) {
      ran++;
      runLogged(task, "a callFromThread task");
    }
    return ran;
  }

  private static void runLogged(Runnable task, String what) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.error("Unhandled error in {}", what, e);
    }
  }

  @Override
  public boolean isReactorThread() {
    return Thread.currentThread() == reactorThread;
  }

  /** The listening ports of {@link #tcpServers()} that still listen. */
  @Override
  public List<ListeningPort> listeningPorts() {
    List<ListeningPort> open = new ArrayList<>();
    for (TcpServer server : tcpServers) {
      if (server.listeningPort().listening()) {
        open.add(server.listeningPort());
      }
    }
    return open;
  }

  /** Always empty: a memory reactor opens no channels (its connections are the test's). */
  @Override
  public List<Object> openChannels() {
    return List.of();
  }

  /**
   * Lends the reactor to {@code thread}, or takes it back (for {@link dev.braid.reactor.HandOff}):
   * a coroutine ({@code Coroutines.async}) runs in strict hand-off with the test's thread, which is
   * parked while the body holds the reactor.
   */
  @Override
  public void setOwner(Thread thread) {
    reactorThread = Objects.requireNonNull(thread, "thread");
  }

  /**
   * Runs {@code work} at once on the calling thread (not on a virtual thread) and returns a
   * Deferred that already holds its result or exception, so a test needs no waiting. Code that
   * relies on the work running concurrently needs a real reactor.
   */
  @Override
  public <T> Deferred<T> deferToThread(Callable<? extends T> work) {
    return Deferred.maybeDeferred(work::call);
  }

  /**
   * Runs {@code call} at once on the calling thread (any thread, also the reactor thread, unlike
   * the real reactor) and returns the value of the Deferred it returns, or throws its error
   * (checked errors wrapped in {@link ExecutionException}); reading the error consumes it, as
   * {@link DeferredAssertions} does. The memory reactor cannot wait, so the Deferred must have
   * fired by then: otherwise this throws {@link IllegalStateException}.
   */
  @Override
  public <T> T blockingCallFromThread(Callable<? extends Deferred<T>> call) throws Exception {
    Deferred<T> deferred = call.call();
    Optional<Outcome<T>> outcome = DeferredAssertions.take(deferred);
    if (outcome.isEmpty()) {
      throw new IllegalStateException(
          "a MemoryReactor cannot wait: blockingCallFromThread needs a Deferred that has already"
              + " fired, got "
              + deferred);
    }
    return switch (outcome.get()) {
      case Outcome.Success<T>(var value) -> value;
      case Outcome.Failure<T>(var error) -> throw rethrowable(error);
    };
  }

  private static Exception rethrowable(Throwable error) {
    return switch (error) {
      case Exception e when !(e instanceof RuntimeException) -> new ExecutionException(e);
      case Exception e -> e;
      case Error e -> throw e;
      default -> new ExecutionException(error);
    };
  }

  // ---------------------------------------------------------------- TCP

  /**
   * Records a {@link TcpServer}, calls the factory's {@code startFactory} and returns a port that
   * "listens" on {@code options.interfaceAddress()} ("" means 0.0.0.0) and {@code port}, or a
   * made-up port for 0. Throws {@link BindException} when another listening port of this reactor
   * has that port number, and {@link IllegalArgumentException} for a port outside 0..65535.
   */
  @Override
  public FakeListeningPort listenTcp(int port, ProtocolFactory factory, TcpListenOptions options)
      throws BindException {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    String host = options.interfaceAddress().isEmpty() ? "0.0.0.0" : options.interfaceAddress();
    int actual = port == 0 ? madeUpPort() : port;
    if (portInUse(actual)) {
      throw new BindException(host + ":" + actual + ": address already in use");
    }
    var listening = new FakeListeningPort(address(host, actual), factory);
    factory.startFactory();
    tcpServers.add(new TcpServer(port, factory, options, listening));
    return listening;
  }

  /** Same as {@link #listenTcp(int, ProtocolFactory, TcpListenOptions)} with the defaults. */
  @Override
  public FakeListeningPort listenTcp(int port, ProtocolFactory factory) throws BindException {
    return listenTcp(port, factory, TcpListenOptions.defaults());
  }

  /**
   * Records a {@link TcpClient} and returns its connector, which has started its first attempt (the
   * factory heard {@code startFactory} and {@code startedConnecting}); the test ends the attempt
   * through the connector.
   */
  @Override
  public FakeConnector connectTcp(
      String host, int port, ClientFactory factory, TcpConnectOptions options) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + port);
    }
    var connector = new FakeConnector(this, address(host, port), factory);
    tcpClients.add(new TcpClient(host, port, factory, options, connector));
    connector.connect();
    return connector;
  }

  /** Same as {@link #connectTcp(String, int, ClientFactory, TcpConnectOptions)} with defaults. */
  @Override
  public FakeConnector connectTcp(String host, int port, ClientFactory factory) {
    return connectTcp(host, port, factory, TcpConnectOptions.defaults());
  }

  // ---------------------------------------------------------------- UDP

  /**
   * Records a {@link UdpServer}, starts {@code protocol} on a {@link FakeDatagramTransport} bound
   * to {@code options.interfaceAddress()} ("" means 0.0.0.0) and {@code port} (a made-up port for
   * 0), and returns that transport. Throws {@link IllegalArgumentException} for a port outside
   * 0..65535.
   */
  @Override
  public FakeDatagramTransport listenUdp(
      int port, DatagramProtocol protocol, UdpListenOptions options) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    String host = options.interfaceAddress().isEmpty() ? "0.0.0.0" : options.interfaceAddress();
    int actual = port == 0 ? madeUpPort() : port;
    var transport = new FakeDatagramTransport(address(host, actual), protocol);
    udpServers.add(new UdpServer(port, protocol, options, transport));
    protocol.startProtocol(transport);
    return transport;
  }

  /** Same as {@link #listenUdp(int, DatagramProtocol, UdpListenOptions)} with the defaults. */
  @Override
  public FakeDatagramTransport listenUdp(int port, DatagramProtocol protocol) {
    return listenUdp(port, protocol, UdpListenOptions.defaults());
  }

  /** Every {@link #listenUdp} call so far, in order (also ports that stopped). */
  public List<UdpServer> udpServers() {
    return List.copyOf(udpServers);
  }

  /** Every {@link #listenTcp} call so far, in order (also ports that stopped). */
  public List<TcpServer> tcpServers() {
    return List.copyOf(tcpServers);
  }

  /** Every {@link #connectTcp} call so far, in order. */
  public List<TcpClient> tcpClients() {
    return List.copyOf(tcpClients);
  }

  private int madeUpPort() {
    while (portInUse(nextPort)) {
      nextPort++;
    }
    return nextPort++;
  }

  private boolean portInUse(int port) {
    return tcpServers.stream()
        .map(TcpServer::listeningPort)
        .anyMatch(
            p ->
                p.listening() && p.address() instanceof InetSocketAddress a && a.getPort() == port);
  }

  /** {@code host:port}, resolved for an IP literal and unresolved otherwise (no DNS). */
  private static InetSocketAddress address(String host, int port) {
    try {
      return new InetSocketAddress(InetAddress.ofLiteral(host), port);
    } catch (IllegalArgumentException notALiteral) {
      return InetSocketAddress.createUnresolved(host, port);
    }
  }

  @Override
  public String toString() {
    return "MemoryReactor[" + state + ", t=" + Duration.ofNanos(clock.nanoTime()) + "]";
  }
}
