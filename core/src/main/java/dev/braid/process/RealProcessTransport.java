package dev.braid.process;

import dev.braid.defer.Outcome;
import dev.braid.net.PushProducer;
import dev.braid.net.WaterMarks;
import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ProcessTransport} of one child: two output pumps and one stdin writer, each a virtual
 * thread, talking to the reactor only through {@code callFromThread}. Fields without a comment are
 * reactor-thread state.
 *
 * <p>When {@code ownGroup} is set the child leads its own process group (its pgid is its pid, see
 * {@link ProcessGroups}), and {@link #signalProcessGroup} signals that group.
 */
final class RealProcessTransport implements ProcessTransport {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessTransport.class);

  /** How many bytes an output pump reads at a time. */
  static final int CHUNK_SIZE = 64 * 1024;

  private static final Set<String> SIGNALS =
      Set.of("TERM", "KILL", "INT", "HUP", "QUIT", "USR1", "USR2", "STOP", "CONT");

  /** Marks the end of stdin in the writer's queue. */
  private static final ByteBuffer CLOSE = ByteBuffer.allocate(0);

  private final Reactor reactor;
  private final Process process;
  private final boolean ownGroup;
  private final ProcessProtocol protocol;
  private final Pump stdout;
  private final Pump stderr;

  /** Buffers for the stdin writer thread; {@link #CLOSE} ends it. Any thread. */
  private final LinkedBlockingQueue<ByteBuffer> stdinQueue = new LinkedBlockingQueue<>();

  /** Output chunks read from the pipes and not yet delivered, all streams. Any thread. */
  private final AtomicInteger chunksInFlight = new AtomicInteger();

  private int maxChunksInFlight;
  private boolean paused;
  private boolean stdinClosed;
  private long buffered;
  private int lowWaterMark = WaterMarks.DEFAULT_LOW;
  private int highWaterMark = WaterMarks.DEFAULT_HIGH;
  private Optional<PushProducer> producer = Optional.empty();
  private boolean producerPaused;
  private Optional<ExitStatus> exitStatus = Optional.empty();
  private boolean ended;

  RealProcessTransport(
      Reactor reactor, Process process, ProcessProtocol protocol, boolean ownGroup) {
    this.reactor = reactor;
    this.process = process;
    this.ownGroup = ownGroup;
    this.protocol = protocol;
    this.stdout = new Pump(1, process.getInputStream());
    this.stderr = new Pump(2, process.getErrorStream());
  }

  /** Calls connectionMade, then starts the threads. Reactor thread. */
  void start() {
    guard("connectionMade", () -> protocol.connectionMade(this));
    Thread.ofVirtual().name("braid-process-" + process.pid() + "-stdout").start(stdout::run);
    Thread.ofVirtual().name("braid-process-" + process.pid() + "-stderr").start(stderr::run);
    Thread.ofVirtual().name("braid-process-" + process.pid() + "-stdin").start(this::writeStdin);
    process.onExit().whenComplete((p, error) -> reactor.callFromThread(this::exited));
  }

  /** The largest number of output chunks held at once so far (for tests). Reactor thread. */
  int maxChunksInFlight() {
    return maxChunksInFlight;
  }

  @Override
  public void write(ByteBuffer data) {
    checkThread();
    if (stdinClosed || !data.hasRemaining()) {
      return;
    }
    buffered += data.remaining();
    stdinQueue.add(data);
    if (buffered > highWaterMark && !producerPaused && producer.isPresent()) {
      producerPaused = true;
      producer.get().pauseProducing();
    }
  }

  @Override
  public void closeStdin() {
    checkThread();
    if (!stdinClosed) {
      stdinClosed = true;
      stdinQueue.add(CLOSE);
      stopProducer();
    }
  }

  @Override
  public long bufferedBytes() {
    checkThread();
    return buffered;
  }

  @Override
  public void setWriteBufferWaterMarks(int low, int high) {
    checkThread();
    WaterMarks marks = new WaterMarks(low, high);
    lowWaterMark = marks.low();
    highWaterMark = marks.high();
  }

  @Override
  public void registerProducer(PushProducer newProducer) {
    checkThread();
    if (producer.isPresent()) {
      throw new IllegalStateException("a producer is already registered; unregister it first");
    }
    if (stdinClosed) {
      newProducer.stopProducing();
      return;
    }
    producer = Optional.of(newProducer);
    producerPaused = false;
    if (buffered > highWaterMark) {
      producerPaused = true;
      newProducer.pauseProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    checkThread();
    producer = Optional.empty();
    producerPaused = false;
  }

  @Override
  public void signalProcessGroup(String signal) {
    checkThread();
    checkSignal(signal);
    if (!ownGroup) {
      signalProcess(signal);
      return;
    }
    if (ended) {
      throw new IllegalStateException(
          "process " + process.pid() + " has ended; its process group is no longer watched");
    }
    if (ProcessGroups.signal(process.pid(), signal)) {
      LOG.debug("sent {} to process group {}", signal, process.pid());
      return;
    }
    // No group yet: the child has not got through setsid, so it has started nothing either.
    if (exitStatus.isPresent() || !process.isAlive()) {
      throw new IllegalStateException(
          "process " + process.pid() + " has exited and nothing of its process group is left");
    }
    signalProcess(signal);
  }

  @Override
  public void closeOutput() {
    checkThread();
    stdout.abandon();
    stderr.abandon();
    maybeEnded();
  }

  private static void checkSignal(String signal) {
    if (!SIGNALS.contains(signal)) {
      throw new IllegalArgumentException(
          "unknown signal name '" + signal + "'; use one of " + SIGNALS + " (no SIG prefix)");
    }
  }

  @Override
  public void signalProcess(String signal) {
    checkThread();
    checkSignal(signal);
    if (exitStatus.isPresent() || !process.isAlive()) {
      throw new IllegalStateException("process " + process.pid() + " has already exited");
    }
    switch (signal) {
      case "TERM" -> process.destroy();
      case "KILL" -> process.destroyForcibly();
      default -> {
        String pid = Long.toString(process.pid());
        reactor
            .deferToThread(() -> new ProcessBuilder("kill", "-s", signal, pid).start().waitFor())
            .addBoth(
                outcome -> {
                  switch (outcome) {
                    case Outcome.Success<Integer>(Integer code) when code == 0 ->
                        LOG.debug("sent {} to process {}", signal, pid);
                    case Outcome.Success<Integer>(Integer code) ->
                        LOG.warn("kill -s {} {} exited with {}", signal, pid, code);
                    case Outcome.Failure<Integer>(Throwable error) ->
                        LOG.warn("kill -s {} {} failed", signal, pid, error);
                  }
                  return null;
                });
      }
    }
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void pauseProducing() {
    checkThread();
    paused = true;
  }

  @Override
  public void resumeProducing() {
    checkThread();
    if (!paused) {
      return;
    }
    paused = false;
    stdout.resume();
    if (!paused) {
      stderr.resume();
    }
  }

  private void checkThread() {
    if (!reactor.isReactorThread()) {
      throw new IllegalStateException(
          "ProcessTransport must be used on the reactor thread; use reactor.callFromThread");
    }
  }

  private void stopProducer() {
    producer.ifPresent(p -> guard("stopProducing", p::stopProducing));
    producer = Optional.empty();
  }

  /** The stdin writer thread: sends queued buffers in order until CLOSE or a broken pipe. */
  private void writeStdin() {
    OutputStream out = process.getOutputStream();
    byte[] copy = new byte[CHUNK_SIZE];
    try (out) {
      while (true) {
        ByteBuffer data = stdinQueue.take();
        if (data == CLOSE) {
          return;
        }
        int total = data.remaining();
        while (data.hasRemaining()) {
          int n = Math.min(copy.length, data.remaining());
          data.get(copy, 0, n);
          out.write(copy, 0, n);
        }
        out.flush();
        reactor.callFromThread(() -> written(total));
      }
    } catch (IOException e) {
      LOG.debug("stdin of process {} closed: {}", process.pid(), e.toString());
      reactor.callFromThread(this::stdinBroken);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void written(long count) {
    buffered -= count;
    if (producerPaused && buffered <= lowWaterMark && producer.isPresent()) {
      producerPaused = false;
      producer.get().resumeProducing();
    }
  }

  private void stdinBroken() {
    stdinClosed = true;
    stdinQueue.clear();
    buffered = 0;
    stopProducer();
  }

  private void exited() {
    if (exitStatus.isPresent()) {
      return;
    }
    ExitStatus status = ExitStatus.fromExitValue(process.exitValue());
    exitStatus = Optional.of(status);
    guard("processExited", () -> protocol.processExited(status));
    maybeEnded();
  }

  private void maybeEnded() {
    if (ended || exitStatus.isEmpty() || !stdout.eof || !stderr.eof) {
      return;
    }
    ended = true;
    if (!stdinClosed) {
      stdinClosed = true;
      stdinQueue.add(CLOSE);
      stopProducer();
    }
    ExitStatus status = exitStatus.get();
    guard("processEnded", () -> protocol.processEnded(status));
  }

  private void guard(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      LOG.error("{} of process {} threw", what, process.pid(), e);
    }
  }

  /**
   * One output stream. The pump thread takes a permit, reads one chunk, hands it to the reactor,
   * and takes the next permit only once the reactor has delivered the chunk and reading is not
   * paused: at most one chunk of this stream is held in Java at any time.
   */
  private final class Pump {
    private final int fd;
    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK_SIZE];
    private final Semaphore permit = new Semaphore(1);

    /** A chunk that arrived while reading was paused. Reactor thread. */
    private final ArrayDeque<ByteBuffer> held = new ArrayDeque<>(1);

    private boolean waiting;
    private boolean eof;

    /** Set by {@link #abandon}: whatever the pump reads from now on is dropped. Any thread. */
    private volatile boolean abandoned;

    Pump(int fd, InputStream in) {
      this.fd = fd;
      this.in = in;
    }

    /** The pump thread. */
    void run() {
      try (in) {
        while (true) {
          permit.acquire();
          if (abandoned) {
            return;
          }
          int n;
          try {
            n = in.read(chunk);
          } catch (IOException e) {
            LOG.debug("reading fd {} of process {} failed: {}", fd, process.pid(), e.toString());
            n = -1;
          }
          if (abandoned) {
            return;
          }
          if (n < 0) {
            reactor.callFromThread(this::endOfStream);
            return;
          }
          chunksInFlight.incrementAndGet();
          ByteBuffer view = ByteBuffer.wrap(chunk, 0, n).asReadOnlyBuffer();
          reactor.callFromThread(() -> arrived(view));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        LOG.debug("closing fd {} of process {}: {}", fd, process.pid(), e.toString());
      }
    }

    private void arrived(ByteBuffer view) {
      maxChunksInFlight = Math.max(maxChunksInFlight, chunksInFlight.get());
      if (abandoned) {
        chunksInFlight.decrementAndGet();
        return;
      }
      if (paused) {
        held.add(view);
        return;
      }
      deliver(view);
    }

    private void deliver(ByteBuffer view) {
      guard("childDataReceived", () -> protocol.childDataReceived(fd, view));
      chunksInFlight.decrementAndGet();
      if (paused) {
        waiting = true;
      } else {
        permit.release();
      }
    }

    /** Reading resumed: delivers a held chunk or lets the pump read again. */
    void resume() {
      ByteBuffer view = held.poll();
      if (view != null) {
        deliver(view);
      } else if (waiting) {
        waiting = false;
        permit.release();
      }
    }

    private void endOfStream() {
      eof = true;
      maybeEnded();
    }

    /**
     * Stops waiting for this stream: counts it as at its end, drops a held chunk, and closes it. A
     * pump blocked in {@code read} (a process outside the group still holds the pipe) stays blocked
     * until that read returns, then ends without delivering anything.
     */
    void abandon() {
      if (eof) {
        return;
      }
      abandoned = true;
      eof = true;
      chunksInFlight.addAndGet(-held.size());
      held.clear();
      permit.release();
      Thread.ofVirtual()
          .name("braid-process-" + process.pid() + "-close-" + fd)
          .start(
              () -> {
                try {
                  in.close();
                } catch (IOException e) {
                  LOG.debug("closing fd {} of process {}: {}", fd, process.pid(), e.toString());
                }
              });
    }
  }
}
