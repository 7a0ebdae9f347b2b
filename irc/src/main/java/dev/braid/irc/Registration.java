package dev.braid.irc;

import dev.braid.cred.Credentials;
import dev.braid.cred.LoginResult;
import dev.braid.defer.Deferred;
import dev.braid.irc.codec.IrcMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registration and the connection's own commands: CAP (LS 302, LIST, REQ, END), PASS, NICK, USER,
 * AUTHENTICATE (SASL PLAIN through the configured portal), PING, QUIT, and the welcome (001-005,
 * LUSERS, MOTD) once NICK, USER and CAP END are done.
 */
final class Registration {
  /** The largest SASL response, decoded: a user name, an identity and a password. */
  private static final int MAX_SASL = 1200;

  /** AUTHENTICATE's chunk: a line of exactly this many characters says more follow. */
  private static final int SASL_CHUNK = 400;

  private Registration() {}

  static void pass(IrcConnection c, IrcMessage m) {
    if (c.registered()) {
      c.numeric(Numeric.ERR_ALREADYREGISTERED, "You may not reregister");
    } else if (m.params().isEmpty()) {
      c.needMoreParams("PASS");
    }
    // A server password is not used: clients log in with SASL PLAIN.
  }

  static void nick(IrcConnection c, IrcMessage m) {
    Optional<String> wanted = m.param(0).filter(n -> !n.isEmpty());
    if (wanted.isEmpty()) {
      c.numeric(Numeric.ERR_NONICKNAMEGIVEN, "No nickname given");
      return;
    }
    String nick = wanted.get();
    if (!validNick(nick, c.config.nickLength())) {
      c.numeric(Numeric.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
      return;
    }
    if (nick.equals(c.nick())) {
      return;
    }
    if (!c.server.nickAvailable(nick, c)) {
      c.numeric(Numeric.ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
      return;
    }
    if (!c.registered()) {
      c.nick(nick);
      maybeWelcome(c);
      return;
    }
    String old = c.nick();
    var message = c.from(IrcMessage.of("NICK", nick));
    c.nick(nick);
    c.server.renameUser(c, old);
    c.sendToSelfAndPeers(message, null);
  }

  static void user(IrcConnection c, IrcMessage m) {
    if (c.registered() || c.hasUser()) {
      c.numeric(Numeric.ERR_ALREADYREGISTERED, "You may not reregister");
      return;
    }
    if (m.params().size() < 4) {
      c.needMoreParams("USER");
      return;
    }
    StringBuilder user = new StringBuilder();
    for (char ch : m.params().get(0).toCharArray()) {
      if (user.length() < 10
          && ((ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '-'
              || ch == '_'
              || ch == '.')) {
        user.append(ch);
      }
    }
    c.user(user.isEmpty() ? "user" : user.toString(), m.params().get(3));
    maybeWelcome(c);
  }

  static void ping(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty() || m.params().get(0).isEmpty()) {
      c.numeric(Numeric.ERR_NOORIGIN, "No origin specified");
      return;
    }
    c.send(
        IrcMessage.of("PONG", c.config.serverName(), m.params().get(0))
            .withSource(c.config.serverName()));
  }

  static void quit(IrcConnection c, IrcMessage m) {
    String reason = m.param(0).filter(r -> !r.isEmpty()).map(r -> "Quit: " + r).orElse("Quit");
    c.close(reason);
  }

  // --- CAP -------------------------------------------------------------------------------------

  static void cap(IrcConnection c, IrcMessage m) {
    String sub = m.param(0).orElse("").toUpperCase(Locale.ROOT);
    switch (sub) {
      case "LS" -> {
        if (!c.registered()) {
          c.capNegotiating = true;
        }
        boolean values = m.param(1).map(v -> v.compareTo("302") >= 0).orElse(false);
        List<String> offered = new ArrayList<>();
        for (Cap cap : Cap.values()) {
          if (cap == Cap.SASL && c.config.portal().isEmpty()) {
            continue;
          }
          offered.add(cap == Cap.SASL && values ? "sasl=PLAIN" : cap.wire());
        }
        capReply(c, "LS", String.join(" ", offered));
      }
      case "LIST" -> {
        List<String> enabled = new ArrayList<>();
        for (Cap cap : c.caps) {
          enabled.add(cap.wire());
        }
        capReply(c, "LIST", String.join(" ", enabled));
      }
      case "REQ" -> {
        if (!c.registered()) {
          c.capNegotiating = true;
        }
        String requested = m.param(1).orElse("").trim();
        List<Cap> add = new ArrayList<>();
        List<Cap> remove = new ArrayList<>();
        boolean ok = !requested.isEmpty();
        for (String word : requested.split(" +")) {
          boolean minus = word.startsWith("-");
          Optional<Cap> cap = Cap.named(minus ? word.substring(1) : word);
          if (cap.isEmpty() || (cap.get() == Cap.SASL && c.config.portal().isEmpty())) {
            ok = false;
          } else if (minus) {
            remove.add(cap.get());
          } else {
            add.add(cap.get());
          }
        }
        if (!ok) {
          capReply(c, "NAK", requested);
          return;
        }
        c.caps.addAll(add);
        c.caps.removeAll(remove);
        capReply(c, "ACK", requested);
      }
      case "END" -> {
        if (!c.registered() && c.capNegotiating) {
          c.capNegotiating = false;
          maybeWelcome(c);
        }
      }
      default ->
          c.numeric(Numeric.ERR_INVALIDCAPCMD, sub.isEmpty() ? "*" : sub, "Invalid CAP command");
    }
  }

  private static void capReply(IrcConnection c, String sub, String text) {
    c.send(IrcMessage.of("CAP", c.nick(), sub, text).withSource(c.config.serverName()));
  }

  // --- SASL ------------------------------------------------------------------------------------

  static Deferred<?> authenticate(IrcConnection c, IrcMessage m) {
    if (c.config.portal().isEmpty() || !c.has(Cap.SASL)) {
      c.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed");
      return null;
    }
    if (c.account.isPresent()) {
      c.numeric(Numeric.ERR_SASLALREADY, "You have already authenticated using SASL");
      return null;
    }
    String data = m.param(0).orElse("");
    if (data.isEmpty()) {
      c.needMoreParams("AUTHENTICATE");
      return null;
    }
    if (data.equals("*")) {
      saslReset(c);
      c.numeric(Numeric.ERR_SASLABORTED, "SASL authentication aborted");
      return null;
    }
    if (!c.saslStarted) {
      if (!data.equalsIgnoreCase("PLAIN")) {
        c.numeric(Numeric.RPL_SASLMECHS, "PLAIN", "are available SASL mechanisms");
        c.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed");
        return null;
      }
      c.saslStarted = true;
      c.send(IrcMessage.of("AUTHENTICATE", "+"));
      return null;
    }
    if (!data.equals("+")) {
      c.saslBuffer.append(data);
    }
    if (c.saslBuffer.length() > MAX_SASL * 4 / 3 + 4) {
      saslReset(c);
      c.numeric(Numeric.ERR_SASLTOOLONG, "SASL message too long");
      return null;
    }
    if (data.length() == SASL_CHUNK) {
      return null; // more to come
    }
    String encoded = c.saslBuffer.toString();
    saslReset(c);
    String[] parts;
    try {
      parts =
          new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).split("\0", -1);
    } catch (IllegalArgumentException e) {
      parts = new String[0];
    }
    if (parts.length != 3 || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
      c.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed");
      return null;
    }
    String username = parts[1];
    Credentials credentials = Credentials.UsernamePassword.of(username, parts[2]);
    return c.attemptLogin(
            () -> c.config.portal().orElseThrow().login(credentials, c.peer(), String.class))
        .addCallbacks(
            (LoginResult<String> result) -> {
              loggedIn(c, result.avatarId());
              return null;
            },
            error -> {
              c.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed");
              return null;
            });
  }

  private static void loggedIn(IrcConnection c, String account) {
    c.account = Optional.of(account);
    c.numeric(Numeric.RPL_LOGGEDIN, c.mask(), account, "You are now logged in as " + account);
    c.numeric(Numeric.RPL_SASLSUCCESS, "SASL authentication successful");
    if (c.registered()) {
      c.sendToSelfAndPeers(c.from(IrcMessage.of("ACCOUNT", account)), Cap.ACCOUNT_NOTIFY);
    }
  }

  private static void saslReset(IrcConnection c) {
    c.saslStarted = false;
    c.saslBuffer.setLength(0);
  }

  // --- the welcome ------------------------------------------------------------------------------

  private static void maybeWelcome(IrcConnection c) {
    if (c.registered() || c.nick().equals("*") || !c.hasUser() || c.capNegotiating) {
      return;
    }
    if (!c.server.nickAvailable(c.nick(), c)) {
      c.numeric(Numeric.ERR_NICKNAMEINUSE, c.nick(), "Nickname is already in use");
      c.nick("*");
      return;
    }
    c.completeRegistration();
    IrcConfig config = c.config;
    c.numeric(
        Numeric.RPL_WELCOME, "Welcome to the " + config.network() + " IRC Network " + c.mask());
    c.numeric(
        Numeric.RPL_YOURHOST,
        "Your host is " + config.serverName() + ", running version " + version());
    c.numeric(Numeric.RPL_CREATED, "This server was created " + c.server.createdText());
    c.numeric(Numeric.RPL_MYINFO, config.serverName(), version(), "io", "biklmnostv", "bklov");
    List<String> tokens = isupport(config);
    for (int i = 0; i < tokens.size(); i += 12) {
      List<String> params = new ArrayList<>(tokens.subList(i, Math.min(tokens.size(), i + 12)));
      params.add("are supported by this server");
      c.numeric(Numeric.RPL_ISUPPORT, params.toArray(String[]::new));
    }
    Queries.lusers(c, IrcMessage.of("LUSERS"));
    Queries.motd(c, IrcMessage.of("MOTD"));
  }

  /** The ISUPPORT (005) tokens: only what the server does. */
  static List<String> isupport(IrcConfig config) {
    return List.of(
        "AWAYLEN=" + config.awayLength(),
        "CASEMAPPING=" + config.caseMapping().token(),
        "CHANLIMIT=#:" + config.maxChannels(),
        "CHANMODES=b,k,l,imnst",
        "CHANNELLEN=" + config.channelLength(),
        "CHANTYPES=#",
        "KICKLEN=" + config.kickLength(),
        "MAXLIST=b:" + config.maxBans(),
        "MAXTARGETS=" + config.maxTargets(),
        "MODES=" + config.maxModes(),
        "NETWORK=" + config.network(),
        "NICKLEN=" + config.nickLength(),
        "PREFIX=(ov)@+",
        "TARGMAX=PRIVMSG:"
            + config.maxTargets()
            + ",NOTICE:"
            + config.maxTargets()
            + ",TAGMSG:"
            + config.maxTargets()
            + ",JOIN:,PART:,NAMES:,WHOIS:1,KICK:1,ISON:,USERHOST:5",
        "TOPICLEN=" + config.topicLength(),
        "UTF8ONLY");
  }

  private static String version() {
    String v = Registration.class.getPackage().getImplementationVersion();
    return "braid-" + (v == null ? "dev" : v);
  }

  /**
   * True if {@code nick} is a nickname: a letter or one of {@code []\`_^{|}}, then those, digits
   * and {@code -}, at most {@code max} long.
   */
  static boolean validNick(String nick, int max) {
    if (nick.isEmpty() || nick.length() > max) {
      return false;
    }
    for (int i = 0; i < nick.length(); i++) {
      char c = nick.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean special = "[]\\`_^{|}".indexOf(c) >= 0;
      boolean later = (c >= '0' && c <= '9') || c == '-';
      if (!(letter || special || (i > 0 && later))) {
        return false;
      }
    }
    return true;
  }
}
