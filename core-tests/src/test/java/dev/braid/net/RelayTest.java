package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import dev.braid.testing.StringTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay in memory: data both ways, flow control, half-close and loss, before and after join.
 */
@BraidTest
class RelayTest {
  private final StringTransport left = new StringTransport();
  private final StringTransport right = new StringTransport();
  private final Relay.End leftEnd = Relay.end();
  private final Relay.End rightEnd = Relay.end();

  private void joined() {
    left.makeConnection(leftEnd);
    right.makeConnection(rightEnd);
    Relay.join(leftEnd, rightEnd);
  }

  @Test
  void eachSidesDataIsWrittenToTheOther() {
    joined();
    left.receive("from the left");
    right.receive("from the right");
    assertThat(right.writtenUtf8()).isEqualTo("from the left");
    assertThat(left.writtenUtf8()).isEqualTo("from the right");
    assertThat(leftEnd.joined()).isTrue();
  }

  @Test
  void aSideWhoseWriteBufferIsFullPausesReadingOnTheOtherUntilItDrains() {
    joined();
    for (StringTransport[] fullAndOther : List.of(pair(right, left), pair(left, right))) {
      StringTransport full = fullAndOther[0];
      StringTransport other = fullAndOther[1];
      full.fillWriteBuffer();
      assertThat(other.readingPaused()).as("the other side of a full one is paused").isTrue();
      assertThat(full.readingPaused()).isFalse();
      full.drainWriteBuffer();
      assertThat(other.readingPaused()).as("and resumed once it drained").isFalse();
    }
  }

  private static StringTransport[] pair(StringTransport full, StringTransport other) {
    return new StringTransport[] {full, other};
  }

  @Test
  void theEndOfOneSidesInputShutsTheOthersWritingAndTheOtherDirectionGoesOn() {
    joined();
    leftEnd.readConnectionLost();
    assertThat(right.writeConnectionLost()).isTrue();
    assertThat(right.disconnecting()).isFalse();
    right.receive("still flowing");
    assertThat(left.writtenUtf8()).isEqualTo("still flowing");
    assertThat(left.disconnecting()).isFalse();
  }

  /** A transport whose writing direction cannot be shut alone. */
  private static final class NoHalfClose extends ForwardingTransport {
    final StringTransport below = new StringTransport();

    @Override
    public void loseWriteConnection() {
      throw new UnsupportedOperationException("no half-close here");
    }

    @Override
    protected Transport delegate() {
      return below;
    }
  }

  @Test
  void aTransportThatCannotHalfCloseIsClosedAfterFlushingInstead() {
    NoHalfClose noHalfClose = new NoHalfClose();
    left.makeConnection(leftEnd);
    rightEnd.connectionMade(noHalfClose);
    Relay.join(leftEnd, rightEnd);
    leftEnd.readConnectionLost();
    assertThat(noHalfClose.below.disconnecting()).isTrue();
    assertThat(noHalfClose.below.aborted()).as("closed after flushing, not aborted").isFalse();
  }

  @Test
  void losingOneSideClosesTheOtherAfterItHasSentWhatItHolds() {
    joined();
    right.fillWriteBuffer();
    left.reportDisconnect();
    assertThat(right.disconnecting()).isTrue();
    assertThat(right.aborted()).as("what it holds is still sent").isFalse();
  }

  @Test
  void beforeTheJoinReadingIsPausedAndWhatArrivesIsPassedOnAtTheJoin() {
    left.makeConnection(leftEnd);
    assertThat(left.readingPaused()).isTrue();
    left.receive("early");
    right.makeConnection(rightEnd);
    assertThat(right.writtenUtf8()).isEmpty();
    Relay.join(leftEnd, rightEnd);
    assertThat(right.writtenUtf8()).isEqualTo("early");
    assertThat(left.readingPaused()).isFalse();
    assertThat(right.readingPaused()).isFalse();
    assertThat(right.writeConnectionLost()).isFalse();
  }

  @Test
  void anEndOfInputBeforeTheJoinShutsTheOthersWritingAtTheJoin() {
    right.makeConnection(rightEnd);
    left.makeConnection(leftEnd);
    leftEnd.readConnectionLost();
    Relay.join(rightEnd, leftEnd);
    assertThat(right.writeConnectionLost()).isTrue();
    assertThat(right.readingPaused()).as("the other direction goes on").isFalse();
  }

  @Test
  void aLossBeforeTheJoinClosesTheOtherAtTheJoin() {
    left.makeConnection(leftEnd);
    left.reportDisconnect();
    right.makeConnection(rightEnd);
    Relay.join(leftEnd, rightEnd);
    assertThat(right.disconnecting()).isTrue();
    assertThat(right.aborted()).isFalse();
  }

  @Test
  void anEndIsJoinedOnceAndOnlyWithAConnection() {
    left.makeConnection(leftEnd);
    assertThatThrownBy(() -> Relay.join(leftEnd, rightEnd))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connectionMade");
    right.makeConnection(rightEnd);
    Relay.join(leftEnd, rightEnd);
    Relay.End third = Relay.end();
    new StringTransport().makeConnection(third);
    assertThatThrownBy(() -> Relay.join(leftEnd, third))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already joined");
  }
}
