package dev.braid.socks.codec;

import static dev.braid.socks.codec.SocksBytes.ascii;
import static dev.braid.socks.codec.SocksBytes.bytes;
import static dev.braid.socks.codec.SocksBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.socks.codec.SocksParser.Stage;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class SocksParserTest {
  /** Parses {@code split} (one message of {@code stage}) with a fresh parser. */
  private static List<SocksMessage> parse(Stage stage, ProtocolFeeder.Split split)
      throws Exception {
    SocksParser parser = new SocksParser().expect(stage);
    List<SocksMessage> out = new ArrayList<>();
    split.feed(chunk -> parser.feed(chunk, out::add));
    assertThat(parser.bufferedBytes()).isZero();
    return out;
  }

  /**
   * The message {@code input} holds, checked whole, byte by byte, split at every point and in
   * random chunks ({@link ProtocolFeeder#everyWay()}).
   */
  static SocksMessage parseEveryWay(Stage stage, byte[] input) {
    List<SocksMessage> whole =
        ProtocolFeeder.everyWay().sameResult(ByteString.of(input), split -> parse(stage, split));
    assertThat(whole).hasSize(1);
    return whole.get(0);
  }

  @Test
  void socks5GreetingListsTheOfferedMethods() throws Exception {
    var greeting = (SocksMessage.Socks5Greeting) parseEveryWay(Stage.GREETING, bytes(5, 2, 0, 2));
    assertThat(greeting.offers(SocksReplies.METHOD_NO_AUTH)).isTrue();
    assertThat(greeting.offers(SocksReplies.METHOD_USER_PASS)).isTrue();
    assertThat(greeting.offers(1)).isFalse();
  }

  @Test
  void socks4RequestHasAnIpv4DestinationAndUserId() throws Exception {
    byte[] input = concat(bytes(4, 1, 0x1f, 0x90, 93, 184, 216, 34), ascii("fred"), bytes(0));
    assertThat(parseEveryWay(Stage.GREETING, input))
        .isEqualTo(
            new SocksMessage.Socks4Request(
                1, new SocksDestination.Ip(InetAddress.ofLiteral("93.184.216.34"), 8080), "fred"));
  }

  @Test
  void socks4aRequestCarriesAHostName() throws Exception {
    byte[] input = concat(bytes(4, 1, 0, 80, 0, 0, 0, 7), bytes(0), ascii("example.com"), bytes(0));
    var request = (SocksMessage.Socks4Request) parseEveryWay(Stage.GREETING, input);
    assertThat(request.destination()).isEqualTo(new SocksDestination.Domain("example.com", 80));
    assertThat(request.userId()).isEmpty();
    assertThat(request.command()).contains(SocksCommand.CONNECT);
  }

  @Test
  void userPassMessageHoldsNameAndPassword() throws Exception {
    byte[] input = concat(bytes(1, 5), ascii("alice"), bytes(6), ascii("secret"));
    var login = (SocksMessage.Socks5UserPass) parseEveryWay(Stage.USER_PASS, input);
    assertThat(login.username()).isEqualTo("alice");
    assertThat(login.password()).isEqualTo(ByteString.utf8("secret"));
    assertThat(login.toString()).doesNotContain("secret");
  }

  @Test
  void socks5RequestsReadEachAddressType() throws Exception {
    assertThat(parseEveryWay(Stage.REQUEST, bytes(5, 1, 0, 1, 127, 0, 0, 1, 0, 80)))
        .isEqualTo(
            new SocksMessage.Socks5Request(
                1, new SocksDestination.Ip(InetAddress.ofLiteral("127.0.0.1"), 80)));
    byte[] v6 = concat(bytes(5, 1, 0, 4), new byte[15], bytes(1, 0x01, 0xbb));
    assertThat(parseEveryWay(Stage.REQUEST, v6))
        .isEqualTo(
            new SocksMessage.Socks5Request(
                1, new SocksDestination.Ip(InetAddress.ofLiteral("::1"), 443)));
    byte[] domain = concat(bytes(5, 1, 0, 3, 8), ascii("braid.de"), bytes(0, 21));
    assertThat(parseEveryWay(Stage.REQUEST, domain))
        .isEqualTo(new SocksMessage.Socks5Request(1, new SocksDestination.Domain("braid.de", 21)));
  }

  @Test
  void unknownCommandsAreReadSoTheServerCanRefuseThem() throws Exception {
    var bind =
        (SocksMessage.Socks5Request)
            parseEveryWay(Stage.REQUEST, bytes(5, 2, 0, 1, 1, 2, 3, 4, 0, 1));
    assertThat(bind.command()).contains(SocksCommand.BIND);
    var odd =
        (SocksMessage.Socks5Request)
            parseEveryWay(Stage.REQUEST, bytes(5, 9, 0, 1, 1, 2, 3, 4, 0, 1));
    assertThat(odd.command()).isEmpty();
  }

  @Test
  void bytesAfterTheRequestAreKeptForTheRelay() throws Exception {
    SocksParser parser = new SocksParser().expect(Stage.REQUEST);
    ByteBuffer data = ByteBuffer.wrap(concat(bytes(5, 1, 0, 1, 1, 2, 3, 4, 0, 80), ascii("GET /")));
    assertThat(parser.next(data)).isPresent();
    assertThat(ByteString.copyOf(data)).isEqualTo(ByteString.ascii("GET /"));
    assertThat(parser.bufferedBytes()).isZero();
  }

  private static void assertMalformed(
      Stage stage, byte[] input, String message, Socks5Reply reply) {
    SocksParser parser = new SocksParser().expect(stage);
    assertThatThrownBy(() -> parser.next(ByteBuffer.wrap(input)))
        .isInstanceOf(SocksProtocolException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((SocksProtocolException) e).reply()).isEqualTo(reply));
  }

  @Test
  void malformedMessagesAreRefusedWithAReason() {
    Socks5Reply general = Socks5Reply.GENERAL_FAILURE;
    assertMalformed(Stage.GREETING, bytes(6, 1, 0), "version byte 6", general);
    assertMalformed(Stage.GREETING, ascii("GET / HTTP/1.1\r\n"), "version byte 71", general);
    assertMalformed(Stage.GREETING, bytes(5, 0), "offers no authentication method", general);
    assertMalformed(Stage.USER_PASS, bytes(5, 1, 0x61, 1, 0x62), "must have version 1", general);
    assertMalformed(Stage.USER_PASS, bytes(1, 0, 1, 0x62), "empty user name", general);
    assertMalformed(Stage.USER_PASS, bytes(1, 1, 0xff, 1, 0x62), "not UTF-8", general);
    assertMalformed(Stage.REQUEST, bytes(4, 1, 0, 1, 1, 2, 3, 4, 0, 80), "version byte 4", general);
    assertMalformed(
        Stage.REQUEST, bytes(5, 1, 7, 1, 1, 2, 3, 4, 0, 80), "reserved byte 7", general);
    assertMalformed(
        Stage.REQUEST,
        bytes(5, 1, 0, 2, 1, 2, 3, 4, 0, 80),
        "unknown address type 2",
        Socks5Reply.ADDRESS_TYPE_NOT_SUPPORTED);
    assertMalformed(Stage.REQUEST, bytes(5, 1, 0, 3, 0, 0, 80), "empty host name", general);
    assertMalformed(
        Stage.REQUEST,
        concat(bytes(5, 1, 0, 3, 4), ascii("a\0b/"), bytes(0, 80)),
        "not a letter, digit",
        general);
    assertMalformed(
        Stage.GREETING,
        concat(bytes(4, 1, 0, 80, 0, 0, 0, 1, 0), ascii("evil host"), bytes(0)),
        "not a letter, digit",
        general);
  }

  @Test
  void aMessageGrowingPastTheLimitIsRefused() throws Exception {
    SocksParser parser = new SocksParser(300).expect(Stage.GREETING);
    assertThat(parser.next(ByteBuffer.wrap(bytes(4, 1, 0, 80, 1, 2, 3, 4)))).isEmpty();
    assertThat(parser.next(ByteBuffer.wrap(ascii("x".repeat(291)))))
        .as("299 bytes, still within the limit")
        .isEmpty();
    assertThatThrownBy(() -> parser.next(ByteBuffer.wrap(ascii("x"))))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessage("SOCKS handshake message longer than 300 bytes");
  }

  @Test
  void theParserStopsAtTheEndOfEachMessageAndTellsTheVersionOfARefusedOne() throws Exception {
    SocksParser parser = new SocksParser();
    ByteBuffer data = ByteBuffer.wrap(concat(bytes(5, 1, 2), bytes(1, 1, 0x61, 1, 0x62)));
    assertThat(parser.next(data)).containsInstanceOf(SocksMessage.Socks5Greeting.class);
    assertThat(data.remaining()).isEqualTo(5);
    assertThat(parser.expect(Stage.USER_PASS).next(data))
        .contains(new SocksMessage.Socks5UserPass("a", ByteString.ascii("b")));
    assertThat(data.hasRemaining()).isFalse();

    SocksParser bad = new SocksParser();
    assertThatThrownBy(() -> bad.next(ByteBuffer.wrap(bytes(4, 1, 0, 80, 0, 0, 0, 1, 0, 0x20, 0))))
        .isInstanceOf(SocksProtocolException.class);
    assertThat(bad.version()).isEqualTo(4);
    assertThatThrownBy(() -> bad.next(ByteBuffer.wrap(bytes(5, 1, 0))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLimitBelowTheLargestSocks5RequestIsRefused() {
    assertThatThrownBy(() -> new SocksParser(261)).isInstanceOf(IllegalArgumentException.class);
  }
}
