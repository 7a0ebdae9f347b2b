package dev.braid.amp.plugin;

import dev.braid.amp.example.Calculator;
import dev.braid.net.ProtocolFactory;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import picocli.CommandLine.Command;

/**
 * {@code braid amp}: the example AMP service ({@link Calculator}: Sum, Divide, Echo), callable from
 * Twisted's {@code twisted.protocols.amp} or from Braid's {@code dev.braid.amp.Amp}.
 */
@Command(
    name = "amp",
    mixinStandardHelpOptions = true,
    description =
        "AMP (Twisted's Asynchronous Messaging Protocol) example service: Sum, Divide, Echo.")
public final class AmpPlugin extends ListeningPlugin {
  @Override
  protected String defaultEndpoint() {
    return "tcp:7001";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    return Calculator.factory();
  }
}
