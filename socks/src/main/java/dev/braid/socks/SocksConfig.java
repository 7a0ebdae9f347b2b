package dev.braid.socks;

import dev.braid.cred.Portal;
import dev.braid.socks.codec.SocksParser;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SocksServer} behaves. Immutable; start from {@link #defaults()} and change what
 * differs with the {@code with...} methods.
 *
 * @param portal when present, clients must log in with a user name and password (SOCKS5 method 2);
 *     SOCKS4 clients, which cannot, are refused
 * @param allowPrivate whether destinations {@link AddressRules} restricts (loopback, private
 *     ranges...) are allowed
 * @param handshakeTimeout how long a client has to send its whole handshake (greeting,
 *     authentication and request)
 * @param connectTimeout how long the proxy tries to reach a destination
 * @param maxMessageSize the largest handshake message accepted, in bytes
 */
public record SocksConfig(
    Optional<Portal> portal,
    boolean allowPrivate,
    Duration handshakeTimeout,
    Duration connectTimeout,
    int maxMessageSize) {
  /** The default handshake timeout, 10 s. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** The default connect timeout, 30 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Checks the values. */
  public SocksConfig {
    Objects.requireNonNull(portal, "portal");
    if (!handshakeTimeout.isPositive() || !connectTimeout.isPositive()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxMessageSize < 262) {
      throw new IllegalArgumentException(
          "maxMessageSize must be at least 262 bytes, got " + maxMessageSize);
    }
  }

  /** No authentication, private destinations refused, 10 s handshake, 30 s connect, 1 KiB. */
  public static SocksConfig defaults() {
    return new SocksConfig(
        Optional.empty(),
        false,
        DEFAULT_HANDSHAKE_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT,
        SocksParser.DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** This config, requiring logins checked by {@code portal}. */
  public SocksConfig withPortal(Portal portal) {
    return new SocksConfig(
        Optional.of(portal), allowPrivate, handshakeTimeout, connectTimeout, maxMessageSize);
  }

  /** This config, allowing private destinations or not. */
  public SocksConfig withAllowPrivate(boolean allow) {
    return new SocksConfig(portal, allow, handshakeTimeout, connectTimeout, maxMessageSize);
  }

  /** This config with another handshake timeout. */
  public SocksConfig withHandshakeTimeout(Duration timeout) {
    return new SocksConfig(portal, allowPrivate, timeout, connectTimeout, maxMessageSize);
  }

  /** This config with another connect timeout. */
  public SocksConfig withConnectTimeout(Duration timeout) {
    return new SocksConfig(portal, allowPrivate, handshakeTimeout, timeout, maxMessageSize);
  }

  /** This config with another message size limit. */
  public SocksConfig withMaxMessageSize(int bytes) {
    return new SocksConfig(portal, allowPrivate, handshakeTimeout, connectTimeout, bytes);
  }
}
