package dev.braid.reactor.internal;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactor.Registration;
import dev.braid.reactor.Reactor.ShutdownPhase;
import dev.braid.reactor.ReactorGroup;
import dev.braid.reactor.ReactorNotRestartableException;
import dev.braid.reactor.ReactorNotRunningException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReactorGroup} of {@link SelectorReactor}s. Each reactor owns its connections; the
 * group itself holds no lock on any data path. Its shared state is the round-robin counter, the
 * lifecycle state, the group's BEFORE triggers and the set of accepted channels in flight between
 * an acceptor and their owner (closed if the owner stops before it takes them).
 *
 * <p>Shutdown: every reactor gets a BEFORE trigger (added first) that stops the whole group and
 * returns a barrier Deferred. The first reactor's trigger also runs the group's BEFORE triggers
 * and, once their Deferreds have fired, releases every reactor's barrier (through {@code
 * callFromThread}), so no reactor closes a connection before the group's BEFORE triggers are done.
 */
public final class SelectorReactorGroup implements ReactorGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ReactorGroup.class);

  private enum State {
    NEW,
    RUNNING,
    STOPPED
  }

  private final SelectorReactor[] reactors;
  private final List<Reactor> reactorList;
  private final Member[] members;
  private final Distribution distribution;
  private final String threadName;
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final CopyOnWriteArrayList<Supplier<? extends Deferred<?>>> beforeTriggers =
      new CopyOnWriteArrayList<>();
  private final Set<SocketChannel> inFlight = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopped;
  private final AtomicInteger runningMembers;
  private final Thread[] threads;
  private volatile State state = State.NEW;

  /** Barrier state of one reactor's shutdown; touched only on that reactor's thread. */
  private static final class Member {
    boolean released;
    Deferred<Void> barrier;
  }

  /** A group of {@code n} reactors; see {@link ReactorGroup.Builder}. */
  public SelectorReactorGroup(
      int n, Distribution distribution, Duration shutdownTimeout, String threadName) {
    if (n < 1) {
      throw new IllegalArgumentException("a reactor group needs at least 1 reactor, got " + n);
    }
    this.reactors = new SelectorReactor[n];
    this.members = new Member[n];
    for (int i = 0; i < n; i++) {
      reactors[i] = new SelectorReactor(shutdownTimeout);
      members[i] = new Member();
      int index = i;
      reactors[i].addShutdownTrigger(ShutdownPhase.BEFORE, () -> memberShuttingDown(index));
    }
    this.reactorList = List.of(reactors);
    this.distribution = resolve(distribution);
    this.threadName = threadName;
    this.stopped = new CountDownLatch(n);
    this.runningMembers = new AtomicInteger(n);
    this.threads = new Thread[n];
  }

  /** Whether this JDK and system spread connections over sockets sharing a port. */
  static boolean reusePortSpreads() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      return false;
    }
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException e) {
      return false;
    }
  }

  private static Distribution resolve(Distribution d) {
    if (d != Distribution.AUTO) {
      return d;
    }
    return reusePortSpreads() ? Distribution.REUSE_PORT : Distribution.ACCEPTOR;
  }

  // ------------------------------------------------------------------ reactors and threads

  @Override
  public List<Reactor> reactors() {
    return reactorList;
  }

  @Override
  public Reactor next() {
    return reactors[Math.floorMod(nextIndex.getAndIncrement(), reactors.length)];
  }

  @Override
  public Optional<Reactor> current() {
    for (SelectorReactor r : reactors) {
      if (r.isReactorThread()) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private SelectorReactor requireCurrent(String what) {
    for (SelectorReactor r : reactors) {
      if (r.isReactorThread()) {
        return r;
      }
    }
    throw new IllegalStateException(
        what
            + " called on thread "
            + Thread.currentThread().getName()
            + ", which is not a reactor thread of this group; use"
            + " group.reactors().get(0).blockingCallFromThread");
  }

  @Override
  public Optional<Reactor> ownerOf(Transport transport) {
    if (transport instanceof TcpConnection c) {
      SelectorReactor owner = c.reactor();
      for (SelectorReactor r : reactors) {
        if (r == owner) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public <T> Deferred<T> callOn(Reactor target, Callable<? extends Deferred<T>> work) {
    Reactor home = requireCurrent("callOn");
    if (target.isReactorThread()) {
      return Deferred.maybeDeferredAsync(work::call);
    }
    Deferred<T> answer = new Deferred<>();
    target.callFromThread(
        () ->
            Deferred.<T>maybeDeferredAsync(work::call)
                .addBoth(
                    outcome -> {
                      home.callFromThread(() -> deliver(answer, outcome));
                      return null;
                    }));
    return answer;
  }

  private static <T> void deliver(Deferred<T> answer, Outcome<T> outcome) {
    switch (outcome) {
      case Outcome.Success<T>(var value) -> answer.callback(value);
      case Outcome.Failure<T>(var error) -> answer.errback(error);
    }
  }

  // ------------------------------------------------------------------ listening

  @Override
  public Distribution distribution() {
    return distribution;
  }

  @Override
  public Deferred<List<ListeningPort>> listen(String endpointDescription, ProtocolFactory factory) {
    EndpointDescription d = EndpointDescription.parse(endpointDescription);
    if (!d.prefix().equals("tcp")) {
      throw new EndpointSyntaxException(
          d.text(), "a reactor group listens on tcp: endpoints only, got " + d.prefix() + ":");
    }
    d.allowOnly(1, "port", "interface", "backlog");
    int port = d.port(d.require("port", 0), true);
    TcpListenOptions options = TcpListenOptions.defaults();
    String iface = d.params().getOrDefault("interface", "");
    if (!iface.isEmpty()) {
      try {
        InetAddress.ofLiteral(iface);
      } catch (IllegalArgumentException e) {
        throw new EndpointSyntaxException(
            d.text(), "interface must be an IP address, got \"" + iface + "\"");
      }
      options = options.withInterface(iface);
    }
    if (d.params().containsKey("backlog")) {
      options = options.withBacklog(d.positiveInt("backlog", d.params().get("backlog")));
    }
    return listenTcp(port, factory, options, distribution);
  }

  @Override
  public Deferred<List<ListeningPort>> listenTcp(
      int port, ProtocolFactory factory, TcpListenOptions options, Distribution how) {
    requireCurrent("listenTcp");
    Distribution mode = resolve(how);
    List<ServerSocketChannel> channels = new ArrayList<>();
    try {
      if (mode == Distribution.REUSE_PORT) {
        ServerSocketChannel first = TcpListeningPort.bind(port, options, true);
        channels.add(first);
        int bound = ((InetSocketAddress) first.getLocalAddress()).getPort();
        for (int i = 1; i < reactors.length; i++) {
          channels.add(TcpListeningPort.bind(bound, options, true));
        }
      } else {
        channels.add(TcpListeningPort.bind(port, options, false));
      }
    } catch (IOException e) {
      channels.forEach(TcpListeningPort::closeQuietly);
      return Deferred.fail(e);
    }
    List<Deferred<ListeningPort>> opened = new ArrayList<>();
    if (mode == Distribution.REUSE_PORT) {
      for (int i = 0; i < reactors.length; i++) {
        opened.add(adoptOn(reactors[i], channels.get(i), factory, null));
      }
    } else {
      SelectorReactor acceptor = (SelectorReactor) next();
      opened.add(adoptOn(acceptor, channels.get(0), factory, dealer(acceptor, factory)));
    }
    return Deferred.gather(opened)
        .addErrback(
            error -> {
              for (Deferred<ListeningPort> d : opened) {
                d.addListener(
                    p -> {
                      if (p != null) {
                        p.stopListening();
                      }
                    });
              }
              Throwable cause =
                  error instanceof dev.braid.defer.FirstErrorException && error.getCause() != null
                      ? error.getCause()
                      : error;
              if (cause instanceof Exception e) {
                throw e;
              }
              throw (Error) cause;
            });
  }

  private Deferred<ListeningPort> adoptOn(
      SelectorReactor target,
      ServerSocketChannel channel,
      ProtocolFactory factory,
      java.util.function.Consumer<SocketChannel> dealer) {
    return callOn(
        target,
        () ->
            Deferred.<ListeningPort>succeed(
                new GroupPort(target, TcpListeningPort.adopt(target, channel, factory, dealer))));
  }

  /** Deals each channel the acceptor accepts to the next reactor, round robin. */
  private java.util.function.Consumer<SocketChannel> dealer(
      SelectorReactor acceptor, ProtocolFactory factory) {
    return accepted -> {
      SelectorReactor target = (SelectorReactor) next();
      if (target == acceptor) {
        TcpListeningPort.serve(target, accepted, factory);
        return;
      }
      inFlight.add(accepted);
      target.callFromThread(
          () -> {
            if (inFlight.remove(accepted)) {
              TcpListeningPort.serve(target, accepted, factory);
            }
          });
    };
  }

  /**
   * A listening port of the group: stopping it from another reactor of the group hops to the port's
   * own reactor and brings the answer back.
   */
  private final class GroupPort implements ListeningPort {
    private final SelectorReactor owner;
    private final ListeningPort port;

    GroupPort(SelectorReactor owner, ListeningPort port) {
      this.owner = owner;
      this.port = port;
    }

    @Override
    public SocketAddress address() {
      return port.address();
    }

    @Override
    public Deferred<Void> stopListening() {
      return callOn(owner, port::stopListening);
    }

    @Override
    public String toString() {
      return port.toString();
    }
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void start() {
    begin("start");
    CountDownLatch up = new CountDownLatch(reactors.length);
    for (int i = 0; i < reactors.length; i++) {
      reactors[i].callFromThread(up::countDown);
      startThread(i);
    }
    // Once every loop runs, the creating thread no longer counts as a reactor thread.
    awaitUninterruptibly(up);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    begin("run");
    for (int i = 1; i < reactors.length; i++) {
      startThread(i);
    }
    threads[0] = Thread.currentThread();
    runMember(0);
    awaitUninterruptibly(stopped);
  }

  private synchronized void begin(String what) {
    if (state != State.NEW) {
      throw new ReactorNotRestartableException(
          "this reactor group already ran (" + what + "); a group runs once, create a new one");
    }
    state = State.RUNNING;
  }

  private void startThread(int i) {
    Thread thread = Thread.ofPlatform().name(threadName + "-" + i).unstarted(() -> runMember(i));
    threads[i] = thread;
    thread.start();
  }

  private void runMember(int i) {
    try {
      reactors[i].run();
    } catch (Throwable e) {
      LOG.error("reactor {} of the group failed", i, e);
      stopAll();
    } finally {
      if (i == 0) {
        // However the first reactor ended, nobody is left to run the group's BEFORE triggers:
        // let the others close instead of waiting out their shutdown timeout.
        for (int j = 1; j < reactors.length; j++) {
          int index = j;
          reactors[j].callFromThread(() -> release(index));
        }
      }
      if (runningMembers.decrementAndGet() == 0) {
        state = State.STOPPED;
        for (SocketChannel channel : List.copyOf(inFlight)) {
          if (inFlight.remove(channel)) {
            TcpListeningPort.closeQuietly(channel);
          }
        }
      }
      stopped.countDown();
    }
  }

  @Override
  public void stop() {
    State s = state;
    if (s != State.RUNNING) {
      throw new ReactorNotRunningException(
          s == State.NEW
              ? "the reactor group was never started"
              : "the reactor group already stopped");
    }
    stopAll();
  }

  /** Asks every reactor to stop; a reactor not yet running stops as soon as it starts. */
  private void stopAll() {
    for (SelectorReactor r : reactors) {
      r.callFromThread(
          () -> {
            if (r.running()) {
              r.stop();
            }
          });
    }
  }

  @Override
  public boolean running() {
    return state == State.RUNNING;
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    if (Arrays.asList(threads).contains(Thread.currentThread())) {
      throw new IllegalStateException(
          "awaitTermination called on a reactor thread of the group: it would wait for itself");
    }
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public Registration addShutdownTrigger(
      ShutdownPhase phase, Supplier<? extends Deferred<?>> trigger) {
    if (phase == ShutdownPhase.BEFORE) {
      beforeTriggers.add(trigger);
      return () -> beforeTriggers.remove(trigger);
    }
    return reactors[0].addShutdownTrigger(phase, trigger);
  }

  /** Reactor {@code i}'s first BEFORE trigger: stop the group, wait for the group's triggers. */
  private Deferred<?> memberShuttingDown(int i) {
    stopAll();
    if (i == 0) {
      runGroupBeforeTriggers()
          .addBoth(
              ignored -> {
                for (int j = 0; j < reactors.length; j++) {
                  int index = j;
                  reactors[j].callFromThread(() -> release(index));
                }
                return null;
              });
    }
    Member m = members[i];
    if (m.released) {
      return null;
    }
    m.barrier = new Deferred<>();
    return m.barrier;
  }

  private void release(int i) {
    Member m = members[i];
    m.released = true;
    if (m.barrier != null && !m.barrier.called()) {
      m.barrier.callback(null);
    }
  }

  private Deferred<Void> runGroupBeforeTriggers() {
    List<Deferred<?>> waits = new ArrayList<>();
    for (Supplier<? extends Deferred<?>> trigger : beforeTriggers) {
      try {
        Deferred<?> d = trigger.get();
        if (d != null) {
          waits.add(
              d.addErrback(
                  error -> {
                    LOG.error("group shutdown trigger (BEFORE phase) failed", error);
                    return null;
                  }));
        }
      } catch (Throwable e) {
        LOG.error("group shutdown trigger (BEFORE phase) failed", e);
      }
    }
    return Deferred.gather(waits).addCallback(ignored -> null);
  }

  @Override
  public String toString() {
    return "SelectorReactorGroup["
        + reactors.length
        + " reactors, "
        + distribution
        + ", "
        + state
        + "] "
        + Arrays.toString(reactors);
  }
}
