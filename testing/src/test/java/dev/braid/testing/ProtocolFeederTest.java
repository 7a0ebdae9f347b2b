package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.net.Protocol;
import dev.braid.testing.ProtocolFeeder.Split;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@BraidTest
class ProtocolFeederTest {
  private static final ByteString INPUT = ByteString.ascii("hello, world");

  /** Counts the chunks it receives and keeps a copy of their bytes. */
  static final class Collector implements Protocol {
    final List<ByteString> chunks = new ArrayList<>();

    @Override
    public void dataReceived(ByteBuffer data) {
      chunks.add(ByteString.copyOf(data));
    }
  }

  private static ByteString joined(List<ByteString> chunks) {
    ByteString all = ByteString.EMPTY;
    for (ByteString chunk : chunks) {
      all = all.concat(chunk);
    }
    return all;
  }

  @Test
  void standardFeedsTheInputWholeThenOneByteAtATime() {
    List<Split> splits = ProtocolFeeder.standard().splits(INPUT);
    assertThat(splits).extracting(Split::name).containsExactly("whole", "one byte at a time");
    assertThat(splits.get(0).chunks()).containsExactly(INPUT);
    assertThat(splits.get(1).chunks()).hasSize(INPUT.size()).allMatch(c -> c.size() == 1);
    assertThat(joined(splits.get(1).chunks())).isEqualTo(INPUT);
  }

  @Test
  void emptyInputIsFedAsNoChunksAtAll() {
    assertThat(ProtocolFeeder.standard().splits(ByteString.EMPTY))
        .allMatch(split -> split.chunks().isEmpty());
  }

  @Test
  void twoPieceSplitsCutAtEveryBoundary() {
    List<Split> splits = ProtocolFeeder.standard().withEveryTwoPieceSplit().splits(INPUT);
    List<Split> twoPiece = splits.subList(2, splits.size());
    assertThat(twoPiece).hasSize(INPUT.size() - 1);
    for (int cut = 1; cut < INPUT.size(); cut++) {
      Split split = twoPiece.get(cut - 1);
      assertThat(split.chunks().getFirst().size()).isEqualTo(cut);
      assertThat(joined(split.chunks())).isEqualTo(INPUT);
    }
  }

  @Test
  void randomChunksRepeatForTheSameSeedAndAddUpToTheInput() {
    var input = ByteString.ascii("x".repeat(200));
    List<Split> first = ProtocolFeeder.standard().withRandomChunks(7, 5).splits(input);
    List<Split> again = ProtocolFeeder.standard().withRandomChunks(7, 5).splits(input);
    List<Split> other = ProtocolFeeder.standard().withRandomChunks(8, 5).splits(input);
    assertThat(first).hasSize(7).isEqualTo(again);
    assertThat(first).isNotEqualTo(other);
    Set<List<Integer>> shapes = new HashSet<>();
    for (Split split : first.subList(2, 7)) {
      assertThat(split.name()).contains("seed 7");
      assertThat(joined(split.chunks())).isEqualTo(input);
      shapes.add(split.chunks().stream().map(ByteString::size).toList());
    }
    assertThat(shapes).hasSizeGreaterThan(1);
  }

  @Test
  void severalRandomSeedsEachKeepTheirOwnRounds() {
    List<Split> splits =
        ProtocolFeeder.standard().withRandomChunks(1, 2).withRandomChunks(2, 3).splits(INPUT);
    assertThat(splits).hasSize(2 + 2 + 3);
  }

  @Test
  void roundsMustBePositive() {
    assertThatThrownBy(() -> ProtocolFeeder.standard().withRandomChunks(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forEachSplitRunsTheCheckOncePerSplit() {
    List<String> seen = new ArrayList<>();
    ProtocolFeeder.standard()
        .forEachSplit(
            "abc",
            split -> {
              List<ByteString> got = new ArrayList<>();
              split.feed(chunk -> got.add(ByteString.copyOf(chunk)));
              assertThat(joined(got)).isEqualTo(ByteString.ascii("abc"));
              seen.add(split.name());
            });
    assertThat(seen).containsExactly("whole", "one byte at a time");
  }

  @Test
  void aFailureNamesTheSplitThatFailed() {
    assertThatThrownBy(
            () ->
                ProtocolFeeder.standard()
                    .forEachSplit(
                        INPUT,
                        split -> assertThat(split.chunks()).as("chunk count").hasSizeLessThan(2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("when fed one byte at a time: ")
        .hasMessageContaining("chunk count");
  }

  @Test
  void aCheckedExceptionFromTheCodeUnderTestFailsWithTheSplitName() {
    var cause = new java.io.IOException("parse error");
    assertThatThrownBy(
            () ->
                ProtocolFeeder.standard()
                    .forEachSplit(
                        INPUT,
                        split ->
                            split.feed(
                                chunk -> {
                                  throw cause;
                                })))
        .isInstanceOf(AssertionError.class)
        .hasMessage("when fed whole: parse error")
        .hasCause(cause);
  }

  @Test
  void feedStopsAtTheFirstExceptionAndRethrowsIt() throws Exception {
    Split split = ProtocolFeeder.standard().splits(INPUT).get(1);
    List<ByteString> got = new ArrayList<>();
    assertThatThrownBy(
            () ->
                split.feed(
                    chunk -> {
                      got.add(ByteString.copyOf(chunk));
                      if (got.size() == 3) {
                        throw new IllegalStateException("third");
                      }
                    }))
        .hasMessage("third");
    assertThat(got).hasSize(3);
  }

  @Test
  void chunksAreLentReadOnlyNotAtZeroAndOverwrittenAfterUse() throws Exception {
    List<ByteBuffer> kept = new ArrayList<>();
    ProtocolFeeder.standard()
        .splits(INPUT)
        .getFirst()
        .feed(
            chunk -> {
              assertThat(chunk.isReadOnly()).isTrue();
              assertThat(chunk.position()).isNotZero();
              assertThat(ByteString.copyOf(chunk.duplicate())).isEqualTo(INPUT);
              kept.add(chunk);
            });
    assertThat(ByteString.copyOf(kept.getFirst().duplicate())).isNotEqualTo(INPUT);
  }

  @Test
  void feedAllWaysGivesEachSplitAFreshConnectedProtocol() {
    List<Collector> protocols = new ArrayList<>();
    List<StringTransport> transports = new ArrayList<>();
    ProtocolFeeder.standard()
        .feedAllWays(
            Collector::new,
            INPUT,
            (protocol, transport) -> {
              assertThat(transport.protocol()).containsSame(protocol);
              assertThat(joined(protocol.chunks)).isEqualTo(INPUT);
              protocols.add(protocol);
              transports.add(transport);
            });
    assertThat(protocols).hasSize(2).doesNotHaveDuplicates();
    assertThat(transports).hasSize(2).doesNotHaveDuplicates();
    assertThat(protocols.get(0).chunks).hasSize(1);
    assertThat(protocols.get(1).chunks).hasSize(INPUT.size());
  }

  @Test
  void feedAllWaysReportsAProtocolExceptionWithTheSplitName() {
    class Picky implements Protocol {
      @Override
      public void dataReceived(ByteBuffer data) {
        if (data.remaining() > 1) {
          throw new IllegalArgumentException("too much at once");
        }
      }
    }
    assertThatThrownBy(() -> ProtocolFeeder.standard().feedAllWays(Picky::new, "ab", (p, t) -> {}))
        .isInstanceOf(AssertionError.class)
        .hasMessage("when fed whole: too much at once");
  }

  @Test
  void everyWayFeedsWholeByteByByteAtEveryCutAndInRandomChunks() {
    List<String> names = ProtocolFeeder.everyWay().splits(INPUT).stream().map(Split::name).toList();
    assertThat(names).startsWith("whole", "one byte at a time", "two pieces cut at 1");
    assertThat(names).contains("two pieces cut at " + (INPUT.size() - 1));
    assertThat(names.stream().filter(n -> n.startsWith("random chunks"))).hasSize(8);
  }

  @Test
  void sameResultReturnsTheResultEverySplitAgreesOn() {
    String result =
        ProtocolFeeder.everyWay()
            .sameResult(
                INPUT,
                split -> {
                  StringBuilder text = new StringBuilder();
                  split.feed(chunk -> text.append(ByteString.copyOf(chunk).utf8()));
                  return text.toString();
                });
    assertThat(result).isEqualTo("hello, world");
  }

  @Test
  void sameResultFailsNamingTheSplitThatGaveAnotherResult() {
    assertThatThrownBy(
            () ->
                ProtocolFeeder.everyWay()
                    .sameResult(INPUT, split -> split.chunks().size() > 1 ? "split" : "whole"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("when fed one byte at a time")
        .hasMessageContaining("got split, but fed whole: whole");
  }
}
