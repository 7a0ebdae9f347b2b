package dev.braid.net.tls;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A test protocol over TLS: records what it receives, fires {@link #made} and {@link #lost}, and
 * (as a half-closeable protocol) {@link #readClosed} when the peer stops sending.
 */
class Recorder implements HalfCloseableProtocol {
  final Deferred<Transport> made = new Deferred<>();
  final Deferred<Throwable> lost = new Deferred<>();
  final Deferred<Void> readClosed = new Deferred<>();
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  Transport transport;
  private int waitingFor;
  private Deferred<ByteString> enough;

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    made.callback(transport);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    bytes.writeBytes(chunk);
    if (enough != null && bytes.size() >= waitingFor) {
      Deferred<ByteString> d = enough;
      enough = null;
      d.callback(all());
    }
  }

  @Override
  public void readConnectionLost() {
    readClosed.callback(null);
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost.callback(reason);
  }

  TlsTransport tls() {
    return (TlsTransport) transport;
  }

  String text() {
    return all().utf8();
  }

  ByteString all() {
    return ByteString.of(bytes.toByteArray());
  }

  /** Fires with everything received once at least {@code n} bytes arrived. */
  Deferred<ByteString> received(int n) {
    if (bytes.size() >= n) {
      return Deferred.succeed(all());
    }
    waitingFor = n;
    enough = new Deferred<>();
    return enough;
  }
}
