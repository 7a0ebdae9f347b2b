package dev.braid.net;

import dev.braid.defer.Deferred;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Turns a host name into its addresses: the one name-resolution SPI of Braid. Everything that
 * connects by name asks a resolver ({@link dev.braid.net.endpoints.HostnameEndpoint}, {@link
 * ReactorTcp#connectTcp}, the SOCKS server, the HTTP client), by default the one installed on its
 * reactor ({@link PluggableResolver#resolver()}), which is the {@link
 * dev.braid.reactor.SystemResolver} until something installs another.
 *
 * <p><b>Threads.</b> {@link #resolve} is called on the reactor thread and must not block it: an
 * implementation that does blocking work hands it to {@code reactor.deferToThread}, and the
 * returned Deferred fires on the reactor thread.
 *
 * <p><b>Literals.</b> Callers never pass an IP literal: they check with {@link #literal} first and
 * use the address as it is, so a resolver sees only names (a test's fake resolver can count on it).
 *
 * <p>Write a test double as a lambda: {@code host -> Deferred.succeed(List.of(address))}.
 */
@FunctionalInterface
public interface Resolver {
  /**
   * The addresses of {@code host}, in the order to prefer them; fails with {@link
   * UnknownHostException} when the name has none or cannot be looked up. Cancelling the Deferred
   * abandons the lookup.
   */
  Deferred<List<InetAddress>> resolve(String host);

  /**
   * The address {@code host} spells when it is an IPv4 or IPv6 literal (an IPv6 one may be in
   * brackets, {@code [::1]}), empty when it is a name. Never looks anything up.
   */
  static Optional<InetAddress> literal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return Optional.of(InetAddress.ofLiteral(h));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
