package dev.braid.socks.plugin;

import dev.braid.cred.Realm;
import dev.braid.net.ProtocolFactory;
import dev.braid.plugin.AuthOptions;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import dev.braid.socks.SocksConfig;
import dev.braid.socks.SocksServer;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code braid socks}: a SOCKS4/4a/5 CONNECT proxy. */
@Command(
    name = "socks",
    mixinStandardHelpOptions = true,
    description =
        "SOCKS4, SOCKS4a and SOCKS5 proxy (CONNECT); with --auth, SOCKS5 clients log in with a user"
            + " name and password. Loopback, link-local and private destinations are refused"
            + " unless --allow-private.")
public final class SocksPlugin extends ListeningPlugin {
  @Mixin private AuthOptions auth;

  @Option(
      names = "--allow-private",
      description =
          "Allow destinations in loopback, link-local, private (RFC 1918, fc00::/7), CGNAT and"
              + " other non-public ranges.")
  private boolean allowPrivate;

  @Option(
      names = "--handshake-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "How long a client has for its whole handshake (default: ${DEFAULT-VALUE}).")
  private long handshakeTimeout;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to try reaching a destination (default: ${DEFAULT-VALUE}).")
  private long connectTimeout;

  @Override
  protected String defaultEndpoint() {
    return "tcp:1080";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    if (handshakeTimeout < 1 || connectTimeout < 1) {
      throw new IllegalArgumentException(
          "--handshake-timeout and --connect-timeout must be at least 1 second");
    }
    SocksConfig config =
        SocksConfig.defaults()
            .withAllowPrivate(allowPrivate)
            .withHandshakeTimeout(Duration.ofSeconds(handshakeTimeout))
            .withConnectTimeout(Duration.ofSeconds(connectTimeout));
    var portal = auth.portal(reactor, Realm.avatarIds());
    if (portal.isPresent()) {
      config = config.withPortal(portal.get());
    }
    return SocksServer.factory(reactor, config);
  }
}
