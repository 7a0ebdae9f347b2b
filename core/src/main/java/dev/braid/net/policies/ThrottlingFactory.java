package dev.braid.net.policies;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.RefuseConnectionException;
import dev.braid.net.WaterMarks;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A factory that limits the connections of another factory (Twisted's {@code ThrottlingFactory}):
 * how many may be open at once (in all, and from one IP address), and how many bytes per second
 * each may read and write, per connection and in total across all of them. Every limit is off by
 * default; set the ones you want with {@link #builder}:
 *
 * <pre>{@code
 * ThrottlingFactory throttled =
 *     ThrottlingFactory.builder(peer -> new Echo(), reactor)
 *         .maxConnections(1000)
 *         .maxConnectionsPerPeer(20)
 *         .readLimitPerConnection(64 * 1024)     // bytes per second
 *         .totalWriteLimit(10 * 1024 * 1024)     // bytes per second, all connections together
 *         .build();
 * reactor.listenTcp(8000, throttled);
 * }</pre>
 *
 * <p><b>Refusing.</b> A connection over {@link Builder#maxConnections} or {@link
 * Builder#maxConnectionsPerPeer} is refused in {@link #buildProtocol} with a {@link
 * RefuseConnectionException}: the reactor closes it at once, the wrapped factory is not asked for a
 * protocol, and the refusal is logged at INFO. The per-peer limit counts connections by the peer's
 * IP address ({@link InetSocketAddress}); peers of other kinds (UNIX sockets) count only towards
 * the overall limit.
 *
 * <p><b>Byte budgets.</b> Each rate is a budget that refills continuously at the rate and holds at
 * most one second's worth, so a connection may burst one second's bytes at once and then goes on at
 * the rate. <em>Reading</em>: bytes already read cannot be refused, so a read may overdraw the
 * budget; once it is overdrawn the connection stops reading ({@code pauseProducing} on the real
 * transport) and resumes when the budget is back at zero, at a time computed on {@code time}.
 * Overdrawing the total budget pauses every connection of this factory. <em>Writing</em>: writes
 * are held in the wrapper and released as the budgets allow (at least a tenth of a second's worth
 * at a time, or everything held if less), in order; a producer registered with the wrapping
 * transport is paused while the wrapper holds more than its high-water mark ({@link
 * Builder#writeBufferWaterMarks}, 64/32 KiB by default) and resumed at the low one, so throttled
 * data does not grow without bound. {@code bufferedBytes()} counts what the wrapper holds plus what
 * the real transport holds; {@code loseConnection()} closes once everything held was released.
 *
 * <p><b>Threads.</b> One factory serves the connections of one reactor: its counters and timers
 * live on that reactor's thread ({@code time}). With a reactor group, make one factory per reactor.
 */
public final class ThrottlingFactory implements ProtocolFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ThrottlingFactory.class);

  private final ProtocolFactory wrapped;
  private final ReactorTime time;
  private final long readLimit;
  private final long writeLimit;
  private final long totalReadLimit;
  private final long totalWriteLimit;
  private final int maxConnections;
  private final int maxPerPeer;
  private final WaterMarks writeMarks;

  private int open;
  private final Map<InetAddress, Integer> perPeer = new HashMap<>();
  private final Set<ThrottledConnection> connections = new LinkedHashSet<>();
  private TokenBucket totalRead;
  private TokenBucket totalWrite;
  private DelayedCall totalReadResume;

  private ThrottlingFactory(Builder b) {
    this.wrapped = b.wrapped;
    this.time = b.time;
    this.readLimit = b.readLimit;
    this.writeLimit = b.writeLimit;
    this.totalReadLimit = b.totalReadLimit;
    this.totalWriteLimit = b.totalWriteLimit;
    this.maxConnections = b.maxConnections;
    this.maxPerPeer = b.maxPerPeer;
    this.writeMarks = b.writeMarks;
  }

  /**
   * A builder for a factory wrapping {@code wrapped}, timing with {@code time} (the reactor that
   * serves the connections, or a fake clock in tests). Every limit starts off.
   */
  public static Builder builder(ProtocolFactory wrapped, ReactorTime time) {
    return new Builder(wrapped, time);
  }

  /**
   * Refuses the connection when a connection limit is reached (see the class doc); otherwise asks
   * the wrapped factory for a protocol and wraps it.
   */
  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    if (open >= maxConnections) {
      LOG.info(
          "Refusing the connection from {}: {} connections are open, the limit is {}",
          peer,
          open,
          maxConnections);
      throw new RefuseConnectionException("connection limit (" + maxConnections + ") reached");
    }
    InetAddress ip =
        peer instanceof InetSocketAddress inet && inet.getAddress() != null
            ? inet.getAddress()
            : null;
    if (ip != null && perPeer.getOrDefault(ip, 0) >= maxPerPeer) {
      LOG.info(
          "Refusing the connection from {}: {} connections from {} are open, the limit is {}",
          peer,
          perPeer.get(ip),
          ip.getHostAddress(),
          maxPerPeer);
      throw new RefuseConnectionException(
          "connection limit per peer (" + maxPerPeer + ") reached for " + ip.getHostAddress());
    }
    Protocol inner =
        Objects.requireNonNull(wrapped.buildProtocol(peer), "the wrapped factory built null");
    open++;
    if (ip != null) {
      perPeer.merge(ip, 1, Integer::sum);
    }
    long now = time.nanoTime();
    if (totalReadLimit != Long.MAX_VALUE && totalRead == null) {
      totalRead = new TokenBucket(totalReadLimit, now);
    }
    if (totalWriteLimit != Long.MAX_VALUE && totalWrite == null) {
      totalWrite = new TokenBucket(totalWriteLimit, now);
    }
    return new ThrottledConnection(
        this,
        inner,
        ip,
        readLimit == Long.MAX_VALUE ? null : new TokenBucket(readLimit, now),
        writeLimit == Long.MAX_VALUE ? null : new TokenBucket(writeLimit, now),
        writeLimit != Long.MAX_VALUE || totalWriteLimit != Long.MAX_VALUE);
  }

  @Override
  public void startFactory() {
    wrapped.startFactory();
  }

  @Override
  public void stopFactory() {
    wrapped.stopFactory();
  }

  /** The connections open now (built and not yet lost). */
  public int openConnections() {
    return open;
  }

  /** The connections open now from {@code address}. */
  public int openConnectionsFrom(InetAddress address) {
    return perPeer.getOrDefault(address, 0);
  }

  /** The read limit of each connection in bytes per second, if set. */
  public OptionalLong readLimitPerConnection() {
    return limit(readLimit);
  }

  /** The write limit of each connection in bytes per second, if set. */
  public OptionalLong writeLimitPerConnection() {
    return limit(writeLimit);
  }

  /** The read limit of all connections together in bytes per second, if set. */
  public OptionalLong totalReadLimit() {
    return limit(totalReadLimit);
  }

  /** The write limit of all connections together in bytes per second, if set. */
  public OptionalLong totalWriteLimit() {
    return limit(totalWriteLimit);
  }

  /** The maximum number of connections open at once, if set. */
  public OptionalInt maxConnections() {
    return maxConnections == Integer.MAX_VALUE
        ? OptionalInt.empty()
        : OptionalInt.of(maxConnections);
  }

  /** The maximum number of connections open at once from one IP address, if set. */
  public OptionalInt maxConnectionsPerPeer() {
    return maxPerPeer == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(maxPerPeer);
  }

  private static OptionalLong limit(long value) {
    return value == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(value);
  }

  // ---------------------------------------------------------------- for ThrottledConnection

  ReactorTime time() {
    return time;
  }

  WaterMarks writeMarks() {
    return writeMarks;
  }

  void connectionStarted(ThrottledConnection connection) {
    connections.add(connection);
  }

  void connectionEnded(ThrottledConnection connection, InetAddress ip) {
    connections.remove(connection);
    open--;
    if (ip != null) {
      perPeer.computeIfPresent(ip, (k, n) -> n == 1 ? null : n - 1);
    }
    if (connections.isEmpty() && totalReadResume != null) {
      totalReadResume.cancel();
      totalReadResume = null;
    }
  }

  boolean totalReadPaused() {
    return totalReadResume != null;
  }

  /** Charges {@code n} read bytes to the total budget; pauses everyone when it is overdrawn. */
  void chargeTotalRead(long n, long now) {
    if (totalRead == null) {
      return;
    }
    totalRead.take(n, now);
    if (totalRead.available(now) < 0 && totalReadResume == null) {
      long wait = totalRead.nanosUntil(0, now);
      LOG.debug(
          "Total read limit of {} B/s overdrawn; pausing reading on {} connections for {} ns",
          totalReadLimit,
          connections.size(),
          wait);
      totalReadResume = time.callLater(Duration.ofNanos(wait), this::totalReadRefilled);
      syncAll();
    }
  }

  private void totalReadRefilled() {
    totalReadResume = null;
    long now = time.nanoTime();
    if (totalRead.available(now) < 0) {
      totalReadResume =
          time.callLater(Duration.ofNanos(totalRead.nanosUntil(0, now)), this::totalReadRefilled);
      return;
    }
    syncAll();
  }

  private void syncAll() {
    for (ThrottledConnection c : new ArrayList<>(connections)) {
      c.syncReading();
    }
  }

  /** The bytes the total write budget allows now ({@code Long.MAX_VALUE} without a limit). */
  long totalWriteAllowance(long now) {
    return totalWrite == null ? Long.MAX_VALUE : totalWrite.available(now);
  }

  void chargeTotalWrite(long n, long now) {
    if (totalWrite != null) {
      totalWrite.take(n, now);
    }
  }

  /** Nanoseconds until the total write budget holds {@code target} bytes. */
  long totalWriteWait(long target, long now) {
    return totalWrite == null ? 0 : totalWrite.nanosUntil(target, now);
  }

  /** The total write rate, or {@code Long.MAX_VALUE}. */
  long totalWriteRate() {
    return totalWriteLimit;
  }

  /** Sets up a {@link ThrottlingFactory}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final ProtocolFactory wrapped;
    private final ReactorTime time;
    private long readLimit = Long.MAX_VALUE;
    private long writeLimit = Long.MAX_VALUE;
    private long totalReadLimit = Long.MAX_VALUE;
    private long totalWriteLimit = Long.MAX_VALUE;
    private int maxConnections = Integer.MAX_VALUE;
    private int maxPerPeer = Integer.MAX_VALUE;
    private WaterMarks writeMarks = WaterMarks.DEFAULTS;

    private Builder(ProtocolFactory wrapped, ReactorTime time) {
      this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
      this.time = Objects.requireNonNull(time, "time");
    }

    /** Each connection reads at most {@code bytesPerSecond} (positive). Default: no limit. */
    public Builder readLimitPerConnection(long bytesPerSecond) {
      this.readLimit = positive(bytesPerSecond, "read limit per connection");
      return this;
    }

    /** Each connection writes at most {@code bytesPerSecond} (positive). Default: no limit. */
    public Builder writeLimitPerConnection(long bytesPerSecond) {
      this.writeLimit = positive(bytesPerSecond, "write limit per connection");
      return this;
    }

    /**
     * All connections together read at most {@code bytesPerSecond} (positive). Default: no limit.
     */
    public Builder totalReadLimit(long bytesPerSecond) {
      this.totalReadLimit = positive(bytesPerSecond, "total read limit");
      return this;
    }

    /**
     * All connections together write at most {@code bytesPerSecond} (positive). Default: no limit.
     */
    public Builder totalWriteLimit(long bytesPerSecond) {
      this.totalWriteLimit = positive(bytesPerSecond, "total write limit");
      return this;
    }

    /** At most {@code connections} (positive) open at once; more are refused. Default: no limit. */
    public Builder maxConnections(int connections) {
      this.maxConnections = (int) positive(connections, "connection limit");
      return this;
    }

    /**
     * At most {@code connections} (positive) open at once from one IP address; more are refused.
     * Default: no limit.
     */
    public Builder maxConnectionsPerPeer(int connections) {
      this.maxPerPeer = (int) positive(connections, "connection limit per peer");
      return this;
    }

    /**
     * The water marks (in bytes) of the writes a write-throttled connection holds, for the flow
     * control of a producer registered with it. Default {@link WaterMarks#DEFAULTS} (32/64 KiB).
     */
    public Builder writeBufferWaterMarks(WaterMarks marks) {
      this.writeMarks = Objects.requireNonNull(marks, "marks");
      return this;
    }

    /** The factory. */
    public ThrottlingFactory build() {
      return new ThrottlingFactory(this);
    }

    private static long positive(long value, String what) {
      if (value <= 0) {
        throw new IllegalArgumentException("the " + what + " must be positive, got " + value);
      }
      return value;
    }
  }
}
