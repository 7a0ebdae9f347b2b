package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.StringTransport;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The default Transport.writeCopy: a copy is written, the caller keeps its buffer. */
@BraidTest
class TransportWriteCopyTest {
  @Test
  void defaultWriteCopyWritesACopyThatLaterChangesToTheSourceDoNotReach() {
    var transport = new StringTransport();
    ByteBuffer source = ByteBuffer.wrap(new byte[] {'a', 'b', 'c'});
    source.position(1);
    transport.writeCopy(source);
    assertThat(source.hasRemaining()).isFalse();
    source.put(1, (byte) 'X').put(2, (byte) 'Y');
    assertThat(transport.written()).isEqualTo(ByteString.ascii("bc"));
  }
}
