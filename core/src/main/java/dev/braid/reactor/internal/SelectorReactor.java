package dev.braid.reactor.internal;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientFactory;
import dev.braid.net.Connector;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorUnix;
import dev.braid.net.Resolver;
import dev.braid.reactor.HandOff;
import dev.braid.reactor.LendableReactor;
import dev.braid.reactor.LoopDispatcher;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorNotRestartableException;
import dev.braid.reactor.ReactorNotRunningException;
import dev.braid.reactor.SystemResolver;
import dev.braid.time.DelayedCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactor: one thread, one {@link Selector}. See {@code docs/architecture.md} for the data
 * flow; in short, each turn of the loop
 *
 * <ol>
 *   <li>runs the tasks queued with {@link #callFromThread} (in order),
 *   <li>waits in {@code select} until a channel is ready, the next timer is due, or a task is
 *       queued (which wakes the selector),
 *   <li>dispatches each ready channel to its handler (accept, connect, read, write),
 *   <li>runs the timers that are due.
 * </ol>
 *
 * After each dispatched event, task or timer, the connections written to during it are flushed with
 * one gathering write each, so a protocol that writes several pieces in one callback costs one
 * system call.
 *
 * <p>Ownership: the thread in {@link #owner} may touch reactor state. It is the loop thread, except
 * while the loop has handed the reactor to another thread with {@link HandOff} (a test body or a
 * coroutine), during which the loop thread waits.
 *
 * <p>With a {@link LoopDispatcher} (GUI integration), the loop thread only selects; the rest of
 * each turn runs on the dispatcher's thread, which owns the reactor while it does.
 */
public final class SelectorReactor implements LendableReactor, ReactorUnix {
  private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);

  /** Size of the reactor's one read buffer, lent to every {@code dataReceived}. */
  static final int READ_BUFFER_SIZE = 64 * 1024;

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final Selector selector;
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  final ByteBuffer readView = readBuffer.asReadOnlyBuffer();

  /**
   * Where a connection joins several small queued buffers for one plain write (see {@code
   * TcpConnection.writeToSocket}); used and cleared within one call on the reactor thread.
   */
  final ByteBuffer gatherBuffer = ByteBuffer.allocateDirect(TcpConnection.GATHER_LIMIT);

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();

  /** {@link #turnNanoTime()}'s reading, valid while {@link #turnTimeRead}; loop thread only. */
  private long turnTime;

  /** False from just before each select until the turn's first {@link #turnNanoTime()}. */
  private boolean turnTimeRead;

  private final PriorityQueue<TimedCall> timers =
      new PriorityQueue<>(
          Comparator.<TimedCall>comparingLong(t -> t.heapDue).thenComparingLong(t -> t.seq));
  private int cancelledTimers;
  private long timerSeq;
  private final ArrayList<TcpConnection> dirty = new ArrayList<>();

  /** Waiting for the next select to start (see {@link #afterNextSelect}). */
  private ArrayList<Deferred<Void>> afterSelect = new ArrayList<>();

  /** Armed when a select started; fired once it returned. */
  private ArrayList<Deferred<Void>> armedAfterSelect = new ArrayList<>();

  private final List<TcpListeningPort> ports = new ArrayList<>();
  private final IdentityHashMap<ProtocolFactory, Integer> factoryUsers = new IdentityHashMap<>();
  private final EnumMap<ShutdownPhase, List<Supplier<? extends Deferred<?>>>> triggers =
      new EnumMap<>(ShutdownPhase.class);
  private final Duration shutdownTimeout;
  private volatile State state = State.NEW;
  private volatile Thread owner;
  private volatile Thread loopThread;
  private final Thread creator = Thread.currentThread();
  private boolean exitLoop;
  private final LoopDispatcher dispatcher; // null: everything runs on the loop thread
  private Resolver resolver = SystemResolver.create(this);

  /** A reactor whose shutdown waits at most {@code shutdownTimeout} for each trigger phase. */
  public SelectorReactor(Duration shutdownTimeout) {
    this(shutdownTimeout, null);
  }

  /**
   * A reactor whose loop thread only selects and hands the rest of each turn (ready channels,
   * timers, tasks) to {@code dispatcher}, which runs it on its own thread (see {@link
   * LoopDispatcher}). Shutdown waits at most {@code shutdownTimeout} for each trigger phase.
   */
  public SelectorReactor(Duration shutdownTimeout, LoopDispatcher dispatcher) {
    this.shutdownTimeout = shutdownTimeout;
    this.dispatcher = dispatcher;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    for (ShutdownPhase phase : ShutdownPhase.values()) {
      triggers.put(phase, new ArrayList<>());
    }
  }

  // ------------------------------------------------------------------ threads and ownership

  @Override
  public boolean isReactorThread() {
    Thread current = Thread.currentThread();
    Thread o = owner;
    return o == null ? current == creator : current == o;
  }

  /** Throws when called off the thread that owns the reactor. */
  void checkThread(String what) {
    if (!isReactorThread()) {
      throw new IllegalStateException(
          what
              + " called on thread "
              + Thread.currentThread().getName()
              + ", not the reactor thread; use reactor.callFromThread");
    }
  }

  /** Makes {@code thread} the owner (used by {@link HandOff}). */
  @Override
  public void setOwner(Thread thread) {
    owner = thread;
  }

  Thread owner() {
    return owner;
  }

  @Override
  public boolean running() {
    State s = state;
    return s == State.RUNNING || s == State.STOPPING;
  }

  // ------------------------------------------------------------------ time

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long turnNanoTime() {
    if (!turnTimeRead) {
      turnTime = System.nanoTime();
      turnTimeRead = true;
    }
    return turnTime;
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable task) {
    checkThread("callLater");
    long d = delay.isNegative() ? 0 : delay.toNanos();
    TimedCall call = new TimedCall(this, nanoTime() + d, timerSeq++, task);
    timers.add(call);
    return call;
  }

  void timerCancelled(TimedCall call) {
    cancelledTimers++;
    if (cancelledTimers > 64 && cancelledTimers > timers.size() / 2) {
      timers.removeIf(t -> t.cancelled);
      cancelledTimers = 0;
    }
  }

  void timerMoved(TimedCall call, long newDue) {
    if (newDue < call.heapDue) {
      timers.remove(call);
      call.due = newDue;
      call.heapDue = newDue;
      timers.add(call);
    } else {
      call.due = newDue; // re-filed lazily when its old key comes up
    }
  }

  @Override
  public List<DelayedCall> pendingCalls() {
    List<TimedCall> active = new ArrayList<>();
    for (TimedCall t : timers) {
      if (t.active()) {
        active.add(t);
      }
    }
    active.sort(Comparator.<TimedCall>comparingLong(t -> t.due).thenComparingLong(t -> t.seq));
    return List.copyOf(active);
  }

  private void runTimers() {
    if (timers.isEmpty()) {
      return;
    }
    long now = nanoTime();
    long seqLimit = timerSeq;
    TimedCall t;
    while ((t = timers.peek()) != null && t.heapDue <= now && t.seq < seqLimit) {
      timers.poll();
      if (t.cancelled) {
        cancelledTimers--;
        continue;
      }
      if (t.due != t.heapDue) {
        // Moved later since it was filed: file it again under its real time, so that calls
        // which are all overdue still run in due order.
        t.heapDue = t.due;
        timers.add(t);
        continue;
      }
      t.called = true;
      try {
        t.task.run();
      } catch (Throwable e) {
        LOG.error("Unhandled error in a delayed call", e);
      }
      flushDirty();
    }
  }

  // ------------------------------------------------------------------ tasks

  @Override
  public void callFromThread(Runnable task) {
    tasks.add(task);
    if (Thread.currentThread() != loopThread && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  @Override
  public void callWhenRunning(Runnable task) {
    if (running()) {
      task.run();
    } else {
      callFromThread(task);
    }
  }

  private void runTasks() {
    Runnable task;
    // Tasks queued while these run wait for the next turn, so the loop cannot starve I/O.
    int n = tasks.size();
    while (n-- > 0 && (task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (Throwable e) {
        LOG.error("Unhandled error in a task run on the reactor thread", e);
      }
      flushDirty();
    }
  }

  @Override
  public <T> Deferred<T> deferToThread(Callable<? extends T> work) {
    Deferred<T> result = new Deferred<>();
    Thread.ofVirtual()
        .name("braid-deferToThread")
        .start(
            () -> {
              T value;
              try {
                value = work.call();
              } catch (Throwable e) {
                callFromThread(() -> result.errback(e));
                return;
              }
              callFromThread(() -> result.callback(value));
            });
    return result;
  }

  @Override
  public <T> T blockingCallFromThread(Callable<? extends Deferred<T>> call) throws Exception {
    if (isReactorThread()) {
      throw new IllegalStateException(
          "blockingCallFromThread called on the reactor thread: it would wait for itself");
    }
    if (dispatcher != null && dispatcher.isDispatchThread()) {
      throw new IllegalStateException(
          "blockingCallFromThread called on the thread that runs the reactor's callbacks: it would"
              + " wait for itself; use callFromThread");
    }
    CompletableFuture<T> done = new CompletableFuture<>();
    callFromThread(
        () ->
            Deferred.<T>maybeDeferredAsync(call::call)
                .addCallbacks(
                    value -> {
                      done.complete(value);
                      return null;
                    },
                    error -> {
                      done.completeExceptionally(error);
                      return null;
                    }));
    try {
      return done.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public Registration addShutdownTrigger(
      ShutdownPhase phase, Supplier<? extends Deferred<?>> trigger) {
    List<Supplier<? extends Deferred<?>>> list = triggers.get(phase);
    list.add(trigger);
    return () -> list.remove(trigger);
  }

  @Override
  public void run() {
    if (dispatcher != null && dispatcher.isDispatchThread()) {
      throw new IllegalStateException(
          "run called on the thread that runs the reactor's callbacks (for Swing, the event"
              + " dispatch thread); call run from another thread, such as main");
    }
    synchronized (this) {
      if (state != State.NEW) {
        throw new ReactorNotRestartableException(
            "this reactor already ran; a reactor runs once, create a new one");
      }
      loopThread = Thread.currentThread();
      owner = loopThread;
      state = State.RUNNING;
    }
    try {
      if (dispatcher == null) {
        loop();
      } else {
        dispatchedLoop();
      }
    } finally {
      if (dispatcher == null) {
        closeEverything();
      } else {
        dispatcher.runAndWait(() -> asDispatchTurn(this::closeEverything));
      }
      state = State.STOPPED;
      try {
        selector.close();
      } catch (IOException e) {
        LOG.warn("closing the selector failed", e);
      }
    }
  }

  private void loop() {
    while (true) {
      runTasks();
      if (exitLoop) {
        return;
      }
      long timeoutMs = -1;
      if (!tasks.isEmpty()) {
        timeoutMs = 0;
      } else {
        TimedCall next = timers.peek();
        if (next != null) {
          long nanos = next.heapDue - nanoTime();
          timeoutMs = nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999) / 1_000_000);
        }
      }
      try {
        wakeupPending.set(false);
        if (!tasks.isEmpty() || !afterSelect.isEmpty()) {
          timeoutMs = 0;
        }
        armAfterSelect();
        turnTimeRead = false;
        if (timeoutMs == 0) {
          selector.selectNow(this::dispatch);
        } else if (timeoutMs < 0) {
          selector.select(this::dispatch);
        } else {
          selector.select(this::dispatch, timeoutMs);
        }
      } catch (IOException e) {
        LOG.error("select failed", e);
      }
      fireAfterSelect();
      runTimers();
      if (exitLoop) {
        return;
      }
    }
  }

  /**
   * The loop with a {@link LoopDispatcher}: this thread selects; the dispatcher's thread runs the
   * ready channels, the due timers and the tasks ({@link #dispatchedTurn}), while this one waits.
   */
  private void dispatchedLoop() {
    Runnable turn = () -> asDispatchTurn(this::dispatchedTurn);
    while (true) {
      long timeoutMs = -1;
      TimedCall next = timers.peek();
      if (next != null) {
        long nanos = next.heapDue - nanoTime();
        timeoutMs = nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999) / 1_000_000);
      }
      try {
        wakeupPending.set(false);
        if (!tasks.isEmpty() || !afterSelect.isEmpty()) {
          timeoutMs = 0;
        }
        armAfterSelect();
        turnTimeRead = false;
        if (timeoutMs == 0) {
          selector.selectNow();
        } else if (timeoutMs < 0) {
          selector.select();
        } else {
          selector.select(timeoutMs);
        }
      } catch (IOException e) {
        LOG.error("select failed", e);
      }
      dispatcher.runAndWait(turn);
      if (exitLoop) {
        return;
      }
    }
  }

  /** One turn's callback work, on the dispatcher's thread: ready channels, timers, tasks. */
  private void dispatchedTurn() {
    fireAfterSelect();
    Set<SelectionKey> ready = selector.selectedKeys();
    for (Iterator<SelectionKey> it = ready.iterator(); it.hasNext(); ) {
      SelectionKey key = it.next();
      it.remove();
      if (key.isValid()) { // an earlier handler of this turn may have closed its channel
        dispatch(key);
      }
    }
    runTimers();
    if (!exitLoop) {
      runTasks();
    }
  }

  /** Runs {@code work} with the current (dispatcher's) thread as the reactor's owner. */
  private void asDispatchTurn(Runnable work) {
    Thread previous = owner;
    owner = Thread.currentThread();
    try {
      work.run();
    } finally {
      owner = previous;
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      // cancelled by a handler that ran earlier in this round (one connection closing another)
      return;
    }
    try {
      ((ChannelHandler) key.attachment()).ready(key);
    } catch (Throwable e) {
      LOG.error("Unhandled error dispatching an I/O event", e);
    }
    flushDirty();
  }

  @Override
  public void stop() {
    State s = state;
    if (s == State.NEW || s == State.STOPPED) {
      throw new ReactorNotRunningException(
          s == State.NEW ? "the reactor was never started" : "the reactor already stopped");
    }
    callFromThread(this::beginShutdown);
  }

  private void beginShutdown() {
    if (state != State.RUNNING) {
      return;
    }
    state = State.STOPPING;
    runPhase(ShutdownPhase.BEFORE)
        .addDeferredCallback(
            ignored -> {
              closeEverything();
              return runPhase(ShutdownPhase.DURING);
            })
        .addDeferredCallback(ignored -> runPhase(ShutdownPhase.AFTER))
        .addBoth(
            ignored -> {
              exitLoop = true;
              return null;
            });
  }

  /** Runs the triggers of one phase and waits (bounded) for the Deferreds they return. */
  private Deferred<Void> runPhase(ShutdownPhase phase) {
    List<Deferred<?>> waits = new ArrayList<>();
    for (Supplier<? extends Deferred<?>> trigger : List.copyOf(triggers.get(phase))) {
      try {
        Deferred<?> d = trigger.get();
        if (d != null) {
          waits.add(d);
        }
      } catch (Throwable e) {
        LOG.error("shutdown trigger ({} phase) failed", phase, e);
      }
    }
    Deferred<Void> done = new Deferred<>();
    if (waits.isEmpty()) {
      done.callback(null);
      return done;
    }
    int[] left = {waits.size()};
    DelayedCall timeout =
        callLater(
            shutdownTimeout,
            () -> {
              LOG.warn(
                  "{} of the {} shutdown triggers did not finish within {}; stopping anyway",
                  left[0],
                  phase,
                  shutdownTimeout);
              done.callback(null);
            });
    for (Deferred<?> d : waits) {
      d.addBoth(
          outcome -> {
            if (outcome instanceof dev.braid.defer.Outcome.Failure<?>(var error)) {
              LOG.error("shutdown trigger ({} phase) failed", phase, error);
            }
            if (--left[0] == 0 && timeout.active()) {
              timeout.cancel();
              done.callback(null);
            }
            return null;
          });
    }
    return done;
  }

  private void closeEverything() {
    for (TcpListeningPort port : List.copyOf(ports)) {
      port.stopListening();
    }
    if (!selector.isOpen()) {
      return;
    }
    for (SelectionKey key : List.copyOf(selector.keys())) {
      if (key.attachment() instanceof ChannelHandler handler) {
        handler.reactorStopping();
      }
    }
  }

  // ------------------------------------------------------------------ channels

  /**
   * A Deferred that fires once the selector has run again. A channel closed while registered keeps
   * its socket (and its port) until the selector drops its cancelled key at the start of its next
   * select; a port's {@code stopListening} fires through this, so a stopped port is really free
   * when its Deferred fires. With no loop running, the selector is flushed here.
   */
  Deferred<Void> afterNextSelect() {
    Deferred<Void> done = new Deferred<>();
    State s = state;
    if (s != State.RUNNING && s != State.STOPPING) {
      try {
        if (selector.isOpen()) {
          selector.selectNow(key -> {}); // drops cancelled keys; readiness is reported again
        }
      } catch (IOException e) {
        LOG.debug("flushing the selector failed", e);
      }
      done.callback(null);
      return done;
    }
    afterSelect.add(done);
    return done;
  }

  /** The select about to start drops the keys cancelled so far: its waiters fire after it. */
  private void armAfterSelect() {
    if (!afterSelect.isEmpty()) {
      ArrayList<Deferred<Void>> armed = afterSelect;
      afterSelect = armedAfterSelect;
      armedAfterSelect = armed;
    }
  }

  private void fireAfterSelect() {
    if (armedAfterSelect.isEmpty()) {
      return;
    }
    ArrayList<Deferred<Void>> ready = armedAfterSelect;
    armedAfterSelect = new ArrayList<>();
    for (Deferred<Void> d : ready) {
      d.callback(null);
    }
    flushDirty();
  }

  Selector selector() {
    return selector;
  }

  /** Called by a connection that has bytes to send; it is flushed after the current event. */
  void markDirty(TcpConnection connection) {
    dirty.add(connection);
  }

  void flushDirty() {
    ArrayList<TcpConnection> list = dirty;
    for (int i = 0; i < list.size(); i++) {
      list.get(i).flush();
    }
    list.clear();
  }

  void portOpened(TcpListeningPort port) {
    ports.add(port);
  }

  void portClosed(TcpListeningPort port) {
    ports.remove(port);
  }

  void factoryStarted(ProtocolFactory factory) {
    int users = factoryUsers.merge(factory, 1, Integer::sum);
    if (users == 1) {
      try {
        factory.startFactory();
      } catch (Throwable e) {
        LOG.error("startFactory of {} failed", factory, e);
      }
    }
  }

  void factoryStopped(ProtocolFactory factory) {
    Integer users = factoryUsers.get(factory);
    if (users == null) {
      return;
    }
    if (users == 1) {
      factoryUsers.remove(factory);
      try {
        factory.stopFactory();
      } catch (Throwable e) {
        LOG.error("stopFactory of {} failed", factory, e);
      }
    } else {
      factoryUsers.put(factory, users - 1);
    }
  }

  /** The listening ports still open (for the test kit's dirty-reactor check). */
  @Override
  public List<ListeningPort> listeningPorts() {
    return List.copyOf(ports);
  }

  /** The connections (and connection attempts) still open (for the dirty-reactor check). */
  @Override
  public List<Object> openChannels() {
    List<Object> open = new ArrayList<>();
    if (selector.isOpen()) {
      for (SelectionKey key : selector.keys()) {
        if (key.isValid() && !(key.attachment() instanceof TcpListeningPort)) {
          open.add(key.attachment());
        }
      }
    }
    return open;
  }

  @Override
  public ListeningPort listenTcp(int port, ProtocolFactory factory, TcpListenOptions options)
      throws IOException {
    checkThread("listenTcp");
    return TcpListeningPort.open(this, port, factory, options);
  }

  @Override
  public Resolver resolver() {
    checkThread("resolver");
    return resolver;
  }

  @Override
  public Resolver installResolver(Resolver replacement) {
    checkThread("installResolver");
    Resolver previous = resolver;
    resolver = Objects.requireNonNull(replacement, "resolver");
    return previous;
  }

  @Override
  public Connector connectTcp(
      String host, int port, ClientFactory factory, TcpConnectOptions options) {
    checkThread("connectTcp");
    TcpConnector connector = new TcpConnector(this, host, port, factory, options);
    connector.connect();
    return connector;
  }

  @Override
  public ListeningPort listenUnix(Path path, ProtocolFactory factory, UnixListenOptions options)
      throws IOException {
    checkThread("listenUnix");
    return UnixListening.open(this, path, factory, options);
  }

  @Override
  public Connector connectUnix(Path path, ClientFactory factory, Duration timeout) {
    checkThread("connectUnix");
    TcpConnector connector =
        new TcpConnector(this, UnixDomainSocketAddress.of(path), factory, timeout);
    connector.connect();
    return connector;
  }

  @Override
  public dev.braid.net.DatagramTransport listenUdp(
      int port, dev.braid.net.DatagramProtocol protocol, UdpListenOptions options)
      throws IOException {
    checkThread("listenUdp");
    return UdpPort.open(this, port, protocol, options);
  }

  @Override
  public String toString() {
    return "SelectorReactor[" + state + "]";
  }
}
