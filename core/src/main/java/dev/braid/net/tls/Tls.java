package dev.braid.net.tls;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ProtocolSwitching;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.Transport;
import dev.braid.net.tls.internal.TlsConnection;
import dev.braid.time.ReactorTime;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;

/**
 * TLS as a layer over any stream transport. Wrap a {@link ProtocolFactory} (or an endpoint) and
 * each connection's bytes go through a JDK {@link javax.net.ssl.SSLEngine}; the application
 * protocol hears {@code connectionMade} with a {@link TlsTransport} once the handshake has
 * finished, and works as over TCP. Or start TLS on a live connection with {@link #startTls}.
 *
 * <p>Limits: the handshake must finish within {@link TlsOptions#handshakeTimeout()} (10 s by
 * default, on {@code clock}); a server refuses (closes at once) a first record that is not a
 * ClientHello fitting in one TLS record (16 KiB), before the engine parses it; with {@link
 * TlsOptions.PlainHttp#ANSWER_400}, a plain HTTP request line there gets a 400 saying to use https
 * first.
 *
 * <p>All methods: reactor thread only (the {@code clock}'s thread).
 */
public final class Tls {
  private Tls() {}

  /**
   * A factory for a server: each connection gets a TLS layer ({@code options} must be server
   * options) over a protocol from {@code app}.
   */
  public static ProtocolFactory serverFactory(
      ReactorTime clock, TlsOptions options, ProtocolFactory app) {
    requireRole(options, true);
    return wrap(
        app,
        peer -> options.newEngine(Optional.empty(), -1),
        clock,
        options.handshakeTimeout(),
        options.plainHttp());
  }

  /**
   * A factory for a server whose engines the caller makes: {@code engines} is asked for a new
   * server-mode {@link SSLEngine} for each connection (given the client's address), configured as
   * the caller wants; for an application that brings its own {@link javax.net.ssl.SSLContext} and
   * settings instead of {@link TlsOptions}. The handshake must finish within {@code
   * handshakeTimeout} (positive). An exception from {@code engines} refuses that connection (it is
   * closed).
   */
  public static ProtocolFactory serverFactory(
      ReactorTime clock,
      Function<SocketAddress, SSLEngine> engines,
      Duration handshakeTimeout,
      ProtocolFactory app) {
    return serverFactory(clock, engines, handshakeTimeout, TlsOptions.PlainHttp.CLOSE, app);
  }

  /**
   * As {@link #serverFactory(ReactorTime, Function, Duration, ProtocolFactory)}, doing {@code
   * plainHttp} with a first record that is not TLS ({@link TlsOptions.PlainHttp#ANSWER_400} for an
   * HTTPS server).
   */
  public static ProtocolFactory serverFactory(
      ReactorTime clock,
      Function<SocketAddress, SSLEngine> engines,
      Duration handshakeTimeout,
      TlsOptions.PlainHttp plainHttp,
      ProtocolFactory app) {
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(plainHttp, "plainHttp");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (!handshakeTimeout.isPositive()) {
      throw new IllegalArgumentException(
          "handshake timeout must be positive, got " + handshakeTimeout);
    }
    return wrap(app, engines::apply, clock, handshakeTimeout, plainHttp);
  }

  /**
   * A factory for a client connecting to {@code host}: each connection gets a TLS layer that sends
   * {@code host} as SNI and checks the server certificate against it (unless the options set a
   * server name, or turn verification off).
   */
  public static ProtocolFactory clientFactory(
      ReactorTime clock, TlsOptions options, String host, int port, ProtocolFactory app) {
    requireRole(options, false);
    return wrap(
        app,
        peer -> options.newEngine(Optional.of(host), port),
        clock,
        options.handshakeTimeout(),
        TlsOptions.PlainHttp.CLOSE);
  }

  private interface EngineMaker {
    SSLEngine make(SocketAddress peer);
  }

  private static ProtocolFactory wrap(
      ProtocolFactory app,
      EngineMaker engines,
      ReactorTime clock,
      Duration handshakeTimeout,
      TlsOptions.PlainHttp plainHttp) {
    return new ProtocolFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        Protocol protocol = app.buildProtocol(peer);
        return TlsConnection.create(
            clock, engines.make(peer), protocol, handshakeTimeout, plainHttp);
      }

      @Override
      public void startFactory() {
        app.startFactory();
      }

      @Override
      public void stopFactory() {
        app.stopFactory();
      }
    };
  }

  /** A server endpoint that listens on {@code inner} (a stream endpoint) and speaks TLS. */
  public static ServerEndpoint serverEndpoint(
      ReactorTime clock, ServerEndpoint inner, TlsOptions options) {
    requireRole(options, true);
    return factory -> {
      Deferred<ListeningPort> listening = inner.listen(serverFactory(clock, options, factory));
      return listening;
    };
  }

  /**
   * A client endpoint that connects through {@code inner} and speaks TLS to {@code host}. Its
   * Deferred fires with the application protocol once the handshake has finished, or fails with the
   * handshake error ({@link javax.net.ssl.SSLHandshakeException} naming a certificate that does not
   * verify).
   */
  public static ClientEndpoint clientEndpoint(
      ReactorTime clock, ClientEndpoint inner, TlsOptions options, String host, int port) {
    requireRole(options, false);
    return factory ->
        inner
            .connect(clientFactory(clock, options, host, port, factory))
            .addDeferredCallback(
                protocol -> {
                  TlsConnection tls = (TlsConnection) protocol;
                  return tls.whenHandshakeDone().addCallback(done -> tls.application());
                });
  }

  /**
   * Starts TLS on a live connection (STARTTLS): from now on {@code transport}'s bytes go through a
   * TLS layer, and {@code protocol} (the protocol already connected on it) must write to the
   * returned {@link TlsTransport} instead of {@code transport}. {@code protocol} hears plaintext
   * through {@code dataReceived} as before, and {@code connectionLost} at the end.
   *
   * <p>Bytes read before this call stay with {@code protocol}: only what is read afterwards goes to
   * the TLS engine. A protocol that parses lines must drop anything it still holds from before (for
   * a {@code LineReceiver}: {@code clearLineBuffer()}), never process it as if it had come over
   * TLS: that is the STARTTLS command-injection defence. Write the protocol's "go ahead" reply
   * before calling this.
   *
   * @throws IllegalArgumentException if {@code transport} cannot switch protocols ({@link
   *     ProtocolSwitching}), or a client's options name no server to verify
   */
  public static TlsTransport startTls(
      ReactorTime clock, Transport transport, Protocol protocol, TlsOptions options) {
    if (!(transport instanceof ProtocolSwitching switching)) {
      throw new IllegalArgumentException(
          "startTls needs a transport that can switch protocols (ProtocolSwitching), got "
              + transport.getClass().getName());
    }
    Optional<String> host = Optional.empty();
    int port = -1;
    if (!options.isServer()) {
      if (options.serverName().isEmpty() && options.verifyHostname()) {
        throw new IllegalArgumentException(
            "a client's startTls needs TlsOptions.client().serverName(...) to verify the server");
      }
      if (transport.peerAddress() instanceof InetSocketAddress inet) {
        port = inet.getPort();
      }
    }
    TlsConnection tls =
        TlsConnection.forStartTls(
            clock, options.newEngine(host, port), protocol, options.handshakeTimeout());
    switching.switchProtocol(tls);
    tls.connectionMade(transport);
    return tls;
  }

  private static void requireRole(TlsOptions options, boolean server) {
    if (options.isServer() != server) {
      throw new IllegalArgumentException(
          "these are "
              + (options.isServer() ? "server" : "client")
              + " options; need "
              + (server ? "server" : "client")
              + " options");
    }
  }
}
