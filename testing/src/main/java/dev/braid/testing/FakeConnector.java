package dev.braid.testing;

import dev.braid.net.ClientFactory;
import dev.braid.net.Connector;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The {@link Connector} a {@link MemoryReactor} returns from {@code connectTcp}. Nothing connects
 * by itself: the test decides how each attempt ends, and the client factory hears it as it would
 * from a real reactor.
 *
 * <pre>{@code
 * var connector = reactor.tcpClients().getFirst().connector();
 * connector.failConnection(new ConnectException("refused"));   // clientConnectionFailed
 * connector.connect();                                         // the factory retries
 * LoopbackPump pump = connector.completeLoopback();            // to the reactor's listener
 * }</pre>
 *
 * <p>Factory calls follow the real reactor: {@code startFactory} when an attempt starts while the
 * factory is not started, then {@code startedConnecting}; {@code buildProtocol(destination)} and
 * {@code connectionMade}, then {@code clientConnected}, on success; {@code clientConnectionFailed}
 * or {@code clientConnectionLost} at the end, followed by {@code stopFactory} unless the factory
 * called {@link #connect()} again. Exceptions thrown by the factory, or by the protocol of a {@link
 * #completeConnection}, reach the test; over {@link #completeLoopback} the pump runs the protocols
 * and logs their exceptions (see {@link LoopbackPump}).
 *
 * <p>Test thread only.
 */
public final class FakeConnector implements Connector {
  private final MemoryReactor reactor;
  private final InetSocketAddress destination;
  private final ClientFactory factory;
  private State state = State.DISCONNECTED;
  private boolean factoryStarted;
  private int attempts;
  private Protocol protocol;
  private Transport transport;
  private LoopbackPump pump;

  FakeConnector(MemoryReactor reactor, InetSocketAddress destination, ClientFactory factory) {
    this.reactor = reactor;
    this.destination = destination;
    this.factory = factory;
  }

  /** Starts an attempt. Throws {@link IllegalStateException} unless {@code DISCONNECTED}. */
  @Override
  public void connect() {
    if (state != State.DISCONNECTED) {
      throw new IllegalStateException("cannot connect: the connector is " + state);
    }
    state = State.CONNECTING;
    attempts++;
    protocol = null;
    transport = null;
    pump = null;
    if (!factoryStarted) {
      factoryStarted = true;
      factory.startFactory();
    }
    factory.startedConnecting(this);
  }

  /**
   * Gives up the attempt under way: the factory hears {@code clientConnectionFailed} with a {@link
   * CancellationException}. Throws {@link IllegalStateException} unless {@code CONNECTING}.
   */
  @Override
  public void stopConnecting() {
    requireState(State.CONNECTING, "stop connecting");
    failConnection(new CancellationException("the connection attempt was stopped"));
  }

  /**
   * Stops the attempt ({@link #stopConnecting()}) or calls {@code loseConnection()} on the
   * connection's transport; does nothing when disconnected.
   */
  @Override
  public void disconnect() {
    switch (state) {
      case CONNECTING -> stopConnecting();
      case CONNECTED -> transport.loseConnection();
      case DISCONNECTED -> {}
    }
  }

  /**
   * The host and port given to {@code connectTcp}: resolved when the host is an IP literal,
   * unresolved otherwise (the memory reactor looks nothing up).
   */
  @Override
  public SocketAddress destination() {
    return destination;
  }

  @Override
  public State state() {
    return state;
  }

  /** How many attempts were started (the first by {@code connectTcp}, then one per connect). */
  public int attempts() {
    return attempts;
  }

  /** The client protocol of the current or last connection, if one was made. */
  public Optional<Protocol> protocol() {
    return Optional.ofNullable(protocol);
  }

  /** The transport of the current connection, while connected. */
  public Optional<Transport> transport() {
    return state == State.CONNECTED ? Optional.ofNullable(transport) : Optional.empty();
  }

  /**
   * Ends the attempt with success over {@code transport} (for example a {@code StringTransport}):
   * builds the client protocol and calls its {@code connectionMade}. Returns the protocol. The test
   * reports the end of this connection with {@link #dropConnection}. Throws {@link
   * IllegalStateException} unless {@code CONNECTING}.
   */
  public Protocol completeConnection(Transport transport) {
    requireState(State.CONNECTING, "complete the connection");
    Protocol built = factory.buildProtocol(destination);
    protocol = built;
    this.transport = transport;
    state = State.CONNECTED;
    built.connectionMade(transport);
    factory.clientConnected(this, built);
    return built;
  }

  /**
   * Ends the attempt with success, connected in memory to a new protocol from {@code server}'s
   * {@code buildProtocol}; returns the pump of the connection. When it closes, the client factory
   * hears {@code clientConnectionLost}. Throws {@link IllegalStateException} unless {@code
   * CONNECTING}.
   */
  public LoopbackPump completeLoopback(ProtocolFactory server) {
    requireState(State.CONNECTING, "complete the connection");
    InetSocketAddress clientAddress = Loopback.nextClientAddress();
    Protocol serverProtocol = server.buildProtocol(clientAddress);
    Protocol clientProtocol = factory.buildProtocol(destination);
    LoopbackPump created =
        Loopback.pair(serverProtocol, destination, clientProtocol, clientAddress, this::ended);
    protocol = clientProtocol;
    transport = created.clientTransport();
    pump = created;
    state = State.CONNECTED;
    created.start();
    factory.clientConnected(this, clientProtocol);
    return created;
  }

  /**
   * Same as {@link #completeLoopback(ProtocolFactory)} with the factory of the memory reactor's
   * port that listens on the destination's port. Throws {@link IllegalStateException} when no
   * listening port of the reactor has that port number.
   */
  public LoopbackPump completeLoopback() {
    ProtocolFactory server =
        reactor.tcpServers().stream()
            .filter(
                s ->
                    s.listeningPort().listening()
                        && s.listeningPort().address() instanceof InetSocketAddress a
                        && a.getPort() == port())
            .map(MemoryReactor.TcpServer::factory)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no port of this MemoryReactor listens on port " + port()));
    return completeLoopback(server);
  }

  /**
   * Ends the attempt with a failure: the factory hears {@code clientConnectionFailed(this,
   * reason)}, for example with {@link java.net.ConnectException} for a refused connection. Throws
   * {@link IllegalStateException} unless {@code CONNECTING}.
   */
  public void failConnection(Throwable reason) {
    requireState(State.CONNECTING, "fail the connection");
    state = State.DISCONNECTED;
    factory.clientConnectionFailed(this, reason);
    stopFactoryIfIdle();
  }

  /**
   * Ends a connection made with {@link #completeConnection}: the protocol gets {@code
   * connectionLost(reason)} and the factory {@code clientConnectionLost(this, reason)}. Throws
   * {@link IllegalStateException} unless {@code CONNECTED}, and for a loopback connection (close
   * that one through its transports and pump).
   */
  public void dropConnection(Throwable reason) {
    requireState(State.CONNECTED, "drop the connection");
    if (pump != null) {
      throw new IllegalStateException(
          "this connection runs over a LoopbackPump; close it through its transports and pump");
    }
    protocol.connectionLost(reason);
    ended(reason);
  }

  private void ended(Throwable reason) {
    state = State.DISCONNECTED;
    transport = null;
    factory.clientConnectionLost(this, reason);
    stopFactoryIfIdle();
  }

  private void stopFactoryIfIdle() {
    if (state == State.DISCONNECTED && factoryStarted) {
      factoryStarted = false;
      factory.stopFactory();
    }
  }

  private int port() {
    return destination.getPort();
  }

  private void requireState(State expected, String action) {
    if (state != expected) {
      throw new IllegalStateException(
          "cannot " + action + ": the connector is " + state + ", not " + expected);
    }
  }

  @Override
  public String toString() {
    return "FakeConnector[" + destination + ", " + state + "]";
  }
}
