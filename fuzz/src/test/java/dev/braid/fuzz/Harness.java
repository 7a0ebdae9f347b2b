package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The oracles every fuzz target shares.
 *
 * <ul>
 *   <li>{@link #sameWhateverTheChunks}: a sans-IO parser must give the same outcome (the same
 *       messages, then the same declared error or the same number of bytes left over) whether the
 *       input arrives whole, byte by byte, or split at a point chosen from the input itself.
 *   <li>{@link #timed}: while fuzzing ({@code JAZZER_FUZZ} set), one input may take at most 100 ms
 *       of CPU time. Replays in the ordinary build do not time anything: a loaded CI machine must
 *       not turn a correct parser red.
 * </ul>
 *
 * <p>A parser's undeclared exception is not caught anywhere here: it escapes the fuzz test and
 * fails it, which is the "only the declared error type escapes" oracle.
 */
final class Harness {
  /** The most one input may take while fuzzing. */
  static final long BUDGET_NANOS = 100_000_000L;

  static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();

  private Harness() {}

  /**
   * What one parse of a whole input produced: the messages in order (each in a form with a proper
   * {@code equals}), the declared error's class if there was one, and how many bytes the parser
   * still holds (meaningful only without an error).
   */
  record Outcome(List<Object> messages, String error, long buffered) {}

  /**
   * Runs {@code body}; when fuzzing and it took more than {@link #BUDGET_NANOS} of CPU time, runs
   * it twice more and fails if even the fastest of the three was over. The re-runs keep class
   * loading, JIT compilation and a busy machine from being reported as a slow input: a truly slow
   * input is slow every time.
   */
  static void timed(byte[] input, Runnable body) {
    long fastest = run(body);
    for (int again = 0; FUZZING && fastest > BUDGET_NANOS && again < 2; again++) {
      fastest = Math.min(fastest, run(body));
    }
    if (FUZZING && fastest > BUDGET_NANOS) {
      fail("one input of %d bytes took %d ms (budget 100 ms)", input.length, fastest / 1_000_000);
    }
  }

  /**
   * The CPU time {@code body} took on this thread: a fuzzer that the machine's other work keeps off
   * the CPU for a while must not see a slow input.
   */
  private static long run(Runnable body) {
    long start = THREADS.getCurrentThreadCpuTime();
    body.run();
    return THREADS.getCurrentThreadCpuTime() - start;
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * Runs {@code parse} over {@code input} cut three ways and checks the outcomes agree; returns the
   * outcome of the whole input.
   */
  static Outcome sameWhateverTheChunks(byte[] input, Function<List<ByteBuffer>, Outcome> parse) {
    Outcome whole = parse.apply(List.of(ByteBuffer.wrap(input)));
    List<ByteBuffer> single = new ArrayList<>(input.length);
    for (int i = 0; i < input.length; i++) {
      single.add(ByteBuffer.wrap(input, i, 1).slice());
    }
    assertThat(parse.apply(single)).as("fed byte by byte").isEqualTo(whole);
    if (input.length > 1) {
      int cut = Math.floorMod(Arrays.hashCode(input), input.length - 1) + 1;
      List<ByteBuffer> two =
          List.of(
              ByteBuffer.wrap(input, 0, cut).slice(),
              ByteBuffer.wrap(input, cut, input.length - cut).slice());
      assertThat(parse.apply(two)).as("split at %d", cut).isEqualTo(whole);
    }
    return whole;
  }

  /** The bytes as ISO-8859-1 text, one char per byte, for assertions on byte patterns. */
  static String latin1(dev.braid.bytes.ByteString bytes) {
    return new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Fails unless every buffer was read to its end. */
  static void allRead(List<ByteBuffer> chunks) {
    for (ByteBuffer chunk : chunks) {
      assertThat(chunk.remaining()).as("bytes the parser left unread in a chunk").isZero();
    }
  }
}
