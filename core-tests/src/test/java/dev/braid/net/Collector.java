package dev.braid.net;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A test protocol that keeps every byte it receives and fires {@link #made} / {@link #lost} on
 * connect and close; {@link #received(int)} fires once at least that many bytes arrived. Public for
 * the tests of {@code dev.braid.net}'s sub-packages.
 */
public class Collector implements Protocol {
  public final Deferred<Transport> made = new Deferred<>();
  public final Deferred<Throwable> lost = new Deferred<>();
  public final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  public Transport transport;
  private int waitingFor = -1;
  private Deferred<ByteString> receivedEnough;

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
    if (receivedEnough != null && bytes.size() >= waitingFor) {
      Deferred<ByteString> d = receivedEnough;
      receivedEnough = null;
      d.callback(ByteString.of(bytes.toByteArray()));
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost.callback(reason);
  }

  /** Fires with everything received once at least {@code n} bytes arrived. */
  public Deferred<ByteString> received(int n) {
    if (bytes.size() >= n) {
      return Deferred.succeed(ByteString.of(bytes.toByteArray()));
    }
    waitingFor = n;
    receivedEnough = new Deferred<>();
    return receivedEnough;
  }

  public ByteString all() {
    return ByteString.of(bytes.toByteArray());
  }
}
