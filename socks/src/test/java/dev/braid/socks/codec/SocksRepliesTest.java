package dev.braid.socks.codec;

import static dev.braid.socks.codec.SocksBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

@BraidTest
class SocksRepliesTest {
  @Test
  void socks5RepliesCarryTheBoundAddressOfEitherFamily() {
    assertThat(
            SocksReplies.socks5(
                Socks5Reply.SUCCEEDED,
                new InetSocketAddress(InetAddress.ofLiteral("10.1.2.3"), 0x1234)))
        .isEqualTo(ByteString.of(bytes(5, 0, 0, 1, 10, 1, 2, 3, 0x12, 0x34)));
    ByteString v6 =
        SocksReplies.socks5(
            Socks5Reply.SUCCEEDED, new InetSocketAddress(InetAddress.ofLiteral("::1"), 80));
    assertThat(v6.size()).isEqualTo(22);
    assertThat(v6.byteAt(3)).isEqualTo((byte) 4);
    assertThat(SocksReplies.socks5(Socks5Reply.NOT_ALLOWED))
        .isEqualTo(ByteString.of(bytes(5, 2, 0, 1, 0, 0, 0, 0, 0, 0)));
  }

  @Test
  void socks4RepliesStartWithAZeroVersionByte() {
    assertThat(SocksReplies.socks4(Socks4Reply.REJECTED))
        .isEqualTo(ByteString.of(bytes(0, 91, 0, 0, 0, 0, 0, 0)));
    assertThat(
            SocksReplies.socks4(
                Socks4Reply.GRANTED, new InetSocketAddress(InetAddress.ofLiteral("::1"), 80)))
        .isEqualTo(ByteString.of(bytes(0, 90, 0, 80, 0, 0, 0, 0)));
  }

  @Test
  void methodSelectionAndLoginStatus() {
    assertThat(SocksReplies.methodSelection(SocksReplies.METHOD_NONE_ACCEPTABLE))
        .isEqualTo(ByteString.of(bytes(5, 0xff)));
    assertThat(SocksReplies.userPassStatus(true)).isEqualTo(ByteString.of(bytes(1, 0)));
    assertThat(SocksReplies.userPassStatus(false)).isEqualTo(ByteString.of(bytes(1, 1)));
  }
}
