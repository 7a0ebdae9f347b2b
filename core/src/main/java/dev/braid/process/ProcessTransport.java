package dev.braid.process;

import dev.braid.net.PushProducer;
import java.nio.ByteBuffer;

/**
 * The reactor's handle on a running child process: stdin, signals, and flow control of its output.
 * All methods must be called on the reactor thread.
 */
public interface ProcessTransport {
  /**
   * Queues {@code data} for the child's stdin and returns at once. Ownership passes with the
   * buffer: the caller must not touch it again. A writer virtual thread copies it into the pipe.
   * Bytes written after {@link #closeStdin()}, or after the pipe broke (the child closed stdin or
   * ended), are dropped.
   */
  void write(ByteBuffer data);

  /** Closes the child's stdin once everything written before has been sent. */
  void closeStdin();

  /** Bytes given to {@link #write} and not yet taken by the pipe. */
  long bufferedBytes();

  /**
   * Sets the stdin water marks (defaults 32 KiB and 64 KiB): a registered producer is paused when
   * {@link #bufferedBytes()} goes above {@code high}, and resumed when it falls to {@code low}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= low <= high}
   */
  void setWriteBufferWaterMarks(int low, int high);

  /**
   * Registers the producer of what is written to stdin; it is paused and resumed by the water
   * marks, and stopped when stdin closes. At most one at a time.
   *
   * @throws IllegalStateException if a producer is already registered
   */
  void registerProducer(PushProducer producer);

  /** Forgets the registered producer without stopping it. */
  void unregisterProducer();

  /**
   * Sends a signal to the child, by name without the {@code SIG} prefix: {@code TERM} and {@code
   * KILL} use {@link ProcessHandle#destroy()} and {@link ProcessHandle#destroyForcibly()}; any
   * other name ({@code INT}, {@code HUP}, {@code QUIT}, {@code USR1}, {@code USR2}, {@code STOP},
   * {@code CONT}) runs {@code kill -s NAME PID}, which needs a Unix {@code kill} program on the
   * path (failures are logged).
   *
   * @throws IllegalArgumentException for a name not listed here
   * @throws IllegalStateException if the process has already exited
   */
  void signalProcess(String signal);

  /** The child's process id. */
  long pid();

  /**
   * Stops reading the child's stdout and stderr: no {@link ProcessProtocol#childDataReceived} until
   * {@link #resumeProducing()}. A child that keeps writing blocks once the pipe is full.
   */
  void pauseProducing();

  /** Resumes reading the child's output. */
  void resumeProducing();
}
