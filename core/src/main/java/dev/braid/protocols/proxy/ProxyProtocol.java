package dev.braid.protocols.proxy;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.Transport;
import dev.braid.time.ReactorTime;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Servers behind a load balancer that speaks the PROXY protocol (HAProxy's {@code send-proxy} or
 * {@code send-proxy-v2}, nginx's {@code proxy_protocol on}): every accepted connection must begin
 * with a v1 or v2 header (told apart automatically); the application protocol is built only once
 * the header is complete, and its transport ({@link ProxiedTransport}) reports the client's real
 * address as {@link Transport#peerAddress()}.
 *
 * <p>Strict: a malformed header, one over the size limit, or one not complete within the header
 * timeout closes the connection at once (logged at INFO), and none of its bytes reach the
 * application. A v1 {@code UNKNOWN} or v2 {@code LOCAL} header keeps the socket's own addresses.
 *
 * <p>The endpoint string {@code haproxy:ENDPOINT} (e.g. {@code haproxy:tcp:8080}) does the same.
 * Reactor thread only.
 */
public final class ProxyProtocol {
  private ProxyProtocol() {}

  /**
   * Limits for the header.
   *
   * @param headerTimeout how long after the connection is made the header must be complete
   * @param maxV2Length the longest v2 header accepted, in bytes (see {@link ProxyHeaderParser})
   */
  public record Options(Duration headerTimeout, int maxV2Length) {
    /** The default header timeout: 5 s. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);

    /** Checks the values. */
    public Options {
      Objects.requireNonNull(headerTimeout, "headerTimeout");
      if (headerTimeout.isNegative() || headerTimeout.isZero()) {
        throw new IllegalArgumentException("headerTimeout must be positive, got " + headerTimeout);
      }
      new ProxyHeaderParser(maxV2Length);
    }

    /** A 5 s header timeout and v2 headers up to 4 KiB. */
    public static Options defaults() {
      return new Options(DEFAULT_HEADER_TIMEOUT, ProxyHeaderParser.DEFAULT_MAX_V2_LENGTH);
    }

    /** These options with {@code timeout} as header timeout. */
    public Options withHeaderTimeout(Duration timeout) {
      return new Options(timeout, maxV2Length);
    }

    /** These options with {@code bytes} as the v2 size limit. */
    public Options withMaxV2Length(int bytes) {
      return new Options(headerTimeout, bytes);
    }
  }

  /**
   * A factory whose connections read a PROXY header first, then get a protocol from {@code inner},
   * which is asked with the client's real address ({@code buildProtocol(source)}). {@code clock}
   * (usually the reactor) runs the header timeout.
   */
  public static ProtocolFactory wrap(ReactorTime clock, ProtocolFactory inner, Options options) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(options, "options");
    return new ProtocolFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        return new ProxiedTransport(clock, inner, options);
      }

      @Override
      public void startFactory() {
        inner.startFactory();
      }

      @Override
      public void stopFactory() {
        inner.stopFactory();
      }
    };
  }

  /** {@link #wrap} with the default options. */
  public static ProtocolFactory wrap(ReactorTime clock, ProtocolFactory inner) {
    return wrap(clock, inner, Options.defaults());
  }

  /**
   * A server endpoint that listens through {@code inner} and wraps each connection ({@link #wrap}).
   */
  public static ServerEndpoint serverEndpoint(
      ReactorTime clock, ServerEndpoint inner, Options options) {
    Objects.requireNonNull(inner, "inner");
    return factory -> {
      Deferred<ListeningPort> listening = inner.listen(wrap(clock, factory, options));
      return listening;
    };
  }

  /**
   * The PROXY header {@code transport}'s connection began with, if {@code transport} is a {@link
   * ProxiedTransport}. Layers above it (such as TLS) are not looked through; their {@code
   * peerAddress()} already reports the client's address.
   */
  public static Optional<ProxyHeader> header(Transport transport) {
    return transport instanceof ProxiedTransport p ? Optional.of(p.header()) : Optional.empty();
  }
}
