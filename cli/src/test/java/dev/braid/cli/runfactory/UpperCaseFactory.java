package dev.braid.cli.runfactory;

import dev.braid.bytes.ByteString;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.protocols.LineOnlyReceiver;
import java.net.SocketAddress;

/**
 * A user's factory, the second form {@code braid run --factory} takes: a public class implementing
 * {@link ProtocolFactory} with a public no-argument constructor. Sends back each LF-ended line in
 * upper case.
 */
public final class UpperCaseFactory implements ProtocolFactory {
  /** Made by {@code braid run}. */
  public UpperCaseFactory() {}

  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    return new LineOnlyReceiver(ByteString.ascii("\n"), 1024) {
      @Override
      protected void lineReceived(ByteString line) {
        transport().write(line.utf8().toUpperCase(java.util.Locale.ROOT) + "\n");
      }
    };
  }
}
