package dev.braid.irc;

import dev.braid.cred.Credentials;
import dev.braid.cred.CredentialsChecker;
import dev.braid.cred.UnauthorizedLogin;
import dev.braid.defer.Deferred;
import dev.braid.irc.codec.IrcMessage;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPER (an operator name and password, checked by that operator's configured checker, under the
 * connection's login limits) and KILL (operators only).
 */
final class Operators {
  private static final Logger LOG = LoggerFactory.getLogger(Operators.class);

  private Operators() {}

  static Deferred<?> oper(IrcConnection c, IrcMessage m) {
    if (m.params().size() < 2) {
      c.needMoreParams("OPER");
      return null;
    }
    String name = m.params().get(0);
    CredentialsChecker checker = c.config.operators().get(name);
    Credentials credentials = Credentials.UsernamePassword.of(name, m.params().get(1));
    return c.attemptLogin(
            () ->
                checker == null
                    ? Deferred.<String>fail(new UnauthorizedLogin("no operator " + name))
                    : checker.requestAvatarId(credentials, c.peer()))
        .addCallbacks(
            id -> {
              c.oper = true;
              LOG.info("{} ({}) is now operator {}", c.nick(), c.host(), name);
              c.numeric(Numeric.RPL_YOUREOPER, "You are now an IRC operator");
              c.send(IrcMessage.of("MODE", c.nick(), "+o").withSource(c.config.serverName()));
              return null;
            },
            error -> {
              c.numeric(Numeric.ERR_PASSWDMISMATCH, "Password incorrect");
              return null;
            });
  }

  static void kill(IrcConnection c, IrcMessage m) {
    if (!c.oper()) {
      c.numeric(Numeric.ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
      return;
    }
    if (m.params().isEmpty()) {
      c.needMoreParams("KILL");
      return;
    }
    Optional<IrcConnection> target = c.server.user(m.params().get(0));
    if (target.isEmpty()) {
      c.numeric(Numeric.ERR_NOSUCHNICK, m.params().get(0), "No such nick/channel");
      return;
    }
    String reason = m.param(1).filter(r -> !r.isEmpty()).orElse(c.nick());
    LOG.info("{} killed {}: {}", c.nick(), target.get().nick(), reason);
    target.get().send(c.from(IrcMessage.of("KILL", target.get().nick(), reason)).message());
    target.get().close("Killed (" + c.nick() + " (" + reason + "))");
  }
}
