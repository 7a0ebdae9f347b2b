package dev.braid.reactor.internal;

import dev.braid.defer.Deferred;
import dev.braid.net.Addresses;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.RefuseConnectionException;
import dev.braid.time.DelayedCall;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening stream socket registered for accept on the selector reactor: TCP, or a UNIX domain
 * socket (opened by {@link UnixListening}, which adds a cleanup run when listening stops).
 *
 * <p>When {@code accept} fails (the process is out of file descriptors, {@code EMFILE}, or the
 * kernel out of memory), the port stops asking the selector for accepts for a pause that doubles
 * with each failure in a row ({@link AcceptBackoff}), instead of failing again at once on every
 * select; the connections waiting meanwhile stay in the kernel's backlog. The first failure of an
 * episode is logged at WARN, the others at DEBUG, and the first accept that succeeds again at INFO.
 */
final class TcpListeningPort implements ListeningPort, ChannelHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ListeningPort.class);

  /** How many connections one accept event takes at most before other events get a turn. */
  private static final int ACCEPTS_PER_EVENT = 64;

  private final SelectorReactor reactor;
  private final ServerSocketChannel channel;
  private final ProtocolFactory factory;
  private final SocketAddress address;
  private final SelectionKey key;
  private final java.util.function.Consumer<SocketChannel> dealer;
  private final Runnable onStop;
  private final Runnable resumeAccepting = this::resumeAccepting;
  private AcceptBackoff backoff = new AcceptBackoff();
  private Accept accept = ServerSocketChannel::accept;
  private Logger log = LOG;
  private DelayedCall resume;
  private boolean stopped;

  /** The accept call; a seam so that tests can make it fail as it does without descriptors. */
  @FunctionalInterface
  interface Accept {
    SocketChannel accept(ServerSocketChannel channel) throws IOException;
  }

  static {
    // Without descriptors the JVM cannot open a class file either, so what pausing needs is loaded
    // when the first port opens: the delayed call that resumes accepting (the backoff and the
    // resuming task are made with each port).
    try {
      MethodHandles.lookup().ensureInitialized(TimedCall.class);
    } catch (IllegalAccessException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TcpListeningPort(
      SelectorReactor reactor,
      ServerSocketChannel channel,
      ProtocolFactory factory,
      java.util.function.Consumer<SocketChannel> dealer,
      Runnable onStop)
      throws IOException {
    this.reactor = reactor;
    this.onStop = onStop;
    this.channel = channel;
    this.factory = factory;
    this.dealer = dealer;
    this.address = channel.getLocalAddress();
    this.key = channel.register(reactor.selector(), SelectionKey.OP_ACCEPT, this);
  }

  static TcpListeningPort open(
      SelectorReactor reactor, int port, ProtocolFactory factory, TcpListenOptions options)
      throws IOException {
    return adopt(reactor, bind(port, options, false), factory, null);
  }

  /**
   * Opens a non-blocking server socket bound to {@code port} (0 lets the OS choose), with {@code
   * SO_REUSEPORT} when {@code reusePort}. Touches no reactor, so any thread may call it.
   */
  static ServerSocketChannel bind(int port, TcpListenOptions options, boolean reusePort)
      throws IOException {
    String iface = options.interfaceAddress();
    String description = "tcp:" + port + (iface.isEmpty() ? "" : ":interface=" + iface);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "cannot listen on " + description + ": port must be 0..65535");
    }
    InetSocketAddress bindTo;
    try {
      bindTo =
          iface.isEmpty()
              ? new InetSocketAddress(port)
              : new InetSocketAddress(InetAddress.ofLiteral(iface), port);
    } catch (IllegalArgumentException e) {
      throw new BindException(
          "cannot listen on " + description + ": interface must be an IP address, got " + iface);
    }
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (reusePort) {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      channel.bind(bindTo, options.backlog());
      channel.configureBlocking(false);
      return channel;
    } catch (IOException | UnsupportedOperationException e) {
      channel.close();
      BindException error =
          new BindException("cannot listen on " + description + ": " + e.getMessage());
      error.initCause(e);
      throw error;
    }
  }

  /**
   * Registers a bound server socket (from {@link #bind}) with {@code reactor}, on its thread. With
   * a {@code dealer}, each accepted channel goes to the dealer (unconfigured, no protocol yet)
   * instead of being served here; the dealer hands it to a reactor, which calls {@link #serve}.
   */
  static TcpListeningPort adopt(
      SelectorReactor reactor,
      ServerSocketChannel channel,
      ProtocolFactory factory,
      java.util.function.Consumer<SocketChannel> dealer)
      throws IOException {
    return adopt(reactor, channel, factory, dealer, () -> {});
  }

  /**
   * Like {@link #adopt(SelectorReactor, ServerSocketChannel, ProtocolFactory,
   * java.util.function.Consumer)}, running {@code onStop} once the channel is closed by {@link
   * #stopListening} (or here, if registering fails).
   */
  static TcpListeningPort adopt(
      SelectorReactor reactor,
      ServerSocketChannel channel,
      ProtocolFactory factory,
      java.util.function.Consumer<SocketChannel> dealer,
      Runnable onStop)
      throws IOException {
    reactor.checkThread("listen");
    try {
      TcpListeningPort listening = new TcpListeningPort(reactor, channel, factory, dealer, onStop);
      reactor.portOpened(listening);
      reactor.factoryStarted(factory);
      LOG.debug("listening on {}", Addresses.display(listening.address));
      return listening;
    } catch (IOException | RuntimeException e) {
      channel.close();
      onStop.run();
      throw e;
    }
  }

  /** Tests only: accepts with {@code accept} instead of the channel's own call. */
  void acceptWith(Accept accept) {
    this.accept = accept;
  }

  /** Tests only: pauses after failed accepts as {@code backoff} says. */
  void backOffWith(AcceptBackoff backoff) {
    this.backoff = backoff;
  }

  /** Tests only: logs the accept failures and recoveries to {@code logger}. */
  void logTo(Logger logger) {
    this.log = logger;
  }

  /** Whether the port is asking the selector for connections to accept (false while paused). */
  boolean accepting() {
    return key.isValid() && (key.interestOps() & SelectionKey.OP_ACCEPT) != 0;
  }

  @Override
  public void ready(SelectionKey key) {
    for (int i = 0; i < ACCEPTS_PER_EVENT && key.isValid(); i++) {
      SocketChannel accepted;
      try {
        accepted = accept.accept(channel);
      } catch (IOException e) {
        acceptFailed(e);
        return;
      }
      if (backoff.inEpisode()) {
        int failures = backoff.succeeded();
        log.info("accepting on {} again, after {} failed accepts", address, failures);
      }
      if (accepted == null) {
        return;
      }
      if (dealer != null) {
        dealer.accept(accepted);
      } else {
        serve(reactor, accepted, factory);
      }
    }
  }

  /**
   * Stops accepting for the backoff's pause, so that a failure that lasts (no descriptors left)
   * costs one failed accept per pause instead of one per select. Warns once per episode.
   */
  private void acceptFailed(IOException e) {
    if (stopped || !key.isValid()) {
      return;
    }
    boolean first = !backoff.inEpisode();
    Duration pause = backoff.failed();
    if (first) {
      log.warn(
          "accept on {} failed: {}; not accepting for {} ms, then retrying with the pause doubling"
              + " up to {} ms until an accept succeeds (further failures are logged at DEBUG)",
          address,
          e.toString(),
          pause.toMillis(),
          backoff.maxPause().toMillis());
    } else {
      log.debug(
          "accept on {} failed again: {}; not accepting for {} ms",
          address,
          e.toString(),
          pause.toMillis());
    }
    key.interestOps(0);
    resume = reactor.callLater(pause, resumeAccepting);
  }

  private void resumeAccepting() {
    resume = null;
    if (!stopped && key.isValid()) {
      key.interestOps(SelectionKey.OP_ACCEPT);
    }
  }

  /**
   * Serves an accepted channel on {@code reactor} (its thread only): configures it, builds the
   * protocol and starts the connection.
   */
  static void serve(SelectorReactor reactor, SocketChannel accepted, ProtocolFactory factory) {
    SocketAddress peer;
    Protocol protocol;
    try {
      accepted.configureBlocking(false);
      peer = accepted.getRemoteAddress();
      if (peer instanceof InetSocketAddress) {
        accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
    } catch (IOException e) {
      LOG.debug("accepted connection failed before setup", e);
      closeQuietly(accepted);
      return;
    }
    try {
      protocol = factory.buildProtocol(peer);
    } catch (RefuseConnectionException e) {
      LOG.debug("connection from {} refused: {}", peer, e.getMessage());
      closeQuietly(accepted);
      return;
    } catch (Throwable e) {
      LOG.error("buildProtocol failed for a connection from {}; closing it", peer, e);
      closeQuietly(accepted);
      return;
    }
    if (protocol == null) {
      LOG.error("buildProtocol returned null for {}; closing it", peer);
      closeQuietly(accepted);
      return;
    }
    TcpConnection.start(reactor, accepted, protocol, peer, null);
  }

  static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("close failed", e);
    }
  }

  @Override
  public void reactorStopping() {
    stopListening();
  }

  @Override
  public SocketAddress address() {
    return address;
  }

  @Override
  public Deferred<Void> stopListening() {
    if (!stopped) {
      if (resume != null && resume.active()) {
        resume.cancel();
      }
      resume = null;
      key.cancel();
      closeQuietly(channel);
      try {
        onStop.run();
      } catch (RuntimeException e) {
        LOG.warn("cleaning up after {} failed", address, e);
      }
      reactor.portClosed(this);
      reactor.factoryStopped(factory);
      LOG.debug("stopped listening on {}", Addresses.display(address));
      stopped = true;
      return reactor.afterNextSelect(); // the socket is released when the selector drops its key
    }
    return Deferred.succeed(null);
  }

  @Override
  public String toString() {
    return "TcpListeningPort[" + address + (stopped ? ", stopped" : "") + "]";
  }
}
