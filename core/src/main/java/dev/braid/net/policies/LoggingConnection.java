package dev.braid.net.policies;

import dev.braid.net.Layer;
import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;

/** One connection of a {@link TrafficLoggingFactory}: logs, then forwards. Reactor thread only. */
final class LoggingConnection extends Layer {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Logger log;
  private final String id;
  private final int previewBytes;

  LoggingConnection(Protocol inner, Logger log, String id, int previewBytes) {
    super(inner);
    this.log = log;
    this.id = id;
    this.previewBytes = previewBytes;
  }

  /** This connection's id in the log ({@code #1}, ...). */
  String id() {
    return id;
  }

  @Override
  public void connectionMade(Transport transport) {
    if (log.isDebugEnabled()) {
      log.debug(
          "{} open {} (local {}) {}",
          id,
          transport.peerAddress(),
          transport.hostAddress(),
          inner().getClass().getName());
    }
    super.connectionMade(transport);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (log.isDebugEnabled()) {
      log.debug("{} read {}", id, describe(data));
    }
    super.dataReceived(data);
  }

  @Override
  public void readConnectionLost() {
    log.debug("{} read side closed by the peer", id);
    super.readConnectionLost();
  }

  @Override
  public void writeConnectionLost() {
    log.debug("{} write side closed", id);
    super.writeConnectionLost();
  }

  @Override
  public void connectionLost(Throwable reason) {
    if (log.isDebugEnabled()) {
      log.debug("{} closed: {}", id, reason.toString());
    }
    super.connectionLost(reason);
  }

  @Override
  public void write(ByteBuffer data) {
    if (log.isDebugEnabled()) {
      log.debug("{} write {}", id, describe(data));
    }
    super.write(data);
  }

  @Override
  public void writeCopy(ByteBuffer data) {
    if (log.isDebugEnabled()) {
      log.debug("{} write {}", id, describe(data));
    }
    super.writeCopy(data);
  }

  @Override
  public void writeSequence(List<ByteBuffer> data) {
    if (log.isDebugEnabled()) {
      for (ByteBuffer buffer : data) {
        log.debug("{} write {}", id, describe(buffer));
      }
    }
    super.writeSequence(data);
  }

  @Override
  public void loseConnection() {
    log.debug("{} loseConnection", id);
    super.loseConnection();
  }

  @Override
  public void abortConnection() {
    log.debug("{} abortConnection", id);
    super.abortConnection();
  }

  @Override
  public void loseWriteConnection() {
    log.debug("{} loseWriteConnection", id);
    super.loseWriteConnection();
  }

  @Override
  public void registerProducer(Producer producer) {
    log.debug("{} registerProducer {}", id, producer);
    super.registerProducer(producer);
  }

  @Override
  public void unregisterProducer() {
    log.debug("{} unregisterProducer", id);
    super.unregisterProducer();
  }

  @Override
  public void pauseProducing() {
    log.debug("{} pauseProducing (reading paused)", id);
    super.pauseProducing();
  }

  @Override
  public void resumeProducing() {
    log.debug("{} resumeProducing (reading resumed)", id);
    super.resumeProducing();
  }

  /**
   * "{@code N bytes: 68 69 |hi|}", showing at most {@code previewBytes}; does not move {@code
   * data}'s position.
   */
  String describe(ByteBuffer data) {
    int n = data.remaining();
    StringBuilder s = new StringBuilder(32 + previewBytes * 4);
    s.append(n).append(n == 1 ? " byte" : " bytes");
    int shown = Math.min(n, previewBytes);
    if (shown == 0) {
      return s.toString();
    }
    s.append(": ");
    int start = data.position();
    for (int i = 0; i < shown; i++) {
      int b = data.get(start + i) & 0xff;
      if (i > 0) {
        s.append(' ');
      }
      s.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
    }
    s.append(" |");
    for (int i = 0; i < shown; i++) {
      int b = data.get(start + i) & 0xff;
      s.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
    }
    s.append('|');
    if (shown < n) {
      s.append(" ... (").append(n - shown).append(" more)");
    }
    return s.toString();
  }
}
