package dev.braid.socks.codec;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.StreamParser;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads what a SOCKS client sends during the handshake, following the parser contract of {@link
 * StreamParser}. Pure: no I/O, no threads, no clock. The conversation decides what comes next, so
 * the caller says it with {@link #expect} (a new parser expects the {@link Stage#GREETING}), then
 * lends each buffer to {@link #next}: it takes the bytes of one message and no more, so once the
 * final request is read, what the client already sent after it (the start of the relayed stream) is
 * still in the caller's buffer.
 *
 * <p>Strict: a wrong version, a reserved byte that is not 0, an empty method list, a zero-length
 * name, a user name that is not UTF-8 or an unknown address type is a {@link
 * SocksProtocolException}; a message that grows past the limit without completing is a {@link
 * MessageTooLargeException}. After one, the parser yields nothing more.
 *
 * <p>Not thread-safe: one connection's thread only. The parser copies what it reads (at most the
 * limit) and never keeps the caller's buffer.
 */
public final class SocksParser implements StreamParser<SocksMessage> {
  /** The default limit of one handshake message, in bytes. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024;

  /** What the conversation expects next. */
  public enum Stage {
    /**
     * The first message: a SOCKS5 greeting or a SOCKS4/4a request (told apart by the version byte).
     */
    GREETING,
    /** The RFC 1929 user name/password message (after the server chose method 2). */
    USER_PASS,
    /** The SOCKS5 request. */
    REQUEST
  }

  private final int maxMessageSize;
  private Stage stage = Stage.GREETING;
  private byte[] buffer = new byte[64];
  private int length;
  private int version = -1;
  private SocksProtocolException failure;

  /** A parser with the default message size limit. */
  public SocksParser() {
    this(DEFAULT_MAX_MESSAGE_SIZE);
  }

  /**
   * A parser refusing any handshake message longer than {@code maxMessageSize} bytes (at least 262,
   * the size of the largest SOCKS5 request, so valid SOCKS5 always fits).
   */
  public SocksParser(int maxMessageSize) {
    if (maxMessageSize < 262) {
      throw new IllegalArgumentException(
          "maxMessageSize must be at least 262 bytes, got " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
  }

  /** The longest handshake message accepted, in bytes. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * Says which message the conversation expects next; {@link #next} reads messages of that stage
   * until this is called again.
   *
   * @throws IllegalStateException if part of a message of another stage is held
   */
  public SocksParser expect(Stage stage) {
    if (length > 0 && stage != this.stage) {
      throw new IllegalStateException(
          "cannot expect "
              + stage
              + " while "
              + length
              + " bytes of a "
              + this.stage
              + " are held");
    }
    this.stage = Objects.requireNonNull(stage, "stage");
    return this;
  }

  /** The stage whose messages {@link #next} reads. */
  public Stage stage() {
    return stage;
  }

  /**
   * The version byte (0 to 255) of the message being read, or of the one just refused; -1 when no
   * byte of the current message has been seen. A server tells a bad SOCKS4 greeting (answered with
   * a SOCKS4 rejection) from a bad SOCKS5 one by it.
   */
  public int version() {
    return version;
  }

  /** The bytes of an unfinished message held (at most the limit). */
  @Override
  public int bufferedBytes() {
    return length;
  }

  /**
   * Reads one message of the expected {@link #stage()} from what is held and the front of {@code
   * data}, taking its bytes and no more; or, when the message is not complete yet, takes all of
   * {@code data} and returns empty.
   *
   * @throws SocksProtocolException if the bytes cannot be that message; {@link
   *     MessageTooLargeException} if an incomplete message already reached the limit
   * @throws IllegalStateException if the parser already threw
   */
  @Override
  public Optional<SocksMessage> next(ByteBuffer data) throws SocksProtocolException {
    if (failure != null) {
      throw new IllegalStateException(
          "the SOCKS parser already refused the handshake (" + failure.getMessage() + ")", failure);
    }
    if (!data.hasRemaining()) {
      return Optional.empty();
    }
    try {
      return parse(data);
    } catch (SocksProtocolException e) {
      failure = e;
      throw e;
    }
  }

  /** Appends what the message can still take of {@code data} to what is held, and parses that. */
  private Optional<SocksMessage> parse(ByteBuffer data) throws SocksProtocolException {
    int held = length;
    int n = Math.min(data.remaining(), maxMessageSize - held);
    if (held + n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, held + n));
    }
    data.get(data.position(), buffer, held, n);
    length = held + n;
    version = buffer[0] & 0xff;
    Reader in = new Reader(buffer, 0, length);
    SocksMessage message;
    try {
      message = parse(in);
    } catch (Incomplete e) {
      if (length >= maxMessageSize) {
        throw new MessageTooLargeException(maxMessageSize);
      }
      data.position(data.position() + n);
      return Optional.empty();
    }
    data.position(data.position() + in.position - held);
    length = 0;
    version = -1;
    return Optional.of(message);
  }

  private SocksMessage parse(Reader in) throws SocksProtocolException {
    return switch (stage) {
      case GREETING -> greeting(in);
      case USER_PASS -> userPass(in);
      case REQUEST -> request(in);
    };
  }

  private static SocksMessage greeting(Reader in) throws SocksProtocolException {
    int version = in.u8();
    return switch (version) {
      case 4 -> socks4(in);
      case 5 -> {
        int count = in.u8();
        if (count == 0) {
          throw new SocksProtocolException("SOCKS5 greeting offers no authentication method");
        }
        yield new SocksMessage.Socks5Greeting(in.bytes(count));
      }
      default ->
          throw new SocksProtocolException(
              "not a SOCKS4 or SOCKS5 greeting: version byte " + version);
    };
  }

  private static SocksMessage socks4(Reader in) throws SocksProtocolException {
    int command = in.u8();
    int port = in.u16();
    byte[] ip = in.bytes(4).toByteArray();
    String userId = in.nulTerminated().decode(StandardCharsets.ISO_8859_1);
    SocksDestination destination;
    if (ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0) {
      ByteString host = in.nulTerminated();
      destination = new SocksDestination.Domain(hostName(host), port);
    } else {
      destination = new SocksDestination.Ip(address(ip), port);
    }
    return new SocksMessage.Socks4Request(command, destination, userId);
  }

  private static SocksMessage userPass(Reader in) throws SocksProtocolException {
    int version = in.u8();
    if (version != 1) {
      throw new SocksProtocolException(
          "user name/password sub-negotiation must have version 1, got " + version);
    }
    int userLength = in.u8();
    if (userLength == 0) {
      throw new SocksProtocolException("empty user name in the user name/password message");
    }
    String user = utf8(in.bytes(userLength));
    ByteString password = in.bytes(in.u8());
    return new SocksMessage.Socks5UserPass(user, password);
  }

  private static SocksMessage request(Reader in) throws SocksProtocolException {
    int version = in.u8();
    if (version != 5) {
      throw new SocksProtocolException("SOCKS5 request with version byte " + version);
    }
    int command = in.u8();
    int reserved = in.u8();
    if (reserved != 0) {
      throw new SocksProtocolException("SOCKS5 request with reserved byte " + reserved);
    }
    int type = in.u8();
    SocksDestination destination =
        switch (type) {
          case 1 -> {
            InetAddress address = address(in.bytes(4).toByteArray());
            yield new SocksDestination.Ip(address, in.u16());
          }
          case 3 -> {
            int n = in.u8();
            if (n == 0) {
              throw new SocksProtocolException("SOCKS5 request with an empty host name");
            }
            String host = hostName(in.bytes(n));
            yield new SocksDestination.Domain(host, in.u16());
          }
          case 4 -> {
            InetAddress address = address(in.bytes(16).toByteArray());
            yield new SocksDestination.Ip(address, in.u16());
          }
          default ->
              throw new SocksProtocolException(
                  "SOCKS5 request with unknown address type " + type,
                  Socks5Reply.ADDRESS_TYPE_NOT_SUPPORTED);
        };
    return new SocksMessage.Socks5Request(command, destination);
  }

  /**
   * The user name as UTF-8, strictly: bytes that are not UTF-8 are refused rather than replaced, so
   * that two different names can never decode to the same string.
   */
  private static String utf8(ByteString raw) throws SocksProtocolException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(raw.asByteBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      throw new SocksProtocolException("the user name is not UTF-8");
    }
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  /** A host name: letters, digits, '-', '.', '_' only (no NUL, spaces or control bytes). */
  private static String hostName(ByteString raw) throws SocksProtocolException {
    if (raw.isEmpty() || raw.size() > 255) {
      throw new SocksProtocolException("host name must have 1 to 255 bytes, got " + raw.size());
    }
    for (int i = 0; i < raw.size(); i++) {
      int b = raw.byteAt(i) & 0xff;
      boolean ok =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '.'
              || b == '_';
      if (!ok) {
        throw new SocksProtocolException(
            "host name has a byte that is not a letter, digit, '-', '.' or '_': 0x"
                + Integer.toHexString(b),
            Socks5Reply.GENERAL_FAILURE);
      }
    }
    return raw.decode(StandardCharsets.US_ASCII);
  }

  /** Thrown inside the parser when the message is not complete yet. */
  private static final class Incomplete extends RuntimeException {
    static final Incomplete INSTANCE = new Incomplete();

    private Incomplete() {
      super(null, null, false, false);
    }
  }

  /** Reads from the front of the buffer, throwing {@link Incomplete} at its end. */
  private static final class Reader {
    private final byte[] data;
    private final int limit;
    private int position;

    Reader(byte[] data, int position, int limit) {
      this.data = data;
      this.position = position;
      this.limit = limit;
    }

    int u8() {
      if (position >= limit) {
        throw Incomplete.INSTANCE;
      }
      return data[position++] & 0xff;
    }

    int u16() {
      return (u8() << 8) | u8();
    }

    ByteString bytes(int n) {
      if (limit - position < n) {
        throw Incomplete.INSTANCE;
      }
      ByteString result = ByteString.of(data, position, n);
      position += n;
      return result;
    }

    ByteString nulTerminated() {
      for (int i = position; i < limit; i++) {
        if (data[i] == 0) {
          ByteString result = ByteString.of(data, position, i - position);
          position = i + 1;
          return result;
        }
      }
      throw Incomplete.INSTANCE;
    }
  }
}
