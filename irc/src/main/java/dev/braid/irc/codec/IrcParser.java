package dev.braid.irc.codec;

import dev.braid.bytes.ByteString;
import dev.braid.irc.codec.IrcProtocolException.Reason;
import dev.braid.protocols.LineParser;
import dev.braid.protocols.LineTooLongException;
import dev.braid.protocols.StreamParser;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads IRC messages from a byte stream, on the parser contract ({@link StreamParser}): a line ends
 * at LF, with or without a CR before it (clients send both); empty lines are skipped (RFC 2812
 * section 2.3.1); every other line is one {@link IrcMessage}, read by {@link #parseLine}.
 *
 * <p>Text is UTF-8; bytes that are not UTF-8 (a client in Latin-1) become U+FFFD, so what the
 * server passes on is always UTF-8. After an {@link IrcProtocolException} the parser goes on with
 * the next line: IRC can skip a bad line (a server answers a too-long one and carries on, or
 * closes). Not thread-safe; one connection uses a parser.
 */
public final class IrcParser implements StreamParser<IrcMessage> {
  private final IrcLimits limits;
  private final LineParser lines;
  private final CharsetDecoder utf8 = newDecoder();

  /** A parser within {@code limits}. */
  public IrcParser(IrcLimits limits) {
    this.limits = limits;
    this.lines = new LineParser(limits.maxWholeLine() + 1, ByteString.ascii("\n"));
  }

  /** The limits of this parser. */
  public IrcLimits limits() {
    return limits;
  }

  @Override
  public Optional<IrcMessage> next(ByteBuffer data) throws IrcProtocolException {
    while (true) {
      Optional<ByteString> line;
      try {
        line = lines.next(data);
      } catch (LineTooLongException e) {
        throw tooLong();
      }
      if (line.isEmpty()) {
        return Optional.empty();
      }
      ByteString l = line.get();
      int size = l.size();
      if (size > 0 && l.byteAt(size - 1) == '\r') {
        l = l.substring(0, size - 1);
      } else if (size > limits.maxWholeLine()) {
        throw tooLong();
      }
      Optional<IrcMessage> message = parseLine(l, limits, utf8);
      if (message.isPresent()) {
        return message;
      }
    }
  }

  /** Gives {@code sink} every complete message of {@code data}, in order. */
  @Override
  public void feed(ByteBuffer data, Consumer<? super IrcMessage> sink) throws IrcProtocolException {
    Optional<IrcMessage> message;
    while ((message = next(data)).isPresent()) {
      sink.accept(message.get());
    }
  }

  @Override
  public int bufferedBytes() {
    return lines.bufferedBytes();
  }

  /**
   * Reads one line, its line ending already taken off; empty for a line of nothing but spaces.
   *
   * @throws IrcProtocolException for a line over a limit or one that is not a message
   */
  public static Optional<IrcMessage> parseLine(ByteString line, IrcLimits limits)
      throws IrcProtocolException {
    return parseLine(line, limits, newDecoder());
  }

  private static Optional<IrcMessage> parseLine(
      ByteString line, IrcLimits limits, CharsetDecoder utf8) throws IrcProtocolException {
    int size = line.size();
    for (int i = 0; i < size; i++) {
      byte b = line.byteAt(i);
      if (b == 0 || b == '\r' || b == '\n') {
        throw new IrcProtocolException(
            Reason.MALFORMED, b == 0 ? "a NUL in a line" : "a CR inside a line");
      }
    }
    int at = skipSpaces(line, 0);
    if (at == size) {
      return Optional.empty();
    }
    Map<String, String> tags = Map.of();
    if (line.byteAt(at) == '@') {
      int end = indexOfSpace(line, at);
      int tagsLength = end - at + 1;
      if (tagsLength > limits.maxTagsLength()) {
        throw new IrcProtocolException(
            Reason.TAGS_TOO_LONG, "tags longer than " + limits.maxTagsLength() + " bytes");
      }
      tags = tags(decode(utf8, line.substring(at + 1, end)));
      at = skipSpaces(line, end);
    }
    if (size - at + 2 > limits.maxLineLength()) {
      throw new IrcProtocolException(
          Reason.LINE_TOO_LONG, "a line longer than " + limits.maxLineLength() + " bytes");
    }
    String text = decode(utf8, line.substring(at, size));
    int pos = 0;
    Optional<String> source = Optional.empty();
    if (text.startsWith(":")) {
      int end = indexOf(text, ' ', 0);
      if (end == 1) {
        throw new IrcProtocolException(Reason.MALFORMED, "an empty source");
      }
      source = Optional.of(text.substring(1, end));
      pos = skipSpaces(text, end);
    }
    int end = indexOf(text, ' ', pos);
    String command = text.substring(pos, end);
    if (!IrcMessage.validCommand(command)) {
      throw new IrcProtocolException(
          Reason.MALFORMED,
          command.isEmpty() ? "no command" : "a command is letters, or three digits");
    }
    List<String> params = new ArrayList<>();
    pos = skipSpaces(text, end);
    while (pos < text.length()) {
      if (text.charAt(pos) == ':' || params.size() == limits.maxParams() - 1) {
        params.add(text.substring(text.charAt(pos) == ':' ? pos + 1 : pos));
        break;
      }
      end = indexOf(text, ' ', pos);
      params.add(text.substring(pos, end));
      pos = skipSpaces(text, end);
    }
    return Optional.of(
        new IrcMessage(tags, source, command.toUpperCase(java.util.Locale.ROOT), params));
  }

  private static Map<String, String> tags(String text) throws IrcProtocolException {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : text.split(";", -1)) {
      int eq = tag.indexOf('=');
      String key = eq < 0 ? tag : tag.substring(0, eq);
      if (!IrcTags.validKey(key)) {
        throw new IrcProtocolException(
            Reason.MALFORMED, key.isEmpty() ? "an empty tag name" : "not a tag name: " + key);
      }
      tags.put(key, eq < 0 ? "" : IrcTags.unescape(tag.substring(eq + 1)));
    }
    return tags;
  }

  private static CharsetDecoder newDecoder() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  private static String decode(CharsetDecoder utf8, ByteString bytes) {
    try {
      CharBuffer chars = utf8.reset().decode(bytes.asByteBuffer());
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder threw", e);
    }
  }

  private static IrcProtocolException tooLong() {
    return new IrcProtocolException(Reason.LINE_TOO_LONG, "a line too long to be a message");
  }

  private static int skipSpaces(ByteString line, int from) {
    while (from < line.size() && line.byteAt(from) == ' ') {
      from++;
    }
    return from;
  }

  private static int indexOfSpace(ByteString line, int from) {
    int space = line.indexOf((byte) ' ', from);
    return space < 0 ? line.size() : space;
  }

  private static int skipSpaces(String text, int from) {
    while (from < text.length() && text.charAt(from) == ' ') {
      from++;
    }
    return from;
  }

  private static int indexOf(String text, char c, int from) {
    int i = text.indexOf(c, from);
    return i < 0 ? text.length() : i;
  }
}
