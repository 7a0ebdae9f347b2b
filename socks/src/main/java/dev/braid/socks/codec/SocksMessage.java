package dev.braid.socks.codec;

import dev.braid.bytes.ByteString;
import java.util.Objects;
import java.util.Optional;

/** A message a SOCKS client sends, as {@link SocksParser} reads it. Immutable values. */
public sealed interface SocksMessage {
  /**
   * A SOCKS4 or SOCKS4a request: {@code VN=4 CD DSTPORT DSTIP USERID NUL [HOST NUL]}. A SOCKS4a
   * request (DSTIP 0.0.0.x, x not 0) carries a {@link SocksDestination.Domain}.
   *
   * @param commandCode the CD byte (1 CONNECT, 2 BIND)
   * @param userId the USERID field, as ISO-8859-1 text (often empty)
   */
  record Socks4Request(int commandCode, SocksDestination destination, String userId)
      implements SocksMessage {
    /** Checks that no part is null. */
    public Socks4Request {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(userId, "userId");
    }

    /** The command, if the code names one. */
    public Optional<SocksCommand> command() {
      return SocksCommand.ofCode(commandCode);
    }
  }

  /**
   * A SOCKS5 greeting: {@code VER=5 NMETHODS METHODS}, the authentication methods the client offers
   * (see {@link SocksReplies#METHOD_NO_AUTH} and {@link SocksReplies#METHOD_USER_PASS}).
   */
  record Socks5Greeting(ByteString methods) implements SocksMessage {
    /** Checks that no part is null. */
    public Socks5Greeting {
      Objects.requireNonNull(methods, "methods");
    }

    /** True if the client offers {@code method}. */
    public boolean offers(int method) {
      return methods.indexOf((byte) method, 0) >= 0;
    }
  }

  /**
   * The RFC 1929 user name/password sub-negotiation: {@code VER=1 ULEN UNAME PLEN PASSWD}. {@link
   * #toString()} hides the password.
   */
  record Socks5UserPass(String username, ByteString password) implements SocksMessage {
    /** Checks that no part is null. */
    public Socks5UserPass {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Socks5UserPass[username=" + username + ", password=<hidden>]";
    }
  }

  /**
   * A SOCKS5 request: {@code VER=5 CMD RSV=0 ATYP DST.ADDR DST.PORT}.
   *
   * @param commandCode the CMD byte; codes that name no command are read too, so that the server
   *     can answer "command not supported"
   */
  record Socks5Request(int commandCode, SocksDestination destination) implements SocksMessage {
    /** Checks that no part is null. */
    public Socks5Request {
      Objects.requireNonNull(destination, "destination");
    }

    /** The command, if the code names one. */
    public Optional<SocksCommand> command() {
      return SocksCommand.ofCode(commandCode);
    }
  }
}
