package dev.braid.net.policies;

import dev.braid.bytes.ByteString;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A test protocol that keeps its transport, every byte it receives, and why it was closed. */
class Recorder implements Protocol {
  Transport transport;
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  Throwable lostReason;

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    received.writeBytes(chunk);
  }

  @Override
  public void connectionLost(Throwable reason) {
    lostReason = reason;
  }

  ByteString all() {
    return ByteString.of(received.toByteArray());
  }

  /** {@code n} bytes of a counting pattern, so that order mistakes show. */
  static byte[] pattern(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) (i * 31 + i / 251);
    }
    return bytes;
  }
}
