package dev.braid.cli;

import dev.braid.net.ProtocolFactory;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.protocols.forward.PortForward;
import dev.braid.reactor.Reactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid portforward}: forwards every accepted connection to one destination. */
@Command(
    name = "portforward",
    mixinStandardHelpOptions = true,
    description =
        "Port forwarder: joins each accepted connection to a new connection to --connect, with flow control both ways.")
public final class PortForwardPlugin extends ListeningPlugin {
  @Option(
      names = "--connect",
      paramLabel = "ENDPOINT",
      required = true,
      description = "Where to forward to, e.g. tcp:host=example.com:port=80.")
  private String connect;

  @Override
  protected String defaultEndpoint() {
    return "tcp:6666";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    return PortForward.factory(Endpoints.clientFromString(reactor, connect));
  }
}
