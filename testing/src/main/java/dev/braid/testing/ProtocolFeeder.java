package dev.braid.testing;

import dev.braid.bytes.ByteString;
import dev.braid.net.Protocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Runs one parser or protocol test over many ways of splitting the same input, so a single call
 * checks that the result does not depend on where the network cut the bytes. By default the input
 * is fed whole and one byte at a time; {@link #withEveryTwoPieceSplit()} and {@link
 * #withRandomChunks(long, int)} add more splits.
 *
 * <p>For a sans-IO parser, write the test once as a {@link SplitCheck}: it gets a {@link Split} and
 * feeds its chunks to a fresh parser.
 *
 * <pre>{@code
 * ProtocolFeeder.standard().forEachSplit("a\r\nb\r\n", split -> {
 *   var parser = new LineParser(100, ByteString.ascii("\r\n"));
 *   var lines = new ArrayList<ByteString>();
 *   split.feed(chunk -> parser.feed(chunk, lines::add));
 *   assertThat(lines).containsExactly(ByteString.ascii("a"), ByteString.ascii("b"));
 * });
 * }</pre>
 *
 * <p>A parser test that only needs every split to give the same result uses {@link #sameResult}
 * with {@link #everyWay()}, which returns that result for the test's assertions.
 *
 * <p>For a protocol, {@link #feedAllWays} builds a fresh protocol and {@link StringTransport} per
 * split, connects them, delivers the chunks, then runs the check:
 *
 * <pre>{@code
 * ProtocolFeeder.standard().feedAllWays(Echo::new, "hello", (echo, transport) ->
 *     assertThat(transport.writtenUtf8()).isEqualTo("hello"));
 * }</pre>
 *
 * <p>Each chunk is lent as the reactor lends its read buffer: a read-only view, not at position 0,
 * overwritten with garbage once the call returns (so code that keeps lent bytes without copying
 * them fails). A failure in any split is rethrown as an {@link AssertionError} whose message names
 * the split, with the original as its cause. Chunks keep being delivered after the protocol closes
 * the transport, so a protocol must itself ignore bytes that arrive after it decided to close.
 *
 * <p>Instances are immutable and may be shared; every run happens on the calling thread.
 */
public final class ProtocolFeeder {
  private final boolean everyTwoPieceSplit;
  private final List<RandomRuns> randomRuns;

  private record RandomRuns(long seed, int rounds) {}

  private ProtocolFeeder(boolean everyTwoPieceSplit, List<RandomRuns> randomRuns) {
    this.everyTwoPieceSplit = everyTwoPieceSplit;
    this.randomRuns = randomRuns;
  }

  /** A feeder that feeds the input whole, then one byte at a time. */
  public static ProtocolFeeder standard() {
    return new ProtocolFeeder(false, List.of());
  }

  /** The seed of {@link #everyWay()}'s random chunks. */
  public static final long EVERY_WAY_SEED = 13;

  /**
   * A feeder that feeds the input whole, one byte at a time, in two pieces at every cut, and in
   * random chunks (8 rounds, seed {@link #EVERY_WAY_SEED}): the parser test's default.
   */
  public static ProtocolFeeder everyWay() {
    return standard().withEveryTwoPieceSplit().withRandomChunks(EVERY_WAY_SEED, 8);
  }

  /**
   * This feeder, also feeding the input in two pieces at every possible cut (n - 1 more runs for n
   * bytes: meant for short inputs, and for delimiters split across chunks).
   */
  public ProtocolFeeder withEveryTwoPieceSplit() {
    return new ProtocolFeeder(true, randomRuns);
  }

  /**
   * This feeder, also feeding the input {@code rounds} times in chunks of random sizes (from 1 byte
   * to about half the input, at most 64), drawn from a generator seeded with {@code seed}, so a
   * failure repeats.
   */
  public ProtocolFeeder withRandomChunks(long seed, int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    List<RandomRuns> runs = new ArrayList<>(randomRuns);
    runs.add(new RandomRuns(seed, rounds));
    return new ProtocolFeeder(everyTwoPieceSplit, List.copyOf(runs));
  }

  /** The splits this feeder makes of {@code input}, in the order it runs them. */
  public List<Split> splits(ByteString input) {
    List<Split> splits = new ArrayList<>();
    splits.add(new Split("whole", input.isEmpty() ? List.of() : List.of(input)));
    List<ByteString> bytes = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      bytes.add(input.substring(i, i + 1));
    }
    splits.add(new Split("one byte at a time", bytes));
    if (everyTwoPieceSplit) {
      for (int cut = 1; cut < input.size(); cut++) {
        splits.add(
            new Split(
                "two pieces cut at " + cut,
                List.of(input.substring(0, cut), input.substring(cut, input.size()))));
      }
    }
    for (RandomRuns runs : randomRuns) {
      long seed = runs.seed();
      SplittableRandom random = new SplittableRandom(seed);
      int maxChunk = Math.max(1, Math.min(64, input.size() / 2));
      for (int round = 0; round < runs.rounds(); round++) {
        List<ByteString> chunks = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int at = 0;
        while (at < input.size()) {
          int size = Math.min(input.size() - at, 1 + random.nextInt(maxChunk));
          chunks.add(input.substring(at, at + size));
          sizes.add(size);
          at += size;
        }
        splits.add(
            new Split(
                "random chunks (seed " + seed + ", round " + round + ", sizes " + sizes + ")",
                chunks));
      }
    }
    return List.copyOf(splits);
  }

  /**
   * Runs {@code check} once for each split of {@code input}. Whatever the check throws is rethrown
   * as an {@link AssertionError} naming the split.
   */
  public void forEachSplit(ByteString input, SplitCheck check) {
    for (Split split : splits(input)) {
      try {
        check.check(split);
      } catch (Throwable t) {
        throw failure(split, t);
      }
    }
  }

  /**
   * Parses {@code input} once per split with {@code parse} (which feeds the split to a fresh parser
   * and returns what it made of it), checks that every split gives a result equal to the whole
   * input's, and returns that result. A split that gives another result, or throws, fails with an
   * {@link AssertionError} naming the split.
   *
   * <pre>{@code
   * List<SocksMessage> messages = ProtocolFeeder.everyWay().sameResult(input, split -> {
   *   SocksParser parser = new SocksParser().expect(stage);
   *   List<SocksMessage> out = new ArrayList<>();
   *   split.feed(chunk -> parser.feed(chunk, out::add));
   *   return out;
   * });
   * }</pre>
   */
  public <R> R sameResult(ByteString input, SplitParse<R> parse) {
    Objects.requireNonNull(parse, "parse");
    List<Split> splits = splits(input);
    R whole;
    try {
      whole = parse.parse(splits.getFirst());
    } catch (Throwable t) {
      throw failure(splits.getFirst(), t);
    }
    for (Split split : splits.subList(1, splits.size())) {
      R result;
      try {
        result = parse.parse(split);
      } catch (Throwable t) {
        throw failure(split, t);
      }
      if (!Objects.equals(result, whole)) {
        throw new AssertionError(
            "when fed " + split.name() + ": got " + result + ", but fed whole: " + whole);
      }
    }
    return whole;
  }

  /** {@link #forEachSplit(ByteString, SplitCheck)} over the UTF-8 encoding of {@code input}. */
  public void forEachSplit(String input, SplitCheck check) {
    forEachSplit(ByteString.utf8(input), check);
  }

  /**
   * For each split of {@code input}: makes a protocol with {@code newProtocol} and a new {@link
   * StringTransport}, connects them ({@link StringTransport#makeConnection}), delivers each chunk
   * ({@link StringTransport#receive}), then runs {@code check}. An exception thrown by the protocol
   * or the check is rethrown as an {@link AssertionError} naming the split.
   */
  public <P extends Protocol> void feedAllWays(
      Supplier<P> newProtocol, ByteString input, ProtocolCheck<? super P> check) {
    Objects.requireNonNull(newProtocol, "newProtocol");
    forEachSplit(
        input,
        split -> {
          P protocol = newProtocol.get();
          StringTransport transport = new StringTransport();
          transport.makeConnection(protocol);
          for (ByteString chunk : split.chunks()) {
            transport.receive(chunk);
          }
          check.check(protocol, transport);
        });
  }

  /** {@link #feedAllWays(Supplier, ByteString, ProtocolCheck)} over the UTF-8 of {@code input}. */
  public <P extends Protocol> void feedAllWays(
      Supplier<P> newProtocol, String input, ProtocolCheck<? super P> check) {
    feedAllWays(newProtocol, ByteString.utf8(input), check);
  }

  private static AssertionError failure(Split split, Throwable t) {
    String detail = t.getMessage() == null ? t.toString() : t.getMessage();
    return new AssertionError("when fed " + split.name() + ": " + detail, t);
  }

  /**
   * One way of cutting the input.
   *
   * @param name says how it was cut, for failure messages ("whole", "one byte at a time", ...)
   * @param chunks the pieces, in order; they add up to the input
   */
  public record Split(String name, List<ByteString> chunks) {
    /** Copies the list. */
    public Split {
      Objects.requireNonNull(name, "name");
      chunks = List.copyOf(chunks);
    }

    /**
     * Lends each chunk in turn to {@code sink} (a read-only view overwritten after the call, as the
     * reactor lends its buffer). Stops at, and rethrows, the first exception the sink throws.
     */
    public void feed(ChunkSink sink) throws Exception {
      for (ByteString chunk : chunks) {
        StringTransport.lend(chunk, sink::accept);
      }
    }

    @Override
    public String toString() {
      return "Split[" + name + ", " + chunks.size() + " chunks]";
    }
  }

  /** Takes one lent chunk; may throw what the code under test throws (a parse error, say). */
  @FunctionalInterface
  public interface ChunkSink {
    /** Called once per chunk, with a buffer valid only until this returns. */
    void accept(ByteBuffer chunk) throws Exception;
  }

  /** Feeds one {@link Split} to fresh code under test and returns what it made of it. */
  @FunctionalInterface
  public interface SplitParse<R> {
    /** The result of feeding {@code split}; compared with {@code equals} across splits. */
    R parse(Split split) throws Exception;
  }

  /** A test body run once per {@link Split}. */
  @FunctionalInterface
  public interface SplitCheck {
    /** Feeds {@code split} to fresh code under test and checks the outcome. */
    void check(Split split) throws Exception;
  }

  /** The checks run on a protocol and its transport after a split was delivered. */
  @FunctionalInterface
  public interface ProtocolCheck<P> {
    /** Checks what {@code protocol} did; {@code transport} recorded its writes and flags. */
    void check(P protocol, StringTransport transport) throws Exception;
  }
}
