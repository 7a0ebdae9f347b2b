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

  /**
   * Sends a signal, by the same names as {@link #signalProcess}, to the child's whole process
   * group: the child and every process it started that stayed in its group, such as a shell's
   * background jobs. Each child of {@link Processes#spawn} leads its own group, so this reaches
   * nothing else; it still works after the child itself has exited, as long as something of its
   * group is left and {@link ProcessProtocol#processEnded} has not been called. Where child
   * processes cannot have their own group (no {@code setsid} program, or not Linux), this is {@link
   * #signalProcess}.
   *
   * @throws IllegalArgumentException for a name {@link #signalProcess} does not take
   * @throws IllegalStateException if the child has exited and nothing of its group is left, or the
   *     process has ended
   */
  void signalProcessGroup(String signal);

  /**
   * Stops waiting for the child's stdout and stderr: whatever they still carry is dropped, they are
   * closed, and {@link ProcessProtocol#processEnded} follows as soon as the child has exited (at
   * once if it has). For a child that has exited while something it started, outside its process
   * group, still holds its output pipes open. Does nothing once both streams have ended.
   */
  void closeOutput();

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
