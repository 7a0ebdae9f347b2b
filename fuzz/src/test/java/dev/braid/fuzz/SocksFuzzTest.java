package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.socks.codec.SocksDestination;
import dev.braid.socks.codec.SocksMessage;
import dev.braid.socks.codec.SocksParser;
import dev.braid.socks.codec.SocksParser.Stage;
import dev.braid.socks.codec.SocksProtocolException;
import dev.braid.socks.codec.SocksReplies;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes {@link SocksParser}, the server side of the SOCKS4/4a/5 handshake. The first input byte
 * picks the stage the conversation starts at (modulo 3: greeting, user name/password, request); the
 * parser then follows the conversation a server would (a SOCKS5 greeting offering method 2 leads to
 * user name/password, then the request; a SOCKS4 request or a SOCKS5 request ends the handshake).
 * Oracles: only {@link SocksProtocolException} (and its {@code MessageTooLargeException}) escapes;
 * the same messages, error and left-over bytes whatever the chunking; bytes are accounted for; and
 * each message, written back with an encoder in this test (the parser's package has encoders only
 * for replies), parses to itself.
 */
@dev.braid.testing.BraidTest
class SocksFuzzTest {
  private static final int MAX = 262;

  /** A message and the number of bytes it took. */
  record Parsed(SocksMessage message, int bytes) {}

  @FuzzTest
  void handshakesAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    if (input.length == 0) {
      return;
    }
    Stage first = Stage.values()[(input[0] & 0xff) % 3];
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome =
              Harness.sameWhateverTheChunks(data, chunks -> parse(chunks, first));
          long consumed = 0;
          Stage stage = first;
          for (Object message : outcome.messages()) {
            Parsed parsed = (Parsed) message;
            SocksMessage m = parsed.message();
            ByteString encoded = encode(m);
            if (encoded != null) {
              Harness.Outcome again = parse(List.of(ByteBuffer.wrap(encoded.toByteArray())), stage);
              assertThat(again.error()).as("error re-parsing the encoded message").isNull();
              assertThat(again.messages())
                  .as("parse(encode(x))")
                  .first()
                  .isEqualTo(new Parsed(m, encoded.size()));
            }
            consumed += parsed.bytes();
            stage = after(stage, m);
          }
          if (outcome.error() == null) {
            assertThat(consumed + outcome.buffered())
                .as("bytes accounted for")
                .isEqualTo(data.length);
          }
        });
  }

  /** The stage after {@code message}, or null when the handshake is over. */
  private static Stage after(Stage stage, SocksMessage message) {
    return switch (message) {
      case SocksMessage.Socks5Greeting g ->
          g.offers(SocksReplies.METHOD_USER_PASS) ? Stage.USER_PASS : Stage.REQUEST;
      case SocksMessage.Socks5UserPass u -> Stage.REQUEST;
      case SocksMessage.Socks4Request r -> null;
      case SocksMessage.Socks5Request r -> null;
    };
  }

  /**
   * Lends the chunks to the parser, one message at a time; "buffered" is what is left over: the
   * bytes after the handshake ended, or the bytes of an unfinished message the parser holds.
   */
  private static Harness.Outcome parse(List<ByteBuffer> chunks, Stage first) {
    SocksParser parser = new SocksParser(MAX);
    List<Object> messages = new ArrayList<>();
    Stage stage = first;
    long rest = 0;
    try {
      for (ByteBuffer chunk : chunks) {
        while (stage != null && chunk.hasRemaining()) {
          parser.expect(stage);
          int before = parser.bufferedBytes();
          int from = chunk.position();
          Optional<SocksMessage> message = parser.next(chunk);
          int taken = chunk.position() - from;
          if (message.isEmpty()) {
            assertThat(chunk.hasRemaining()).as("an unfinished message takes every byte").isFalse();
            assertThat(parser.bufferedBytes()).isEqualTo(before + taken);
            break;
          }
          assertThat(parser.bufferedBytes()).as("bytes held after a message").isZero();
          messages.add(new Parsed(message.get(), before + taken));
          stage = after(stage, message.get());
        }
        if (stage == null) {
          rest += chunk.remaining();
          chunk.position(chunk.limit());
        }
      }
    } catch (SocksProtocolException e) {
      return new Harness.Outcome(
          messages, e.getClass().getSimpleName() + ": " + e.getMessage(), -1);
    }
    Harness.allRead(chunks);
    return new Harness.Outcome(messages, null, stage == null ? rest : parser.bufferedBytes());
  }

  /** The message as a client sends it, or null when it cannot be written back exactly. */
  private static ByteString encode(SocksMessage message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (message) {
      case SocksMessage.Socks5Greeting g -> {
        out.write(5);
        out.write(g.methods().size());
        out.writeBytes(g.methods().toByteArray());
      }
      case SocksMessage.Socks5UserPass u -> {
        byte[] name = u.username().getBytes(StandardCharsets.UTF_8);
        if (name.length > 255) {
          return null;
        }
        out.write(1);
        out.write(name.length);
        out.writeBytes(name);
        out.write(u.password().size());
        out.writeBytes(u.password().toByteArray());
      }
      case SocksMessage.Socks4Request r -> {
        out.write(4);
        out.write(r.commandCode());
        out.write(r.destination().port() >> 8);
        out.write(r.destination().port());
        switch (r.destination()) {
          case SocksDestination.Ip ip -> out.writeBytes(ip.address().getAddress());
          case SocksDestination.Domain d -> out.writeBytes(new byte[] {0, 0, 0, 1});
        }
        out.writeBytes(r.userId().getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        if (r.destination() instanceof SocksDestination.Domain d) {
          out.writeBytes(d.name().getBytes(StandardCharsets.US_ASCII));
          out.write(0);
        }
      }
      case SocksMessage.Socks5Request r -> {
        out.write(5);
        out.write(r.commandCode());
        out.write(0);
        switch (r.destination()) {
          case SocksDestination.Ip ip -> {
            InetAddress address = ip.address();
            out.write(address instanceof Inet4Address ? 1 : 4);
            out.writeBytes(address.getAddress());
          }
          case SocksDestination.Domain d -> {
            out.write(3);
            out.write(d.name().length());
            out.writeBytes(d.name().getBytes(StandardCharsets.US_ASCII));
          }
        }
        out.write(r.destination().port() >> 8);
        out.write(r.destination().port());
      }
    }
    return ByteString.wrapOwned(out.toByteArray());
  }
}
