package dev.braid.cli.userplugin;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A plugin written outside Braid's modules, as a user writes one: {@code braid myproto} greets each
 * connection with one line, then closes it. {@code UserPluginIT} puts it in a jar of its own, with
 * its service entry, beside the built command.
 */
@Command(
    name = "myproto",
    mixinStandardHelpOptions = true,
    description = "A user's plugin: greets each connection with one line, then closes it.")
public final class GreetingPlugin extends ListeningPlugin {
  @Option(
      names = "--greeting",
      paramLabel = "TEXT",
      defaultValue = "hello",
      description = "The line to send (default: ${DEFAULT-VALUE}).")
  private String greeting;

  /** Made by the {@code braid} command through {@link java.util.ServiceLoader}. */
  public GreetingPlugin() {}

  @Override
  protected String defaultEndpoint() {
    return "tcp:7070";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    return peer ->
        new Protocol() {
          @Override
          public void connectionMade(Transport transport) {
            transport.write(greeting + "\n");
            transport.loseConnection();
          }
        };
  }
}
