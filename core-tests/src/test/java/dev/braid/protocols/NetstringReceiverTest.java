package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.NetstringParseException.Reason;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class NetstringReceiverTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(17, 4);

  static class Recorder extends NetstringReceiver {
    final List<String> strings = new ArrayList<>();

    Recorder() {}

    Recorder(int max) {
      super(max);
    }

    @Override
    protected void stringReceived(ByteString string) {
      strings.add(string.utf8());
    }
  }

  @Test
  void netstringsAreDeliveredHoweverTheInputIsCut() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "5:hello,0:,1:x,",
        (r, t) -> {
          assertThat(r.strings).containsExactly("hello", "", "x");
          assertThat(t.disconnecting()).isFalse();
        });
  }

  @Test
  void malformedInputClosesTheConnectionWithoutLoggingAnError() {
    for (String bad : List.of("01:a,", "3:abc!", ":", "a:", "9".repeat(30) + ":")) {
      ALL_WAYS.feedAllWays(
          Recorder::new,
          "2:ok," + bad + "1:z,",
          (r, t) -> {
            assertThat(r.strings).as(bad).containsExactly("ok");
            assertThat(t.disconnecting()).as(bad).isTrue();
          });
    }
    assertThat(LoggedErrors.pending()).isEmpty();
  }

  @Test
  void aNetstringOverTheConfiguredLimitClosesTheConnection() {
    ALL_WAYS.feedAllWays(
        () -> new Recorder(3),
        "3:abc,4:abcd,",
        (r, t) -> {
          assertThat(r.strings).containsExactly("abc");
          assertThat(t.disconnecting()).isTrue();
          assertThat(r.maxLength()).isEqualTo(3);
        });
  }

  @Test
  void anOverriddenErrorHookHearsTheReasonOnceAndNothingFollows() {
    class Reporting extends Recorder {
      final List<Reason> errors = new ArrayList<>();

      @Override
      protected void invalidNetstring(NetstringParseException error) {
        errors.add(error.reason());
        transport().write("error\n");
      }
    }
    ALL_WAYS.feedAllWays(
        Reporting::new,
        "1:a,1:bc,1:d,",
        (r, t) -> {
          assertThat(r.strings).containsExactly("a");
          assertThat(r.errors).containsExactly(Reason.MISSING_COMMA);
          assertThat(t.writtenUtf8()).isEqualTo("error\n");
        });
  }

  @Test
  void sendStringWritesANetstringWhateverItsSize() {
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    r.sendString(ByteString.ascii("abc"));
    assertThat(transport.writtenUtf8()).isEqualTo("3:abc,");
    transport.clear();
    String big = "q".repeat(2000);
    r.sendString(ByteString.ascii(big));
    r.sendString(ByteString.ascii(big));
    assertThat(transport.writtenUtf8()).isEqualTo("2000:" + big + ",2000:" + big + ",");
  }
}
