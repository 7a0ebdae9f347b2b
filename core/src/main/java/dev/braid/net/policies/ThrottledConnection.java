package dev.braid.net.policies;

import dev.braid.net.Layer;
import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.PullProducer;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.WaterMarks;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * One connection of a {@link ThrottlingFactory}: charges reads to the read budgets and pauses the
 * real transport while one is overdrawn; holds writes and releases them as the write budgets allow.
 * Reactor thread only.
 */
final class ThrottledConnection extends Layer {
  private final ThrottlingFactory factory;
  private final ReactorTime time;
  private final InetAddress ip;
  private final TokenBucket readBucket;
  private final TokenBucket writeBucket;
  private final boolean writeThrottled;

  // reading
  private boolean protocolPaused;
  private boolean belowPaused;
  private DelayedCall readResume;

  // writing (only when writeThrottled)
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private long queued;
  private boolean releasing;
  private DelayedCall writeTimer;
  private WaterMarks marks;
  private Producer upstream;
  private boolean upstreamPaused;
  private boolean downstreamRegistered;
  private boolean downstreamPaused;
  private DelayedCall pullCall;
  private boolean closing;
  private boolean closeSent;
  private boolean halfClosing;
  private boolean halfCloseSent;
  private boolean ended;

  private final PushProducer downstream =
      new PushProducer() {
        @Override
        public void pauseProducing() {
          downstreamPaused = true;
        }

        @Override
        public void resumeProducing() {
          downstreamPaused = false;
          release();
        }

        @Override
        public void stopProducing() {
          Producer stopping = upstream;
          upstream = null;
          downstreamRegistered = false;
          if (stopping != null) {
            stopping.stopProducing();
          }
        }
      };

  ThrottledConnection(
      ThrottlingFactory factory,
      Protocol inner,
      InetAddress ip,
      TokenBucket readBucket,
      TokenBucket writeBucket,
      boolean writeThrottled) {
    super(inner);
    this.factory = factory;
    this.time = factory.time();
    this.ip = ip;
    this.readBucket = readBucket;
    this.writeBucket = writeBucket;
    this.writeThrottled = writeThrottled;
    this.marks = factory.writeMarks();
  }

  // ---------------------------------------------------------------- protocol side (events)

  @Override
  public void connectionMade(Transport transport) {
    factory.connectionStarted(this);
    Objects.requireNonNull(transport, "transport");
    super.connectionMade(transport);
    syncReading();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    long n = data.remaining();
    long now = time.nanoTime();
    if (readBucket != null) {
      readBucket.take(n, now);
      if (readBucket.available(now) < 0 && readResume == null) {
        readResume =
            time.callLater(Duration.ofNanos(readBucket.nanosUntil(0, now)), this::readRefilled);
      }
    }
    factory.chargeTotalRead(n, now);
    syncReading();
    super.dataReceived(data);
  }

  @Override
  public void connectionLost(Throwable reason) {
    if (!ended) {
      ended = true;
      cancel(readResume);
      readResume = null;
      cancel(writeTimer);
      writeTimer = null;
      cancel(pullCall);
      pullCall = null;
      queue.clear();
      queued = 0;
      factory.connectionEnded(this, ip);
      Producer stopping = upstream;
      upstream = null;
      if (stopping != null) {
        stopping.stopProducing();
      }
    }
    super.connectionLost(reason);
  }

  private void readRefilled() {
    readResume = null;
    long now = time.nanoTime();
    if (readBucket.available(now) < 0) {
      readResume =
          time.callLater(Duration.ofNanos(readBucket.nanosUntil(0, now)), this::readRefilled);
      return;
    }
    syncReading();
  }

  /** Pauses or resumes the real transport so that it reads only while nothing holds it. */
  void syncReading() {
    if (!connected() || ended) {
      return;
    }
    Transport below = below();
    boolean pause = protocolPaused || readResume != null || factory.totalReadPaused();
    if (pause != belowPaused) {
      belowPaused = pause;
      if (pause) {
        below.pauseProducing();
      } else {
        below.resumeProducing();
      }
    }
  }

  // ---------------------------------------------------------------- transport side (reading)

  @Override
  public void pauseProducing() {
    protocolPaused = true;
    syncReading();
  }

  @Override
  public void resumeProducing() {
    protocolPaused = false;
    syncReading();
  }

  @Override
  public void stopProducing() {
    abortConnection();
  }

  // ---------------------------------------------------------------- transport side (writing)

  @Override
  public void write(ByteBuffer data) {
    if (!writeThrottled) {
      super.write(data);
      return;
    }
    enqueue(data);
    release();
  }

  @Override
  public void writeCopy(ByteBuffer data) {
    if (!writeThrottled) {
      super.writeCopy(data);
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    enqueue(copy.put(data).flip());
    release();
  }

  @Override
  public void writeSequence(List<ByteBuffer> data) {
    if (!writeThrottled) {
      super.writeSequence(data);
      return;
    }
    for (ByteBuffer buffer : data) {
      enqueue(buffer);
    }
    release();
  }

  private void enqueue(ByteBuffer data) {
    if (ended || closeSent || halfCloseSent) {
      data.position(data.limit());
      return;
    }
    int n = data.remaining();
    if (n > 0) {
      queue.addLast(data);
      queued += n;
    }
  }

  /** Sends what the budgets allow now, then schedules the rest. */
  private void release() {
    if (releasing || ended) {
      return;
    }
    releasing = true;
    try {
      long now = time.nanoTime();
      while (!queue.isEmpty() && !downstreamPaused && !ended) {
        long allowed = allowance(now);
        if (allowed <= 0) {
          break;
        }
        ByteBuffer head = queue.peekFirst();
        int n = (int) Math.min(allowed, head.remaining());
        ByteBuffer piece;
        if (n == head.remaining()) {
          queue.pollFirst();
          piece = head;
        } else {
          piece = head.slice(head.position(), n);
          head.position(head.position() + n);
        }
        queued -= n;
        if (writeBucket != null) {
          writeBucket.take(n, now);
        }
        factory.chargeTotalWrite(n, now);
        below().write(piece);
      }
    } finally {
      releasing = false;
    }
    if (ended) {
      return;
    }
    if (queue.isEmpty()) {
      cancel(writeTimer);
      writeTimer = null;
      finishClosing();
    } else if (!downstreamPaused && writeTimer == null) {
      scheduleRelease();
    }
    updateUpstream();
  }

  private long allowance(long now) {
    long allowed = factory.totalWriteAllowance(now);
    if (writeBucket != null) {
      allowed = Math.min(allowed, writeBucket.available(now));
    }
    return allowed;
  }

  private void scheduleRelease() {
    long now = time.nanoTime();
    long rate = factory.totalWriteRate();
    if (writeBucket != null) {
      rate = Math.min(rate, writeBucket.rate());
    }
    long target = Math.min(queued, Math.max(1, rate / 10));
    long wait = factory.totalWriteWait(target, now);
    if (writeBucket != null) {
      wait = Math.max(wait, writeBucket.nanosUntil(target, now));
    }
    writeTimer =
        time.callLater(
            Duration.ofNanos(wait),
            () -> {
              writeTimer = null;
              release();
            });
  }

  private void finishClosing() {
    if (closing && !closeSent && !(upstream instanceof PullProducer)) {
      closeSent = true;
      below().loseConnection();
    } else if (halfClosing && !halfCloseSent && !closeSent) {
      halfCloseSent = true;
      below().loseWriteConnection();
    }
  }

  private void updateUpstream() {
    switch (upstream) {
      case null -> {}
      case PushProducer push -> {
        if (!upstreamPaused && queued > marks.high()) {
          upstreamPaused = true;
          push.pauseProducing();
        } else if (upstreamPaused && queued <= marks.low()) {
          upstreamPaused = false;
          push.resumeProducing();
        }
      }
      case PullProducer pull -> {
        if (queued == 0 && !downstreamPaused && pullCall == null) {
          pullCall =
              time.callLater(
                  Duration.ZERO,
                  () -> {
                    pullCall = null;
                    if (upstream == pull && !ended) {
                      pull.resumeProducing();
                    }
                  });
        }
      }
    }
  }

  @Override
  public void registerProducer(Producer producer) {
    if (!writeThrottled) {
      super.registerProducer(producer);
      return;
    }
    Objects.requireNonNull(producer, "producer");
    if (upstream != null) {
      throw new IllegalStateException(
          "a producer is already registered (" + upstream + "); unregister it first");
    }
    if (ended) {
      producer.stopProducing();
      return;
    }
    upstream = producer;
    upstreamPaused = false;
    downstreamRegistered = true;
    below().registerProducer(downstream);
    if (upstream != producer) {
      return; // the transport below was closed and stopped it at once
    }
    switch (producer) {
      case PushProducer push -> {
        if (queued > marks.high()) {
          upstreamPaused = true;
          push.pauseProducing();
        }
      }
      case PullProducer pull -> pull.resumeProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    if (!writeThrottled) {
      super.unregisterProducer();
      return;
    }
    if (upstream == null) {
      return;
    }
    upstream = null;
    upstreamPaused = false;
    cancel(pullCall);
    pullCall = null;
    if (downstreamRegistered) {
      downstreamRegistered = false;
      below().unregisterProducer();
    }
    downstreamPaused = false;
    release();
  }

  @Override
  public void loseConnection() {
    if (!writeThrottled) {
      super.loseConnection();
      return;
    }
    if (closing || ended) {
      return;
    }
    closing = true;
    if (queue.isEmpty()) {
      finishClosing();
    }
  }

  @Override
  public void loseWriteConnection() {
    if (!writeThrottled) {
      super.loseWriteConnection();
      return;
    }
    if (halfClosing || ended) {
      return;
    }
    halfClosing = true;
    if (queue.isEmpty()) {
      finishClosing();
    }
  }

  @Override
  public void abortConnection() {
    queue.clear();
    queued = 0;
    cancel(writeTimer);
    writeTimer = null;
    closing = true;
    closeSent = true;
    super.abortConnection();
  }

  @Override
  public boolean disconnecting() {
    return closing || super.disconnecting();
  }

  @Override
  public long bufferedBytes() {
    return queued + super.bufferedBytes();
  }

  @Override
  public void setWriteBufferWaterMarks(int low, int high) {
    WaterMarks next = new WaterMarks(low, high);
    super.setWriteBufferWaterMarks(low, high);
    marks = next;
    if (writeThrottled) {
      updateUpstream();
    }
  }

  private static void cancel(DelayedCall call) {
    if (call != null && call.active()) {
      call.cancel();
    }
  }
}
