package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class LineOnlyReceiverTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(3, 8);

  /** Records lines; "QUIT" closes the connection. */
  static class Recorder extends LineOnlyReceiver {
    final List<String> lines = new ArrayList<>();

    Recorder() {}

    Recorder(ByteString delimiter, int max) {
      super(delimiter, max);
    }

    Recorder(LineEnding ending, int max) {
      super(ending, max);
    }

    @Override
    protected void lineReceived(ByteString line) {
      lines.add(line.utf8());
      if (line.utf8().equals("QUIT")) {
        transport().loseConnection();
      }
    }
  }

  @Test
  void lfOrCrlfTakesBothLineEndsAndSendsCrlf() {
    ALL_WAYS.feedAllWays(
        () -> new Recorder(LineEnding.LF_OR_CRLF, 100),
        "nc\ntelnet\r\n",
        (r, t) -> {
          assertThat(r.lines).containsExactly("nc", "telnet");
          assertThat(r.delimiter()).isEqualTo(LineReceiver.CRLF);
        });
  }

  @Test
  void linesAreDeliveredHoweverTheInputIsCut() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "one\r\n\r\nthree\r\npartial",
        (r, t) -> assertThat(r.lines).containsExactly("one", "", "three"));
  }

  @Test
  void aCustomDelimiterSplitAcrossChunksEndsTheLine() {
    ALL_WAYS.feedAllWays(
        () -> new Recorder(ByteString.ascii("\r\n\r\n"), 100),
        "head\r\ner\r\n\r\nbody\r\n\r\n",
        (r, t) -> assertThat(r.lines).containsExactly("head\r\ner", "body"));
  }

  @Test
  void aLineAtTheLimitIsDeliveredAndALongerOneClosesTheConnection() {
    ALL_WAYS.feedAllWays(
        () -> new Recorder(LineReceiver.CRLF, 3),
        "abc\r\nabcd\r\nx\r\n",
        (r, t) -> {
          assertThat(r.lines).containsExactly("abc");
          assertThat(t.disconnecting()).isTrue();
        });
  }

  @Test
  void anOverriddenLengthHookThatDoesNotCloseSkipsTheLongLine() {
    class Skipper extends Recorder {
      Skipper() {
        super(LineReceiver.CRLF, 3);
      }

      @Override
      protected void lineLengthExceeded(ByteString lineStart) {
        lines.add("long:" + lineStart.utf8());
      }
    }
    ALL_WAYS.feedAllWays(
        Skipper::new,
        "abcdefg\r\nok\r\n",
        (r, t) -> assertThat(r.lines).containsExactly("long:abcd", "ok"));
  }

  @Test
  void linesAfterTheProtocolClosesAreNotDelivered() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "a\r\nQUIT\r\nb\r\n",
        (r, t) -> assertThat(r.lines).containsExactly("a", "QUIT"));
  }

  @Test
  void sendLineAppendsTheDelimiter() {
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    r.sendLine("hi");
    r.sendLine(ByteString.EMPTY);
    assertThat(transport.writtenUtf8()).isEqualTo("hi\r\n\r\n");
    assertThat(r.maxLineLength()).isEqualTo(LineReceiver.DEFAULT_MAX_LINE_LENGTH);
    assertThat(r.delimiter()).isEqualTo(LineReceiver.CRLF);
  }
}
