package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {
  @Test
  void aClientThatDoesNotReadIsDroppedWhenItsSendQueueIsFull() {
    var net = new TestNet(IrcConfig.defaults().withSendQueue(4096));
    var both = net.inChannel("#c", "alice", "bob");
    var alice = both.get(0);
    var bob = both.get(1);
    bob.transport.setPeerStalled(true);
    String text = "x".repeat(400);
    for (int i = 0; i < 14 && !bob.closed(); i++) {
      alice.send("PRIVMSG #c :" + text);
    }
    assertThat(bob.transport.aborted()).isTrue();
    assertThat(bob.transport.bufferedBytes()).isLessThanOrEqualTo(4096 + 512);
    bob.settle();
    assertThat(alice.take()).containsExactly(":bob!bob@192.0.2.7 QUIT :SendQ exceeded");
    assertThat(net.server.userCount()).isEqualTo(1);
  }

  @Test
  void floodControlReadsOneLinePerIntervalAfterTheBurst() {
    var net =
        new TestNet(
            IrcConfig.defaults().withFloodBurst(3).withFloodInterval(Duration.ofSeconds(1)));
    var c = net.connect();
    c.transport.receive("PING 1\r\nPING 2\r\nPING 3\r\nPING 4\r\nPING 5\r\n");
    assertThat(c.take()).hasSize(3).last().isEqualTo(":braid.irc PONG braid.irc 3");
    assertThat(c.transport.readingPaused()).isTrue();
    net.clock.advance(Duration.ofMillis(999));
    assertThat(c.take()).isEmpty();
    net.clock.advance(Duration.ofMillis(1));
    assertThat(c.take()).containsExactly(":braid.irc PONG braid.irc 4");
    net.clock.advance(Duration.ofSeconds(1));
    assertThat(c.take()).containsExactly(":braid.irc PONG braid.irc 5");
    net.clock.advance(Duration.ofSeconds(5));
    assertThat(c.transport.readingPaused()).isFalse();
  }

  @Test
  void aUserCannotJoinMoreChannelsThanTheLimit() {
    var net = new TestNet(IrcConfig.defaults().withMaxChannels(2));
    var alice = net.register("alice");
    alice.send("JOIN #a,#b,#c");
    assertThat(alice.take()).contains(":braid.irc 405 alice #c :You have joined too many channels");
    assertThat(net.server.channelCount()).isEqualTo(2);
  }

  @Test
  void aLineOver512BytesGets417AndTheConnectionGoesOn() {
    var net = new TestNet();
    var alice = net.register("alice");
    alice.send("PRIVMSG alice :" + "x".repeat(510), "PING ok");
    assertThat(alice.take())
        .containsExactly(
            ":braid.irc 417 alice :Input line was too long", ":braid.irc PONG braid.irc ok");
    alice.send("@+a=" + "v".repeat(8200) + " PING x");
    assertThat(alice.take()).containsExactly(":braid.irc 417 alice :Input line was too long");
    assertThat(alice.closed()).isFalse();
  }

  @Test
  void aLineLongerThanTagsAndMessageTogetherIsAnsweredAndClosed() {
    var net = new TestNet();
    var alice = net.register("alice");
    alice.send("PRIVMSG alice :" + "x".repeat(9000));
    assertThat(alice.take()).containsExactly(":braid.irc 417 * :Input line was too long");
    assertThat(alice.closed()).isTrue();
  }

  @Test
  void aNulInALineIsAnErrorAndTheConnectionCloses() {
    var net = new TestNet();
    var c = net.connect().send("NICK a\0b");
    assertThat(c.take())
        .containsExactly("ERROR :Closing link: 192.0.2.7 (Malformed line: a NUL in a line)");
    assertThat(c.closed()).isTrue();
  }

  @Test
  void everyLimitHasADefaultAndRefusesNonsense() {
    IrcConfig defaults = IrcConfig.defaults();
    assertThat(defaults.sendQueue()).isEqualTo(256 * 1024);
    assertThat(defaults.codec().maxLineLength()).isEqualTo(512);
    assertThat(defaults.codec().maxTagsLength()).isEqualTo(8191);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.withMaxTargets(0))
        .hasMessageContaining("maxTargets must be at least 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.withServerName("nodot"))
        .hasMessageContaining("a server name is one word with a dot");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> defaults.withPingTimeout(Duration.ZERO))
        .hasMessageContaining("pingTimeout must be positive");
  }
}
