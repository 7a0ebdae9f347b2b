package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessagingTest {
  TestNet net;
  TestNet.Client alice;
  TestNet.Client bob;

  @BeforeEach
  void twoUsersInOneChannel() {
    net = new TestNet();
    var both = net.inChannel("#c", "alice", "bob");
    alice = both.get(0);
    bob = both.get(1);
  }

  @Test
  void privmsgAndNoticeReachAUserByNickInAnyCase() {
    alice.send("PRIVMSG BOB :hi bob", "NOTICE bob :psst");
    assertThat(bob.take())
        .containsExactly(
            ":alice!alice@192.0.2.7 PRIVMSG bob :hi bob", ":alice!alice@192.0.2.7 NOTICE bob psst");
  }

  @Test
  void errorsAnswerPrivmsgButNeverNotice() {
    alice.send("PRIVMSG nobody :x", "PRIVMSG #none :x", "PRIVMSG", "PRIVMSG bob");
    assertThat(alice.take())
        .containsExactly(
            ":braid.irc 401 alice nobody :No such nick/channel",
            ":braid.irc 403 alice #none :No such channel",
            ":braid.irc 411 alice :No recipient given (PRIVMSG)",
            ":braid.irc 412 alice :No text to send");
    alice.send("NOTICE nobody :x", "NOTICE #none :x", "NOTICE", "NOTICE bob");
    assertThat(alice.take()).isEmpty();
  }

  @Test
  void moreTargetsThanTheLimitAreRefusedWith407() {
    var net = new TestNet(IrcConfig.defaults().withMaxTargets(2));
    var a = net.register("a");
    var b = net.register("b");
    a.send("PRIVMSG b,b :twice", "PRIVMSG b,b,b :thrice");
    assertThat(b.take()).hasSize(2);
    assertThat(a.take()).containsExactly(":braid.irc 407 a b,b,b :Too many targets; at most 2");
  }

  @Test
  void awayIsToldToSendersAndInWhoisAndToAwayNotifyPeers() {
    alice.send("CAP REQ away-notify");
    alice.take();
    bob.send("AWAY :lunch");
    assertThat(bob.take())
        .containsExactly(":braid.irc 306 bob :You have been marked as being away");
    assertThat(alice.take()).containsExactly(":bob!bob@192.0.2.7 AWAY lunch");
    alice.send("PRIVMSG bob :there?");
    assertThat(alice.take()).containsExactly(":braid.irc 301 alice bob lunch");
    alice.send("WHOIS bob");
    assertThat(alice.take()).contains(":braid.irc 301 alice bob lunch");
    bob.send("AWAY");
    assertThat(bob.take())
        .containsExactly(
            ":alice!alice@192.0.2.7 PRIVMSG bob there?",
            ":braid.irc 305 bob :You are no longer marked as being away");
    assertThat(alice.take()).containsExactly(":bob!bob@192.0.2.7 AWAY");
  }

  @Test
  void echoMessageSendsTheSenderItsOwnMessage() {
    alice.send("CAP REQ echo-message", "PRIVMSG #c :echo me", "PRIVMSG bob :and me");
    assertThat(alice.take())
        .containsExactly(
            ":braid.irc CAP alice ACK echo-message",
            ":alice!alice@192.0.2.7 PRIVMSG #c :echo me",
            ":alice!alice@192.0.2.7 PRIVMSG bob :and me");
  }

  @Test
  void serverTimeTagsWhatIsRelayed() {
    bob.send("CAP REQ server-time");
    bob.take();
    alice.send("PRIVMSG #c :now");
    assertThat(bob.take())
        .containsExactly("@time=2026-01-02T03:04:05.678Z :alice!alice@192.0.2.7 PRIVMSG #c now");
  }

  @Test
  void clientTagsReachOnlyMessageTagsClientsAndTagmsgToo() {
    var carol = net.register("carol");
    carol.send("JOIN #c");
    carol.take();
    bob.send("CAP REQ message-tags");
    alice.take();
    bob.take();
    alice.send("@+draft/react=\\:\\) PRIVMSG #c :tagged", "@+typing=active TAGMSG #c");
    assertThat(bob.take())
        .containsExactly(
            "@+draft/react=\\:) :alice!alice@192.0.2.7 PRIVMSG #c tagged",
            "@+typing=active :alice!alice@192.0.2.7 TAGMSG #c");
    assertThat(carol.take()).containsExactly(":alice!alice@192.0.2.7 PRIVMSG #c tagged");
  }

  @Test
  void aCrLfOrNulCannotBeSmuggledIntoWhatOthersReceive() {
    // A bare CR inside a line is refused; the line never reaches Bob as a second command.
    alice.transport.receive("PRIVMSG bob :hi\rQUIT\r\n");
    alice.settle();
    assertThat(alice.take())
        .containsExactly("ERROR :Closing link: 192.0.2.7 (Malformed line: a CR inside a line)");
    assertThat(bob.take())
        .containsExactly(":alice!alice@192.0.2.7 QUIT :Malformed line: a CR inside a line");
    // An escaped CR LF in a tag value stays escaped on the way out.
    var carol = net.register("carol");
    bob.send("CAP REQ message-tags");
    bob.take();
    carol.send("@+x=a\\r\\nQUIT PRIVMSG bob :y");
    assertThat(bob.take()).containsExactly("@+x=a\\r\\nQUIT :carol!carol@192.0.2.7 PRIVMSG bob y");
  }
}
