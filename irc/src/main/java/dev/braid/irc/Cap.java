package dev.braid.irc;

import java.util.Optional;

/** The IRCv3 capabilities the server offers (CAP LS), by their names on the wire. */
enum Cap {
  /** Tags on messages, and client-only tags ({@code +name}) passed on to other clients. */
  MESSAGE_TAGS("message-tags"),
  /** A {@code time} tag on what the server relays. */
  SERVER_TIME("server-time"),
  /** The sender gets its own PRIVMSG and NOTICE back. */
  ECHO_MESSAGE("echo-message"),
  /** Every prefix of a member in NAMES and WHO ({@code @+alice}), not just the highest. */
  MULTI_PREFIX("multi-prefix"),
  /** AWAY messages of the people in one's channels. */
  AWAY_NOTIFY("away-notify"),
  /** ACCOUNT messages when the people in one's channels log in. */
  ACCOUNT_NOTIFY("account-notify"),
  /** SASL logins (PLAIN), offered when the server has a portal. */
  SASL("sasl");

  private final String wire;

  Cap(String wire) {
    this.wire = wire;
  }

  /** The name in CAP messages. */
  String wire() {
    return wire;
  }

  /** The capability named {@code name}, if the server has it. */
  static Optional<Cap> named(String name) {
    for (Cap cap : values()) {
      if (cap.wire.equals(name)) {
        return Optional.of(cap);
      }
    }
    return Optional.empty();
  }
}
