package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class LineReceiverTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(7, 8);

  /**
   * Records lines as "line" and raw bytes as "raw:...", merging raw pieces that arrive in a row.
   * Commands: "RAW n" reads n raw bytes then goes back to lines; "PAUSE" pauses; "CLEAR" clears the
   * line buffer (recorded as "cleared:..."); "QUIT" closes.
   */
  static class Recorder extends LineReceiver {
    final List<String> events = new ArrayList<>();
    long rawLeft;

    Recorder() {}

    Recorder(ByteString delimiter, int max) {
      super(delimiter, max);
    }

    Recorder(LineEnding ending, int max) {
      super(ending, max);
    }

    @Override
    protected void lineReceived(ByteString line) {
      String text = line.utf8();
      events.add(text);
      if (text.startsWith("RAW ")) {
        rawLeft = Long.parseLong(text.substring(4));
        if (rawLeft > 0) {
          setRawMode();
        }
      } else if (text.equals("PAUSE")) {
        pauseProducing();
      } else if (text.equals("CLEAR")) {
        events.add("cleared:" + clearLineBuffer().utf8());
      } else if (text.equals("QUIT")) {
        transport().loseConnection();
      }
    }

    @Override
    protected void rawDataReceived(ByteBuffer data) {
      int take = (int) Math.min(rawLeft, data.remaining());
      byte[] raw = new byte[take];
      data.get(raw);
      rawLeft -= take;
      String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
      if (!events.isEmpty() && events.getLast().startsWith("raw:")) {
        events.set(events.size() - 1, events.getLast() + text);
      } else {
        events.add("raw:" + text);
      }
      if (rawLeft == 0) {
        setLineMode(ByteString.copyOf(data));
      }
    }
  }

  @Test
  void linesAreDeliveredHoweverTheInputIsCut() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "a\r\n\r\nbc\r\n",
        (r, t) -> assertThat(r.events).containsExactly("a", "", "bc"));
  }

  @Test
  void rawModeTakesTheBytesRightAfterTheSwitchingLineAndLineModeTakesTheRest() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "RAW 7\r\nab\r\ncdeNEXT\r\nRAW 2\r\nxyRAW 0\r\nlast\r\n",
        (r, t) ->
            assertThat(r.events)
                .containsExactly(
                    "RAW 7", "raw:ab\r\ncde", "NEXT", "RAW 2", "raw:xy", "RAW 0", "last"));
  }

  @Test
  void setRawModeOutsideACallbackDeliversTheHeldPartialLineAsRaw() {
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    transport.receive("one\r\npart");
    r.rawLeft = 100;
    r.setRawMode();
    assertThat(r.rawMode()).isTrue();
    transport.receive("ial");
    assertThat(r.events).containsExactly("one", "raw:partial");
  }

  @Test
  void setLineModeOutsideACallbackParsesTheExtraBytesAtOnce() {
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    r.rawLeft = 100;
    r.setRawMode();
    r.setLineMode(ByteString.ascii("x\r\ny"));
    assertThat(r.events).containsExactly("x");
    transport.receive("\r\n");
    assertThat(r.events).containsExactly("x", "y");
  }

  @Test
  void aLineExactlyAtTheLimitIsDeliveredAndALongerOneClosesTheConnection() {
    ALL_WAYS.feedAllWays(
        () -> new Recorder(LineReceiver.CRLF, 4),
        "abcd\r\nabcde\r\nnever\r\n",
        (r, t) -> {
          assertThat(r.events).containsExactly("abcd");
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
        events.add("long:" + lineStart.utf8());
      }
    }
    ALL_WAYS.feedAllWays(
        Skipper::new,
        "ok\r\ntoo long\r\nyes\r\n",
        (r, t) -> {
          assertThat(r.events).containsExactly("ok", "long:too ", "yes");
          assertThat(t.disconnecting()).isFalse();
        });
  }

  @Test
  void lfOrCrlfTakesBothEndingsDropsOnlyTheCrBeforeTheLfAndSendsCrlf() {
    ALL_WAYS.feedAllWays(
        () -> new Recorder(LineEnding.LF_OR_CRLF, 4),
        "ab\r\ncd\n\r\nx\ry\n",
        (r, t) -> {
          assertThat(r.events).containsExactly("ab", "cd", "", "x\ry");
          r.sendLine("ok");
          assertThat(t.writtenUtf8()).isEqualTo("ok\r\n");
          assertThat(r.delimiter()).isEqualTo(LineReceiver.CRLF);
        });
  }

  @Test
  void lfOrCrlfDoesNotCountTheCrTowardsTheLimit() {
    class Skipper extends Recorder {
      Skipper() {
        super(LineEnding.LF_OR_CRLF, 3);
      }

      @Override
      protected void lineLengthExceeded(ByteString lineStart) {
        events.add("long:" + lineStart.utf8());
      }
    }
    ALL_WAYS.feedAllWays(
        Skipper::new,
        "abc\r\nabc\nabcd\nabcd\r\nabcdefgh\r\nok\n",
        (r, t) -> {
          assertThat(r.events)
              .containsExactly("abc", "abc", "long:abcd", "long:abcd", "long:abcd", "ok");
          assertThat(r.maxLineLength()).isEqualTo(3);
        });
  }

  @Test
  void theDefaultLimitIs16KiB() {
    var line = "x".repeat(LineReceiver.DEFAULT_MAX_LINE_LENGTH);
    ProtocolFeeder.standard()
        .feedAllWays(
            Recorder::new,
            line + "\r\n" + line + "y\r\n",
            (r, t) -> {
              assertThat(r.events).containsExactly(line);
              assertThat(t.disconnecting()).isTrue();
            });
  }

  @Test
  void aMultiByteDelimiterCutAcrossChunksEndsTheLine() {
    ALL_WAYS.feedAllWays(
        () -> new Recorder(ByteString.ascii("<END>"), 100),
        "one<END>t<ENDwo<END>",
        (r, t) -> assertThat(r.events).containsExactly("one", "t<ENDwo"));
  }

  @Test
  void nothingIsDeliveredAfterTheProtocolClosesTheConnection() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "a\r\nQUIT\r\nb\r\nRAW 1\r\nz",
        (r, t) -> {
          assertThat(r.events).containsExactly("a", "QUIT");
          assertThat(t.disconnecting()).isTrue();
        });
  }

  @Test
  void pausingHoldsBackLinesOfTheSameChunkUntilResumed() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "PAUSE\r\nheld\r\nRAW 2\r\nxy",
        (r, t) -> {
          assertThat(r.events).containsExactly("PAUSE");
          assertThat(r.paused()).isTrue();
          assertThat(t.readingPaused()).isTrue();
          t.receive("more\r\n");
          assertThat(r.events).containsExactly("PAUSE");
          r.resumeProducing();
          assertThat(r.events).containsExactly("PAUSE", "held", "RAW 2", "raw:xy", "more");
          assertThat(t.readingPaused()).isFalse();
        });
  }

  @Test
  void pausingAgainWhileDeliveringHeldLinesStopsAgain() {
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    transport.receive("PAUSE\r\na\r\nPAUSE\r\nb\r\n");
    r.resumeProducing();
    assertThat(r.events).containsExactly("PAUSE", "a", "PAUSE");
    r.resumeProducing();
    assertThat(r.events).containsExactly("PAUSE", "a", "PAUSE", "b");
  }

  @Test
  void stopProducingStopsDeliveryAndAbortsTheTransport() {
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    r.stopProducing();
    transport.receive("a\r\n");
    assertThat(r.events).isEmpty();
    assertThat(transport.aborted()).isTrue();
  }

  @Test
  void clearLineBufferReturnsAndDropsEverythingNotYetDelivered() {
    ALL_WAYS.feedAllWays(
        Recorder::new,
        "a\r\nCLEAR\r\nb\r\nc",
        (r, t) -> {
          // What CLEAR finds depends on how much had arrived, but no byte is lost or seen twice:
          // cleared bytes, then lines delivered after, then what is still held, give the input.
          assertThat(r.events.subList(0, 2)).containsExactly("a", "CLEAR");
          String cleared = r.events.get(2).substring("cleared:".length());
          List<String> after = r.events.subList(3, r.events.size());
          String held = r.clearLineBuffer().utf8();
          String rebuilt =
              cleared + String.join("\r\n", after) + (after.isEmpty() ? "" : "\r\n") + held;
          assertThat(rebuilt).isEqualTo("b\r\nc");
        });
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    transport.receive("CLEAR\r\nb\r\nc");
    assertThat(r.events).containsExactly("CLEAR", "cleared:b\r\nc");
    transport.receive("d\r\n");
    assertThat(r.events).containsExactly("CLEAR", "cleared:b\r\nc", "d");
  }

  @Test
  void clearLineBufferAlsoReturnsInputHeldWhilePaused() {
    var transport = new StringTransport();
    var r = new Recorder();
    transport.makeConnection(r);
    transport.receive("PAUSE\r\nx\r\ny");
    transport.receive("z");
    assertThat(r.clearLineBuffer()).isEqualTo(ByteString.ascii("x\r\nyz"));
    r.resumeProducing();
    assertThat(r.events).containsExactly("PAUSE");
  }

  @Test
  void sendLineAppendsTheDelimiter() {
    var transport = new StringTransport();
    var r = new Recorder(ByteString.ascii("\n"), 100);
    transport.makeConnection(r);
    r.sendLine("héllo");
    r.sendLine(ByteString.ascii("bye"));
    assertThat(transport.writtenUtf8()).isEqualTo("héllo\nbye\n");
    assertThat(r.delimiter()).isEqualTo(ByteString.ascii("\n"));
    assertThat(r.maxLineLength()).isEqualTo(100);
  }

  @Test
  void rawModeWithoutARawHandlerFailsLoudly() {
    class LinesOnly extends LineReceiver {
      @Override
      protected void lineReceived(ByteString line) {
        setRawMode();
      }
    }
    var transport = new StringTransport();
    transport.makeConnection(new LinesOnly());
    assertThatThrownBy(() -> transport.receive("go\r\nraw"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("rawDataReceived");
  }

  @Test
  void dataBeforeConnectionMadeIsRejectedWithAClearMessage() {
    var r = new Recorder();
    assertThatThrownBy(() -> r.dataReceived(ByteString.ascii("x").asByteBuffer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connectionMade");
  }
}
