package dev.braid.net.tls;

import dev.braid.defer.Deferred;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;

/** Echoes what it reads (over TLS, in these tests) and reports how its connection ended. */
final class EchoProbe implements Protocol {
  final Deferred<Throwable> lost = new Deferred<>();
  Transport transport;

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    transport.writeCopy(data);
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost.callback(reason);
  }
}
