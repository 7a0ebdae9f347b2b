package dev.braid.bench;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.LineParser;
import dev.braid.protocols.LineTooLongException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link LineParser} throughput: a stream of 80-byte lines (78 bytes of text and CRLF) fed in 64
 * KiB buffers, as the reactor lends them. Lines cross buffer boundaries (64 Ki is not a multiple of
 * 80), so the parser's carry-over path is part of the figure.
 *
 * <p>One operation is one byte: with the output unit ops/us the score reads directly as MB/s (10^6
 * bytes per second).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LineParserBenchmark {
  private static final int BUFFER = 64 * 1024;
  private static final int BUFFERS = 16;

  /** Whether the buffers are direct (as the reactor's read buffer) or heap buffers. */
  @Param({"true", "false"})
  public boolean direct;

  private ByteBuffer[] buffers;
  private int next;
  private LineParser parser;
  private Consumer<ByteString> sink;

  /** JMH's constructor; {@link #setUp} fills the state. */
  public LineParserBenchmark() {}

  /** Builds 16 buffers of 64 KiB cut from one stream of 80-byte lines, and the parser. */
  @Setup
  public void setUp(Blackhole bh) {
    byte[] stream = new byte[BUFFER * BUFFERS];
    byte[] line = new byte[80];
    for (int i = 0; i < 78; i++) {
      line[i] = (byte) ('a' + i % 26);
    }
    line[78] = '\r';
    line[79] = '\n';
    for (int i = 0; i < stream.length; i++) {
      stream[i] = line[i % 80];
    }
    // The stream must end on a line boundary so that cycling through the buffers stays in step.
    int usable = stream.length - stream.length % 80;
    for (int i = usable; i < stream.length; i++) {
      stream[i] = 'x';
    }
    buffers = new ByteBuffer[BUFFERS];
    for (int b = 0; b < BUFFERS; b++) {
      ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(BUFFER) : ByteBuffer.allocate(BUFFER);
      buffer.put(stream, b * BUFFER, BUFFER).flip();
      buffers[b] = buffer;
    }
    // The tail of the last buffer is the start of an unfinished line of 'x': drop it.
    buffers[BUFFERS - 1].limit(usable - (BUFFERS - 1) * BUFFER);
    parser = new LineParser(16 * 1024, ByteString.ascii("\r\n"));
    sink = bh::consume;
    next = 0;
    String first = StandardCharsets.US_ASCII.decode(buffers[0].duplicate().limit(80)).toString();
    if (!first.endsWith("\r\n")) {
      throw new IllegalStateException("bad benchmark input: " + first);
    }
  }

  /** Feeds one 64 KiB buffer (the next of the 16, cycling). */
  @Benchmark
  @OperationsPerInvocation(BUFFER)
  public void feed64KiBOf80ByteLines() throws LineTooLongException {
    ByteBuffer buffer = buffers[next];
    next = (next + 1) % BUFFERS;
    parser.feed(buffer.duplicate(), sink);
  }
}
