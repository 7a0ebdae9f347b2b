package dev.braid.socks;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Credentials;
import dev.braid.cred.LoginResult;
import dev.braid.defer.Deferred;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Relay;
import dev.braid.net.Resolver;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor;
import dev.braid.socks.codec.Socks4Reply;
import dev.braid.socks.codec.Socks5Reply;
import dev.braid.socks.codec.SocksCommand;
import dev.braid.socks.codec.SocksDestination;
import dev.braid.socks.codec.SocksMessage;
import dev.braid.socks.codec.SocksParser;
import dev.braid.socks.codec.SocksProtocolException;
import dev.braid.socks.codec.SocksReplies;
import dev.braid.time.ReactorTime;
import dev.braid.time.Timeout;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one SOCKS connection: a CONNECT proxy for SOCKS4, SOCKS4a and SOCKS5.
 *
 * <p>The conversation: the client's greeting picks the version. SOCKS5 clients choose a method: "no
 * authentication" when the config has no portal, "user name/password" (RFC 1929, checked by the
 * {@link dev.braid.cred.Portal}) when it has one; anything else gets "no acceptable methods".
 * SOCKS4 clients cannot log in, so they are refused when a portal is configured (their user id is
 * otherwise ignored). Only CONNECT is served: BIND and UDP ASSOCIATE get "command not supported".
 * Host names go to a {@link Resolver} (the reactor's by default), off the reactor thread; a
 * destination {@link AddressRules} restricts gets "not allowed by ruleset" unless the config allows
 * private destinations; connect errors map to "connection refused", "host unreachable" and so on.
 * Once connected, the two connections are joined by a {@link Relay}: bytes are copied both ways
 * with flow control (a slow side pauses reading on the other) and half-closes pass through.
 *
 * <p>Limits: the whole handshake must arrive within {@link SocksConfig#handshakeTimeout()}, and no
 * handshake message may pass {@link SocksConfig#maxMessageSize()}; bad input is answered with the
 * version's failure reply and the connection closes.
 *
 * <p>Reactor thread only, like every protocol.
 */
public final class SocksServer implements HalfCloseableProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(SocksServer.class);

  private enum State {
    GREETING,
    USER_PASS,
    AUTHENTICATING,
    REQUEST,
    CONNECTING,
    RELAYING,
    CLOSED
  }

  private final ReactorTime time;
  private final Resolver resolver;
  private final Dialer dialer;
  private final SocksConfig config;
  private final SocksParser parser;

  /** What the client sent after the message being handled, copied out of the lent buffers. */
  private ByteString unread = ByteString.EMPTY;

  private Transport transport;
  private State state = State.GREETING;
  private final Timeout handshakeTimer;
  private Deferred<?> pending;
  private final Relay.End relay = Relay.end();
  private boolean inputDone;
  private Runnable logout = () -> {};

  /**
   * A protocol for one connection, timing its handshake with {@code time}, resolving with {@code
   * resolver}, connecting with {@code dialer}.
   */
  public SocksServer(ReactorTime time, Resolver resolver, Dialer dialer, SocksConfig config) {
    this.time = Objects.requireNonNull(time, "time");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.dialer = Objects.requireNonNull(dialer, "dialer");
    this.config = Objects.requireNonNull(config, "config");
    this.parser = new SocksParser(config.maxMessageSize());
    this.handshakeTimer = time.timeout(this::handshakeTimedOut);
  }

  /**
   * A factory of SOCKS servers on {@code reactor}: the reactor's resolver ({@link
   * Reactor#resolver()}, looked up at each name) and TCP connections with the config's connect
   * timeout.
   */
  public static ProtocolFactory factory(Reactor reactor, SocksConfig config) {
    Resolver resolver = host -> reactor.resolver().resolve(host);
    Dialer dialer = Dialer.tcp(reactor, config.connectTimeout());
    return peer -> new SocksServer(reactor, resolver, dialer, config);
  }

  /** A factory of SOCKS servers using the given clock, resolver and dialer (tests, embedding). */
  public static ProtocolFactory factory(
      ReactorTime time, Resolver resolver, Dialer dialer, SocksConfig config) {
    return peer -> new SocksServer(time, resolver, dialer, config);
  }

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    handshakeTimer.setTimeout(config.handshakeTimeout());
  }

  private void handshakeTimedOut() {
    if (state == State.CLOSED) {
      return;
    }
    LOG.info(
        "SOCKS client {} did not finish its handshake within {}; closing",
        transport.peerAddress(),
        config.handshakeTimeout());
    close();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (state == State.RELAYING) {
      relay.dataReceived(data);
      return;
    }
    if (state == State.CLOSED) {
      return;
    }
    if (!unread.isEmpty()) {
      unread = unread.concat(ByteString.copyOf(data));
      if (reading()) {
        advanceUnread();
      }
      return;
    }
    if (reading()) {
      advance(data);
    }
    if (data.hasRemaining() && state != State.CLOSED) {
      unread = ByteString.copyOf(data);
    }
  }

  /** Whether the conversation waits for a message from the client. */
  private boolean reading() {
    return state == State.GREETING || state == State.USER_PASS || state == State.REQUEST;
  }

  /** Parses what the client sent while the server was busy (logging it in, say). */
  private void advanceUnread() {
    ByteBuffer held = unread.asByteBuffer();
    unread = ByteString.EMPTY;
    advance(held);
    if (held.hasRemaining() && state != State.CLOSED) {
      unread = ByteString.copyOf(held).concat(unread);
    }
  }

  /**
   * Parses and handles messages from {@code data} while the conversation waits for the client,
   * leaving what follows in {@code data}.
   */
  private void advance(ByteBuffer data) {
    while (reading() && data.hasRemaining()) {
      parser.expect(
          switch (state) {
            case GREETING -> SocksParser.Stage.GREETING;
            case USER_PASS -> SocksParser.Stage.USER_PASS;
            default -> SocksParser.Stage.REQUEST;
          });
      Optional<SocksMessage> message;
      try {
        message = parser.next(data);
      } catch (SocksProtocolException e) {
        LOG.info("bad SOCKS handshake from {}: {}", transport.peerAddress(), e.getMessage());
        if (state == State.REQUEST) {
          transport.write(SocksReplies.socks5(e.reply()));
        } else if (state == State.GREETING && parser.version() == 4) {
          transport.write(SocksReplies.socks4(Socks4Reply.REJECTED));
        }
        close();
        return;
      }
      if (message.isEmpty()) {
        return;
      }
      handle(message.get());
    }
  }

  private void handle(SocksMessage message) {
    switch (message) {
      case SocksMessage.Socks4Request request -> socks4(request);
      case SocksMessage.Socks5Greeting greeting -> greeting(greeting);
      case SocksMessage.Socks5UserPass login -> login(login);
      case SocksMessage.Socks5Request request -> socks5(request);
    }
  }

  private void socks4(SocksMessage.Socks4Request request) {
    cancelHandshakeTimer();
    if (config.portal().isPresent()) {
      LOG.info(
          "refusing SOCKS4 client {}: it cannot log in, and logins are required",
          transport.peerAddress());
      refuse4();
      return;
    }
    if (request.command().orElse(null) != SocksCommand.CONNECT) {
      LOG.info(
          "refusing SOCKS4 command {} from {}: only CONNECT is served",
          request.commandCode(),
          transport.peerAddress());
      refuse4();
      return;
    }
    connect(request.destination(), false);
  }

  private void refuse4() {
    transport.write(SocksReplies.socks4(Socks4Reply.REJECTED));
    close();
  }

  private void greeting(SocksMessage.Socks5Greeting greeting) {
    int wanted =
        config.portal().isPresent() ? SocksReplies.METHOD_USER_PASS : SocksReplies.METHOD_NO_AUTH;
    if (!greeting.offers(wanted)) {
      LOG.info(
          "SOCKS5 client {} offers no acceptable method (wanted {})",
          transport.peerAddress(),
          wanted == SocksReplies.METHOD_USER_PASS ? "user name/password" : "no authentication");
      transport.write(SocksReplies.methodSelection(SocksReplies.METHOD_NONE_ACCEPTABLE));
      close();
      return;
    }
    transport.write(SocksReplies.methodSelection(wanted));
    state = wanted == SocksReplies.METHOD_USER_PASS ? State.USER_PASS : State.REQUEST;
  }

  private void login(SocksMessage.Socks5UserPass login) {
    state = State.AUTHENTICATING;
    transport.pauseProducing();
    Deferred<LoginResult<String>> attempt =
        config
            .portal()
            .orElseThrow()
            .login(
                new Credentials.UsernamePassword(login.username(), login.password()),
                transport.peerAddress(),
                String.class);
    pending = attempt;
    attempt.addCallbacks(
        result -> {
          pending = null;
          if (state != State.AUTHENTICATING) {
            result.logout().run();
            return null;
          }
          logout = result.logout();
          transport.write(SocksReplies.userPassStatus(true));
          state = State.REQUEST;
          transport.resumeProducing();
          advanceUnread();
          return null;
        },
        error -> {
          pending = null;
          if (state == State.AUTHENTICATING) {
            LOG.info(
                "SOCKS5 login of {} from {} refused: {}",
                login.username(),
                transport.peerAddress(),
                error.getMessage());
            transport.write(SocksReplies.userPassStatus(false));
            close();
          }
          return null;
        });
  }

  private void socks5(SocksMessage.Socks5Request request) {
    cancelHandshakeTimer();
    if (request.command().orElse(null) != SocksCommand.CONNECT) {
      LOG.info(
          "SOCKS5 command {} from {} not supported (only CONNECT is)",
          request.commandCode(),
          transport.peerAddress());
      transport.write(SocksReplies.socks5(Socks5Reply.COMMAND_NOT_SUPPORTED));
      close();
      return;
    }
    connect(request.destination(), true);
  }

  private void connect(SocksDestination destination, boolean socks5) {
    state = State.CONNECTING;
    transport.pauseProducing();
    Deferred<List<InetAddress>> addresses =
        switch (destination) {
          case SocksDestination.Ip ip -> Deferred.succeed(List.of(ip.address()));
          case SocksDestination.Domain domain -> resolver.resolve(domain.name());
        };
    pending = addresses;
    addresses.addCallbacks(
        resolved -> {
          pending = null;
          if (state == State.CONNECTING) {
            dial(destination, resolved, socks5);
          }
          return null;
        },
        error -> {
          pending = null;
          if (state == State.CONNECTING) {
            fail(destination, socks5, error);
          }
          return null;
        });
  }

  private void dial(SocksDestination destination, List<InetAddress> resolved, boolean socks5) {
    InetAddress chosen = null;
    String refusal = "it has no address";
    for (InetAddress address : resolved) {
      Optional<String> why = AddressRules.restriction(address);
      if (config.allowPrivate() || why.isEmpty()) {
        chosen = address;
        break;
      }
      refusal = address.getHostAddress() + " is " + why.get();
    }
    if (chosen == null) {
      LOG.info(
          "SOCKS client {} asked for {}, refused: {} (allow private destinations to permit it)",
          transport.peerAddress(),
          destination,
          refusal);
      reply(socks5, Socks5Reply.NOT_ALLOWED, Optional.empty());
      close();
      return;
    }
    Deferred<Protocol> connecting =
        dialer.connect(new InetSocketAddress(chosen, destination.port()), peer -> Relay.end());
    pending = connecting;
    connecting.addCallbacks(
        connected -> {
          pending = null;
          Relay.End out = (Relay.End) connected;
          if (state != State.CONNECTING) {
            out.transport().loseConnection();
            return null;
          }
          relay(out, socks5);
          return null;
        },
        error -> {
          pending = null;
          if (state == State.CONNECTING) {
            fail(destination, socks5, error);
          }
          return null;
        });
  }

  private void fail(SocksDestination destination, boolean socks5, Throwable error) {
    Socks5Reply code = replyFor(error);
    LOG.info(
        "SOCKS client {} asked for {}: {} ({})",
        transport.peerAddress(),
        destination,
        code.name().toLowerCase(Locale.ROOT).replace('_', ' '),
        error.getMessage());
    reply(socks5, code, Optional.empty());
    close();
  }

  /** The SOCKS5 reply for a resolve or connect error. */
  static Socks5Reply replyFor(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (e instanceof UnknownHostException
          || e instanceof NoRouteToHostException
          || e instanceof SocketTimeoutException) {
        return Socks5Reply.HOST_UNREACHABLE;
      }
      if (message.contains("network is unreachable")) {
        return Socks5Reply.NETWORK_UNREACHABLE;
      }
      if (message.contains("no route to host") || message.contains("host is unreachable")) {
        return Socks5Reply.HOST_UNREACHABLE;
      }
      if (message.contains("refused")) {
        return Socks5Reply.CONNECTION_REFUSED;
      }
    }
    return error instanceof ConnectException
        ? Socks5Reply.CONNECTION_REFUSED
        : Socks5Reply.GENERAL_FAILURE;
  }

  private void reply(boolean socks5, Socks5Reply code, Optional<SocketAddress> bound) {
    InetSocketAddress address =
        bound.orElse(null) instanceof InetSocketAddress inet
            ? inet
            : new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 0);
    if (socks5) {
      transport.write(SocksReplies.socks5(code, address));
    } else {
      transport.write(
          SocksReplies.socks4(
              code == Socks5Reply.SUCCEEDED ? Socks4Reply.GRANTED : Socks4Reply.REJECTED, address));
    }
  }

  private void relay(Relay.End out, boolean socks5) {
    state = State.RELAYING;
    reply(socks5, Socks5Reply.SUCCEEDED, Optional.ofNullable(out.transport().hostAddress()));
    ByteString early = unread;
    unread = ByteString.EMPTY;
    if (!early.isEmpty()) {
      out.transport().write(early);
    }
    relay.connectionMade(transport);
    if (inputDone) {
      relay.readConnectionLost();
    }
    Relay.join(relay, out);
  }

  @Override
  public void readConnectionLost() {
    inputDone = true;
    if (state == State.RELAYING) {
      relay.readConnectionLost();
    } else if (state != State.CONNECTING && state != State.CLOSED) {
      close();
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    State was = state;
    state = State.CLOSED;
    cancelHandshakeTimer();
    if (pending != null) {
      Deferred<?> p = pending;
      pending = null;
      p.cancel();
    }
    if (was == State.RELAYING) {
      relay.connectionLost(reason);
    }
    logout.run();
    logout = () -> {};
  }

  private void close() {
    state = State.CLOSED;
    cancelHandshakeTimer();
    transport.loseConnection();
  }

  private void cancelHandshakeTimer() {
    handshakeTimer.cancelTimeout();
  }
}
