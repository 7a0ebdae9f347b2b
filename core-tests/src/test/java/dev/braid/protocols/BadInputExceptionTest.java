package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.proxy.ProxyHeaderParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad peer input is one exception family, with no stack trace, that can carry a reply. */
class BadInputExceptionTest {
  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void everyCoreParsersErrorIsABadInputExceptionWithoutAStackTrace() {
    Throwable[] errors = {
      catchThrowable(() -> new LineParser(4, LineReceiver.CRLF).next(ascii("too long\r\n"))),
      catchThrowable(() -> new NetstringParser().next(ascii("x:abc,"))),
      catchThrowable(() -> new PrefixedStringParser(1, 2).next(ascii("\u0003abc"))),
      catchThrowable(() -> new ProxyHeaderParser().feed(ascii("PROXY BOGUS\r\n"))),
    };
    for (Throwable error : errors) {
      assertThat(error).isInstanceOf(BadInputException.class);
      assertThat(error.getStackTrace()).as(error.toString()).isEmpty();
    }
  }

  @Test
  void theReplyIsCarriedWhenGivenAndAbsentOtherwise() {
    assertThat(new BadInputException("bad").errorReply()).isEmpty();
    assertThat(new BadInputException("bad", ByteString.ascii("500 bad\r\n")).errorReply())
        .contains(ByteString.ascii("500 bad\r\n"));
    assertThat(new BadInputException("bad").getStackTrace()).isEmpty();
  }
}
