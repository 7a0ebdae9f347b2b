package dev.braid.pb.plugin;

import dev.braid.net.ProtocolFactory;
import dev.braid.pb.example.Shop;
import dev.braid.plugin.AuthOptions;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code braid pb}: the example PB shop ({@link Shop}), callable from Twisted's {@code
 * twisted.spread.pb} or Braid's {@code dev.braid.pb}; with {@code --auth}, clients log in and get
 * their own basket.
 */
@Command(
    name = "pb",
    mixinStandardHelpOptions = true,
    description =
        "Perspective Broker (Twisted's remote objects) example shop; with --auth, clients log in"
            + " (memory: checkers: PB's challenge needs the password itself).")
public final class PbPlugin extends ListeningPlugin {
  @Mixin private AuthOptions auth;

  @Override
  protected String defaultEndpoint() {
    return "tcp:8789";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    var portal = auth.portal(reactor, Shop.realm());
    return portal.isPresent() ? Shop.factory(portal.get()) : Shop.factory();
  }
}
