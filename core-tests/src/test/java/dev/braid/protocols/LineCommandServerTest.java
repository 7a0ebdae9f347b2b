package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line-command base: dispatch, limits, idle timeout, ordering, flow control and logins. */
@BraidTest
class LineCommandServerTest {
  private static final CommandReplies REPLIES =
      new CommandReplies(
          "500 unknown", "501 syntax", "500 too long", "421 idle", "421 errors", "451 local");

  private final FakeClock clock = new FakeClock();
  private final StringTransport transport = new StringTransport();

  /** A small protocol on the base: ECHO, SLOW (answered when the test fires it), LOGIN, DATA. */
  private static final class Toy extends LineCommandServer {
    final List<Deferred<Void>> slow = new ArrayList<>();
    final List<Deferred<String>> logins = new ArrayList<>();
    final List<String> data = new ArrayList<>();

    Toy(FakeClock clock, CommandLimits limits) {
      super(clock, limits, REPLIES);
      command("ECHO", argument -> reply("250 " + argument));
      command(
          "BOOM",
          argument -> {
            throw new IllegalStateException("a handler bug");
          });
      command("BAD", argument -> commandError("503 bad sequence"));
      asyncCommand(
          "SLOW",
          argument -> {
            Deferred<Void> d = new Deferred<>();
            slow.add(d);
            return d.addCallback(
                v -> {
                  reply("250 slow " + argument);
                  return null;
                });
          });
      asyncCommand(
          "LOGIN",
          argument ->
              login(
                      () -> {
                        Deferred<String> d = new Deferred<>();
                        logins.add(d);
                        return d;
                      })
                  .addCallbacks(
                      user -> {
                        reply("235 welcome " + user);
                        return null;
                      },
                      error -> {
                        reply("535 no");
                        return null;
                      }));
      command(
          "DATA",
          argument -> {
            reply("354 go");
            readLines(
                line -> {
                  if (line.utf8().equals(".")) {
                    reply("250 got " + data.size());
                    return false;
                  }
                  data.add(line.utf8());
                  return true;
                });
          });
      command(
          "STORE",
          argument -> {
            reply("354 go");
            readLines(
                line -> {
                  Deferred<Void> d = new Deferred<>();
                  slow.add(d);
                  holdUntil(
                      d.addCallback(
                          v -> {
                            reply("250 stored " + line.utf8());
                            return null;
                          }));
                  return false;
                });
          });
    }
  }

  private Toy connect(CommandLimits limits) {
    Toy toy = new Toy(clock, limits);
    transport.makeConnection(toy);
    return toy;
  }

  private Toy connect() {
    return connect(CommandLimits.defaults());
  }

  @Test
  void verbsAreMatchedInAnyCaseAndTheArgumentIsTheRestOfTheLine() {
    connect();
    transport.receive("echo hello  world\r\nECHO\r\nEcHo   x\r\n");
    assertThat(transport.writtenUtf8()).isEqualTo("250 hello  world\r\n250 \r\n250 x\r\n");
  }

  @Test
  void anUnknownVerbGetsTheProtocolsReplyAndTheConnectionStaysOpen() {
    connect();
    transport.receive("FLY away\r\nECHO still here\r\n");
    assertThat(transport.writtenUtf8()).isEqualTo("500 unknown\r\n250 still here\r\n");
    assertThat(transport.disconnecting()).isFalse();
  }

  @Test
  void linesThatAreNotCommandsAreSyntaxErrors() {
    connect();
    transport.receive(" ECHO\r\n\r\nEC@HO x\r\nECHO a\0b\r\nECHO a\rb\r\n");
    transport.receive(ByteString.of(new byte[] {'E', 'C', 'H', 'O', ' ', (byte) 0xff, '\r', '\n'}));
    assertThat(transport.writtenUtf8()).isEqualTo("501 syntax\r\n".repeat(6));
  }

  @Test
  void theErrorLimitClosesTheConnectionWithTheProtocolsReply() {
    connect(CommandLimits.defaults().withMaxErrors(3));
    transport.receive("X\r\nBAD\r\n");
    assertThat(transport.disconnecting()).isFalse();
    transport.receive("Y\r\nECHO never\r\n");
    assertThat(transport.writtenUtf8())
        .isEqualTo("500 unknown\r\n503 bad sequence\r\n500 unknown\r\n421 errors\r\n");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void aHandlerThatThrowsIsAnsweredWithTheLocalErrorAndCounted() {
    connect(CommandLimits.defaults().withMaxErrors(2));
    transport.receive("BOOM\r\n");
    assertThat(transport.writtenUtf8()).isEqualTo("451 local\r\n");
    assertThat(transport.disconnecting()).isFalse();
    transport.receive("BOOM\r\n");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void aLineOverTheLimitIsAnsweredAndClosesTheConnection() {
    connect(CommandLimits.defaults().withMaxLineLength(10));
    transport.receive("ECHO 12345\r\n");
    transport.receive("ECHO 123456");
    assertThat(transport.writtenUtf8()).isEqualTo("250 12345\r\n500 too long\r\n");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void anIdleClientIsToldAndDisconnectedAndEachLineRestartsTheTimer() {
    connect(CommandLimits.defaults().withIdleTimeout(Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(29));
    transport.receive("ECHO a\r\n");
    clock.advance(Duration.ofSeconds(29));
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.writtenUtf8()).isEqualTo("250 a\r\n421 idle\r\n");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void theIdleTimerDoesNotRunWhileTheServerWorksOnACommand() {
    Toy toy = connect(CommandLimits.defaults().withIdleTimeout(Duration.ofSeconds(30)));
    transport.receive("SLOW x\r\n");
    clock.advance(Duration.ofMinutes(10));
    assertThat(transport.disconnecting()).isFalse();
    toy.slow.getFirst().callback(null);
    clock.advance(Duration.ofSeconds(29));
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.disconnecting()).isTrue();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void pipelinedCommandsWaitForAPendingOneSoRepliesKeepTheirOrder() {
    Toy toy = connect();
    transport.receive("SLOW 1\r\nECHO 2\r\nSLOW 3\r\nECHO 4\r\n");
    assertThat(transport.writtenUtf8()).isEmpty();
    assertThat(transport.readingPaused()).isTrue();
    toy.slow.getFirst().callback(null);
    assertThat(transport.writtenUtf8()).isEqualTo("250 slow 1\r\n250 2\r\n");
    assertThat(transport.readingPaused()).isTrue();
    toy.slow.get(1).callback(null);
    assertThat(transport.writtenUtf8()).isEqualTo("250 slow 1\r\n250 2\r\n250 slow 3\r\n250 4\r\n");
    assertThat(transport.readingPaused()).isFalse();
  }

  @Test
  void aClientThatDoesNotReadRepliesStopsBeingReadUntilItCatchesUp() {
    Toy toy = connect();
    assertThat(transport.producer()).contains(toy);
    transport.setWriteBufferWaterMarks(1, 4);
    transport.setPeerStalled(true);
    transport.receive("ECHO 1\r\nECHO 2\r\nECHO 3\r\n");
    assertThat(transport.writtenUtf8()).isEqualTo("250 1\r\n");
    assertThat(transport.readingPaused()).isTrue();
    transport.setPeerStalled(false);
    transport.drainWriteBuffer();
    assertThat(transport.writtenUtf8()).isEqualTo("250 1\r\n250 2\r\n250 3\r\n");
    assertThat(transport.readingPaused()).isFalse();
  }

  @Test
  void theEndOfACommandDoesNotResumeAClientThatDoesNotRead() {
    Toy toy = connect();
    transport.receive("SLOW 1\r\nECHO 2\r\n");
    transport.fillWriteBuffer();
    toy.slow.getFirst().callback(null);
    assertThat(transport.writtenUtf8()).isEqualTo("250 slow 1\r\n");
    assertThat(transport.readingPaused()).isTrue();
    transport.drainWriteBuffer();
    assertThat(transport.writtenUtf8()).isEqualTo("250 slow 1\r\n250 2\r\n");
  }

  @Test
  void aFailedLoginIsAnsweredOnlyAfterTheDelay() {
    Toy toy = connect(CommandLimits.defaults().withLoginFailureDelay(Duration.ofSeconds(2)));
    transport.receive("LOGIN\r\nECHO after\r\n");
    toy.logins.getFirst().errback(new IllegalArgumentException("wrong password"));
    clock.advance(Duration.ofMillis(1999));
    assertThat(transport.writtenUtf8()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(transport.writtenUtf8()).isEqualTo("535 no\r\n250 after\r\n");
  }

  @Test
  void aRightLoginIsAnsweredAtOnce() {
    Toy toy = connect();
    transport.receive("LOGIN\r\n");
    toy.logins.getFirst().callback("alice");
    assertThat(transport.writtenUtf8()).isEqualTo("235 welcome alice\r\n");
  }

  @Test
  void theLastAllowedLoginFailureIsAnsweredThenTheConnectionCloses() {
    Toy toy =
        connect(
            CommandLimits.defaults().withMaxLoginFailures(2).withLoginFailureDelay(Duration.ZERO));
    transport.receive("LOGIN\r\n");
    toy.logins.getFirst().errback(new IllegalArgumentException("no"));
    clock.advance(Duration.ZERO);
    assertThat(transport.disconnecting()).isFalse();
    transport.receive("LOGIN\r\nECHO never\r\n");
    toy.logins.get(1).errback(new IllegalArgumentException("no"));
    clock.advance(Duration.ZERO);
    assertThat(transport.writtenUtf8()).isEqualTo("535 no\r\n535 no\r\n");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void aLineReaderTakesTheLinesAfterItsCommandThenCommandsResume() {
    Toy toy = connect();
    transport.receive("DATA\r\nECHO not a command\r\nline two\r\n.\r\nECHO back\r\n");
    assertThat(toy.data).containsExactly("ECHO not a command", "line two");
    assertThat(transport.writtenUtf8()).isEqualTo("354 go\r\n250 got 2\r\n250 back\r\n");
  }

  @Test
  void aLineReaderThatHoldsMakesTheNextCommandWaitForItsWork() {
    Toy toy = connect();
    transport.receive("STORE\r\nbody\r\nECHO after\r\n");
    assertThat(transport.writtenUtf8()).isEqualTo("354 go\r\n");
    toy.slow.getFirst().callback(null);
    assertThat(transport.writtenUtf8()).isEqualTo("354 go\r\n250 stored body\r\n250 after\r\n");
  }

  @Test
  void theIdleTimerIsCancelledWhenTheConnectionEnds() {
    connect();
    transport.reportDisconnect();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void limitsRefuseNonsense() {
    assertThatThrownBy(() -> CommandLimits.defaults().withMaxLineLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLineLength");
    assertThatThrownBy(() -> CommandLimits.defaults().withIdleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> CommandLimits.defaults().withLoginFailureDelay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
