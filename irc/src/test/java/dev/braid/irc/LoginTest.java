package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginTest {
  private static final IrcConfig CONFIG =
      IrcConfig.defaults()
          .withPortal(
              Portal.create(
                  Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("alice", "secret")))))
          .withOperators(Map.of("admin", InMemoryChecker.of(Map.of("admin", "root-pw"))));

  private static String plain(String user, String password) {
    return Base64.getEncoder()
        .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void saslPlainLogsInBeforeRegistrationAndWhoisShowsTheAccount() {
    var net = new TestNet(CONFIG);
    var c = net.connect().send("CAP LS 302");
    assertThat(c.take().getFirst()).endsWith(" account-notify sasl=PLAIN");
    c.send("NICK alice", "USER a 0 * :A", "CAP REQ :sasl", "AUTHENTICATE PLAIN");
    assertThat(c.take()).containsExactly(":braid.irc CAP alice ACK sasl", "AUTHENTICATE +");
    c.send("AUTHENTICATE " + plain("alice", "secret"));
    assertThat(c.take())
        .containsExactly(
            ":braid.irc 900 alice alice!a@192.0.2.7 alice :You are now logged in as alice",
            ":braid.irc 903 alice :SASL authentication successful");
    c.send("CAP END");
    assertThat(c.take().getFirst()).startsWith(":braid.irc 001 alice");
    var bob = net.register("bob");
    bob.send("WHOIS alice");
    assertThat(bob.take()).contains(":braid.irc 330 bob alice alice :is logged in as");
  }

  @Test
  void aWrongPasswordIsRefusedAfterTheDelayAndTooManyClose() {
    var net = new TestNet(CONFIG);
    var c = net.connect().send("CAP REQ sasl");
    c.take();
    for (int attempt = 1; attempt <= 3; attempt++) {
      c.send("AUTHENTICATE PLAIN", "AUTHENTICATE " + plain("alice", "wrong"));
      assertThat(c.take()).containsExactly("AUTHENTICATE +");
      net.clock.advance(Duration.ofSeconds(1));
      assertThat(c.take()).containsExactly(":braid.irc 904 * :SASL authentication failed");
    }
    assertThat(c.closed()).isTrue();
  }

  @Test
  void saslAbortsAndRefusesOtherMechanismsAndWithoutTheCap() {
    var net = new TestNet(CONFIG);
    var c = net.connect().send("AUTHENTICATE PLAIN", "CAP REQ sasl", "AUTHENTICATE SCRAM-SHA-256");
    assertThat(c.take())
        .containsExactly(
            ":braid.irc 904 * :SASL authentication failed",
            ":braid.irc CAP * ACK sasl",
            ":braid.irc 908 * PLAIN :are available SASL mechanisms",
            ":braid.irc 904 * :SASL authentication failed");
    c.send("AUTHENTICATE PLAIN", "AUTHENTICATE *");
    assertThat(c.take())
        .containsExactly("AUTHENTICATE +", ":braid.irc 906 * :SASL authentication aborted");
  }

  @Test
  void withoutAPortalSaslIsNotOffered() {
    var c = new TestNet().connect().send("CAP LS 302", "CAP REQ sasl");
    List<String> lines = c.take();
    assertThat(lines.get(0)).doesNotContain("sasl");
    assertThat(lines.get(1)).isEqualTo(":braid.irc CAP * NAK sasl");
  }

  @Test
  void operWithTheRightPasswordMayKill() {
    var net = new TestNet(CONFIG);
    var admin = net.register("root");
    var victim = net.register("victim");
    admin.send("KILL victim :spam");
    assertThat(admin.take())
        .containsExactly(":braid.irc 481 root :Permission Denied- You're not an IRC operator");
    admin.send("OPER admin wrong");
    net.clock.advance(Duration.ofSeconds(1));
    assertThat(admin.take()).containsExactly(":braid.irc 464 root :Password incorrect");
    admin.send("OPER admin root-pw");
    assertThat(admin.take())
        .containsExactly(
            ":braid.irc 381 root :You are now an IRC operator", ":braid.irc MODE root +o");
    admin.send("KILL victim :spam");
    assertThat(victim.take())
        .containsExactly(
            ":root!root@192.0.2.7 KILL victim spam",
            "ERROR :Closing link: 192.0.2.7 (Killed (root (spam)))");
    assertThat(victim.closed()).isTrue();
    assertThat(net.server.userCount()).isEqualTo(1);
  }

  @Test
  void anUnknownOperatorNameIsRefusedLikeAWrongPassword() {
    var net = new TestNet(CONFIG);
    var c = net.register("eve");
    c.send("OPER nobody x");
    assertThat(c.take()).isEmpty();
    net.clock.advance(Duration.ofSeconds(1));
    assertThat(c.take()).containsExactly(":braid.irc 464 eve :Password incorrect");
  }
}
