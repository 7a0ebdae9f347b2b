package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class IntNStringReceiverTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(5, 4);

  static final class Int8Recorder extends Int8StringReceiver {
    final List<String> strings = new ArrayList<>();

    Int8Recorder() {}

    Int8Recorder(int max) {
      super(max);
    }

    @Override
    protected void stringReceived(ByteString string) {
      strings.add(string.utf8());
    }
  }

  static final class Int16Recorder extends Int16StringReceiver {
    final List<String> strings = new ArrayList<>();

    @Override
    protected void stringReceived(ByteString string) {
      strings.add(string.utf8());
    }
  }

  static final class Int32Recorder extends Int32StringReceiver {
    final List<String> strings = new ArrayList<>();
    final List<Long> tooLong = new ArrayList<>();

    Int32Recorder() {
      super(4);
    }

    @Override
    protected void stringReceived(ByteString string) {
      strings.add(string.utf8());
    }

    @Override
    protected void lengthLimitExceeded(long length) {
      tooLong.add(length);
    }
  }

  private static ByteString frames(int prefixSize, String... strings) {
    ByteString all = ByteString.EMPTY;
    for (String s : strings) {
      all =
          all.concat(
              ByteString.copyOf(PrefixedStringParser.encode(prefixSize, ByteString.utf8(s))));
    }
    return all;
  }

  @Test
  void eachReceiverDeliversItsStringsHoweverTheInputIsCut() {
    ALL_WAYS.feedAllWays(
        Int8Recorder::new,
        frames(1, "a", "", "bc"),
        (r, t) -> assertThat(r.strings).containsExactly("a", "", "bc"));
    ALL_WAYS.feedAllWays(
        Int16Recorder::new,
        frames(2, "hello", "x"),
        (r, t) -> assertThat(r.strings).containsExactly("hello", "x"));
    ALL_WAYS.feedAllWays(
        Int32Recorder::new,
        frames(4, "abcd", "e"),
        (r, t) -> assertThat(r.strings).containsExactly("abcd", "e"));
  }

  @Test
  void theDefaultLimitsFitEachPrefix() {
    assertThat(new Int8Recorder().maxLength()).isEqualTo(255);
    assertThat(new Int16Recorder().maxLength()).isEqualTo(65_535);
    assertThat(
            new Int32StringReceiver() {
              @Override
              protected void stringReceived(ByteString string) {}
            }.maxLength())
        .isEqualTo(99_999);
    assertThat(new Int16Recorder().prefixSize()).isEqualTo(2);
  }

  @Test
  void aStringOverTheLimitClosesTheConnectionByDefault() {
    ALL_WAYS.feedAllWays(
        () -> new Int8Recorder(2),
        frames(1, "ab", "abc", "never"),
        (r, t) -> {
          assertThat(r.strings).containsExactly("ab");
          assertThat(t.disconnecting()).isTrue();
        });
  }

  @Test
  void anOverriddenLimitHookHearsTheLengthAndTheStringIsSkipped() {
    ALL_WAYS.feedAllWays(
        Int32Recorder::new,
        frames(4, "abcde", "ok"),
        (r, t) -> {
          assertThat(r.tooLong).containsExactly(5L);
          assertThat(r.strings).containsExactly("ok");
          assertThat(t.disconnecting()).isFalse();
        });
  }

  @Test
  void sendStringWritesTheBigEndianPrefixThenTheString() {
    var transport = new StringTransport();
    var r = new Int16Recorder();
    transport.makeConnection(r);
    r.sendString(ByteString.ascii("hi"));
    assertThat(transport.written().hex()).isEqualTo("0002" + ByteString.ascii("hi").hex());
    transport.clear();
    var big = ByteString.ascii("z".repeat(5000));
    r.sendString(big);
    assertThat(transport.written()).isEqualTo(ByteString.of((byte) 0x13, (byte) 0x88).concat(big));
  }

  @Test
  void sendingAStringLongerThanThePrefixAllowsThrows() {
    var transport = new StringTransport();
    var r = new Int8Recorder();
    transport.makeConnection(r);
    r.sendString(ByteString.ascii("x".repeat(255)));
    assertThatThrownBy(() -> r.sendString(ByteString.ascii("x".repeat(256))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-byte length prefix");
    assertThat(transport.written().size()).isEqualTo(256);
  }
}
