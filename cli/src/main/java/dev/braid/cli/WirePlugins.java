package dev.braid.cli;

import dev.braid.net.ProtocolFactory;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.protocols.wire.Chargen;
import dev.braid.protocols.wire.Daytime;
import dev.braid.protocols.wire.Discard;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import java.time.Clock;
import picocli.CommandLine.Command;

/** The small servers of {@code dev.braid.protocols.wire} as plugins. */
public final class WirePlugins {
  private WirePlugins() {}

  /** {@code braid echo}: sends back every byte it receives (RFC 862). */
  @Command(
      name = "echo",
      mixinStandardHelpOptions = true,
      description = "Echo server: sends back every byte it receives (RFC 862).")
  public static final class EchoPlugin extends ListeningPlugin {
    @Override
    protected String defaultEndpoint() {
      return "tcp:8000";
    }

    @Override
    protected ProtocolFactory factory(Reactor reactor) {
      return Echo.factory();
    }
  }

  /** {@code braid discard}: reads and drops everything (RFC 863). */
  @Command(
      name = "discard",
      mixinStandardHelpOptions = true,
      description = "Discard server: reads and drops everything (RFC 863).")
  public static final class DiscardPlugin extends ListeningPlugin {
    @Override
    protected String defaultEndpoint() {
      return "tcp:8009";
    }

    @Override
    protected ProtocolFactory factory(Reactor reactor) {
      return Discard.factory();
    }
  }

  /** {@code braid chargen}: streams characters until the client closes (RFC 864). */
  @Command(
      name = "chargen",
      mixinStandardHelpOptions = true,
      description =
          "Character generator: streams lines of characters, with flow control (RFC 864).")
  public static final class ChargenPlugin extends ListeningPlugin {
    @Override
    protected String defaultEndpoint() {
      return "tcp:8019";
    }

    @Override
    protected ProtocolFactory factory(Reactor reactor) {
      return Chargen.factory();
    }
  }

  /** {@code braid daytime}: writes the date and time, then closes (RFC 867). */
  @Command(
      name = "daytime",
      mixinStandardHelpOptions = true,
      description = "Daytime server: writes the date and time, then closes (RFC 867).")
  public static final class DaytimePlugin extends ListeningPlugin {
    @Override
    protected String defaultEndpoint() {
      return "tcp:8013";
    }

    @Override
    protected ProtocolFactory factory(Reactor reactor) {
      return Daytime.factory(Clock.systemDefaultZone());
    }
  }
}
