package dev.braid.net.policies;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A debugging wrapper that logs the traffic of another factory's connections (Twisted's {@code
 * TrafficLoggingFactory}): each connection's open and close, and each read and write with its
 * length and a hex and ASCII preview of its first bytes, at DEBUG through SLF4J. Every line starts
 * with the connection's id ({@code #1}, {@code #2}, ... per factory), so the lines of one
 * connection can be picked out of a busy log.
 *
 * <pre>{@code
 * reactor.listenTcp(8000, TrafficLoggingFactory.builder(peer -> new Echo()).build());
 * // DEBUG dev.braid.net.policies.TrafficLoggingFactory - #1 open 127.0.0.1:51234
 * // DEBUG dev.braid.net.policies.TrafficLoggingFactory - #1 read 6 bytes: 68 65 6c 6c 6f 0a |hello.|
 * }</pre>
 *
 * <p>When the logger's DEBUG level is off, the wrapper only forwards (the previews are not built).
 * The buffers are not consumed: the preview reads them without moving their position. Protocols are
 * built on the reactor thread; the id counter is thread-safe, so one factory may serve a reactor
 * group.
 */
public final class TrafficLoggingFactory implements ProtocolFactory {
  /** The default preview length: the first 64 bytes of each read and write. */
  public static final int DEFAULT_PREVIEW_BYTES = 64;

  private final ProtocolFactory wrapped;
  private final Logger log;
  private final int previewBytes;
  private final AtomicLong ids = new AtomicLong();

  private TrafficLoggingFactory(Builder b) {
    this.wrapped = b.wrapped;
    this.log = LoggerFactory.getLogger(b.loggerName);
    this.previewBytes = b.previewBytes;
  }

  /** A builder for a factory wrapping {@code wrapped}. */
  public static Builder builder(ProtocolFactory wrapped) {
    return new Builder(wrapped);
  }

  /** Builds the wrapped factory's protocol and wraps it with a new connection id. */
  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    Protocol inner =
        Objects.requireNonNull(wrapped.buildProtocol(peer), "the wrapped factory built null");
    return wrap(inner);
  }

  /** Wraps one protocol (a client's, say) with a new connection id. */
  public Protocol wrap(Protocol protocol) {
    return new LoggingConnection(protocol, log, "#" + ids.incrementAndGet(), previewBytes);
  }

  /** The number of bytes shown of each read and write. */
  public int previewBytes() {
    return previewBytes;
  }

  @Override
  public void startFactory() {
    wrapped.startFactory();
  }

  @Override
  public void stopFactory() {
    wrapped.stopFactory();
  }

  /** Sets up a {@link TrafficLoggingFactory}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final ProtocolFactory wrapped;
    private String loggerName = TrafficLoggingFactory.class.getName();
    private int previewBytes = DEFAULT_PREVIEW_BYTES;

    private Builder(ProtocolFactory wrapped) {
      this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
    }

    /**
     * The SLF4J logger to write to. Default: {@code dev.braid.net.policies.TrafficLoggingFactory}.
     */
    public Builder logger(String name) {
      this.loggerName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * How many bytes of each read and write to show (0 or more; 0 logs lengths only). Default
     * {@link #DEFAULT_PREVIEW_BYTES}.
     */
    public Builder previewBytes(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("preview length cannot be negative, got " + bytes);
      }
      this.previewBytes = bytes;
      return this;
    }

    /** The factory. */
    public TrafficLoggingFactory build() {
      return new TrafficLoggingFactory(this);
    }
  }
}
