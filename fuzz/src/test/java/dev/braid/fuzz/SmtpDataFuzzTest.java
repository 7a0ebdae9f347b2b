package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.mail.smtp.codec.BareLineEndingException;
import dev.braid.mail.smtp.codec.MessageReader;
import dev.braid.protocols.LineParser;
import dev.braid.protocols.LineTooLongException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the SMTP DATA reader ({@link MessageReader} behind the CRLF {@link LineParser}, as the
 * server runs it). Oracles: only {@link BareLineEndingException} and {@link LineTooLongException}
 * escape; the outcome is the same whatever the chunks; a message that ends has only CRLF line ends
 * (no bare CR or LF reaches a maildir: SMTP smuggling) and is within the size limit; and a message
 * dot-stuffed again and ended with {@code .CRLF} reads back to itself.
 */
@dev.braid.testing.BraidTest
class SmtpDataFuzzTest {
  private static final ByteString CRLF = ByteString.ascii("\r\n");
  private static final int MAX_LINE = 200;
  private static final int MAX_SIZE = 512;

  @FuzzTest
  void messagesAreTheSameWhateverTheChunksAndHoldOnlyCrlfLineEnds(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome = Harness.sameWhateverTheChunks(input, SmtpDataFuzzTest::read);
          for (Object m : outcome.messages()) {
            if (m instanceof ByteString message) {
              assertThat(message.size()).isLessThanOrEqualTo(MAX_SIZE);
              String text = Harness.latin1(message);
              assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
              assertThat(text.isEmpty() || text.endsWith("\r\n")).isTrue();
              Harness.Outcome again = read(List.of(ByteBuffer.wrap(stuff(message).toByteArray())));
              assertThat(again.messages()).as("read(stuff(m))").containsExactly(message);
            }
          }
        });
  }

  /** The message as a client sends it: leading dots doubled, then the line with one dot. */
  private static ByteString stuff(ByteString message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = Harness.latin1(message);
    for (String line : text.isEmpty() ? new String[0] : text.split("\r\n", -1)) {
      if (line.startsWith(".")) {
        out.write('.');
      }
      out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(CRLF.toByteArray());
    }
    byte[] bytes = out.toByteArray();
    // split("\r\n", -1) leaves an empty last piece for the final CRLF: drop its extra CRLF.
    int end = text.isEmpty() ? 0 : bytes.length - 2;
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.write(bytes, 0, end);
    whole.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
    return ByteString.wrapOwned(whole.toByteArray());
  }

  private static Harness.Outcome read(List<ByteBuffer> chunks) {
    LineParser lines = new LineParser(MAX_LINE, CRLF);
    List<Object> out = new ArrayList<>();
    MessageReader[] reader = {new MessageReader(MAX_SIZE)};
    String[] error = {null};
    try {
      for (ByteBuffer chunk : chunks) {
        lines.feed(
            chunk,
            line -> {
              try {
                if (!reader[0].line(line)) {
                  out.add(reader[0].tooBig() ? "too big" : reader[0].message());
                  reader[0] = new MessageReader(MAX_SIZE);
                }
              } catch (BareLineEndingException e) {
                error[0] = e.getMessage();
                throw new Refused(); // the server closes: nothing after this line is read
              }
            });
      }
    } catch (Refused e) {
      return new Harness.Outcome(out, error[0], -1);
    } catch (LineTooLongException e) {
      return new Harness.Outcome(out, "line too long", -1);
    }
    return new Harness.Outcome(out, null, lines.bufferedBytes());
  }

  /** Stops the feeding at the first refused line, as the server's close does. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super(null, null, false, false);
    }
  }
}
