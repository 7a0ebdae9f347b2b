package dev.braid.web.http1;

import dev.braid.bytes.ByteString;
import dev.braid.web.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The state machine shared by {@link RequestParser} and {@link ResponseParser}: start line, field
 * lines, and body framing (fixed length, chunked, until close, or none). Subclasses parse the start
 * line and decide the framing from the head.
 *
 * <p>Lines end with CRLF only; a bare CR, a bare LF or a NUL anywhere in the head, a chunk line or
 * the trailers fails the message.
 */
abstract class MessageParser<E extends HttpEvent> {
  private enum State {
    START,
    HEADERS,
    BODY_START,
    FIXED,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    UNTIL_CLOSE,
    TUNNEL,
    FAILED
  }

  /** How the body of the message whose head was just parsed is framed. */
  enum Framing {
    NONE,
    FIXED,
    CHUNKED,
    UNTIL_CLOSE,
    TUNNEL,
    INTERIM
  }

  final HttpLimits limits;
  private State state = State.START;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean sawCr;
  private int blockBytes;
  private HttpHeaders.Builder fields;
  private int fieldCount;
  private Framing framing = Framing.NONE;
  private long remaining;
  private long bodyBytes;
  private long maxBody;
  private boolean paused;
  private HttpParseException failure;

  /** The event {@link #nextInternal} stops at, and the sink (made once) that takes it. */
  private E taken;

  private final Consumer<E> takeOne =
      event -> {
        taken = event;
        paused = true;
      };

  /** Host fields of the head being read, and the value of the last one. */
  int hostFields;

  String hostValue;

  /** Whether the head being read has a Content-Length or Transfer-Encoding field. */
  private boolean framingFields;

  MessageParser(HttpLimits limits) {
    this.limits = limits;
    this.maxBody = limits.maxBody();
  }

  /** Parses the start line in {@code line[0..length)} and remembers it for the head. */
  abstract void startLine(byte[] line, int length) throws HttpParseException;

  /**
   * Emits the head event built from the parsed start line and {@code headers}, and returns how its
   * body is framed (calling {@link #fixedLength} for a Content-Length body).
   */
  abstract Framing endOfHead(HttpHeaders headers, Consumer<? super E> sink)
      throws HttpParseException;

  /** Maps a request-side status to the one this parser reports. */
  abstract int status(int requestStatus);

  /** Whether empty lines before a start line are skipped (requests) or refused (responses). */
  abstract boolean skipsLeadingEmptyLines();

  /** Called after a message end, before the next start line. */
  void messageDone() {}

  @SuppressWarnings("unchecked")
  private void emit(Consumer<? super E> sink, HttpEvent event) {
    sink.accept((E) event);
  }

  final HttpParseException error(int requestStatus, String message) {
    return new HttpParseException(status(requestStatus), message);
  }

  final void fixedLength(long length) {
    this.remaining = length;
  }

  final void pauseInternal() {
    paused = true;
  }

  final void allowBodyInternal(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("negative body limit: " + maxBytes);
    }
    this.maxBody = maxBytes;
  }

  final boolean failed() {
    return state == State.FAILED;
  }

  final boolean tunnelled() {
    return state == State.TUNNEL;
  }

  final boolean readingUntilClose() {
    return state == State.UNTIL_CLOSE;
  }

  final boolean inProgress() {
    return state != State.START || lineLength > 0 || sawCr || blockBytes > 0;
  }

  /** Consumes {@code in} up to the end of the next event and returns it (empty: none yet). */
  final Optional<E> nextInternal(ByteBuffer in) throws HttpParseException {
    feedInternal(in, takeOne);
    E event = taken;
    taken = null;
    return Optional.ofNullable(event);
  }

  /**
   * The bytes of the head, chunk line or trailers being read that no event has reported yet (at
   * most the limit of what is being read; body bytes are never held).
   */
  final int bufferedBytesInternal() {
    return blockBytes + lineLength + (sawCr ? 1 : 0);
  }

  final void feedInternal(ByteBuffer in, Consumer<? super E> sink) throws HttpParseException {
    if (failure != null) {
      throw failure;
    }
    paused = false;
    try {
      while (!paused) {
        switch (state) {
          case START -> {
            if (!readLine(in, limits.maxStartLine() - blockBytes, 414)) {
              return;
            }
            if (lineLength == 0) {
              if (!skipsLeadingEmptyLines()) {
                throw error(400, "empty line before the start line");
              }
              blockBytes += 2;
              continue;
            }
            startLine(line, lineLength);
            lineLength = 0;
            blockBytes = 0;
            hostFields = 0;
            hostValue = null;
            framingFields = false;
            fields = HttpHeaders.builder();
            fieldCount = 0;
            state = State.HEADERS;
          }
          case HEADERS -> {
            if (!readLine(in, limits.maxHeaderBytes() - blockBytes - 2, 431)) {
              return;
            }
            blockBytes += lineLength + 2;
            if (lineLength > 0) {
              addField(431, limits.maxHeaderCount());
              continue;
            }
            HttpHeaders headers = fields.build();
            fields = null;
            blockBytes = 0;
            bodyBytes = 0;
            framing = endOfHead(headers, sink);
            state = State.BODY_START;
          }
          case BODY_START -> {
            switch (framing) {
              case NONE -> end(sink, MessageEnd.of());
              case FIXED -> {
                if (remaining > maxBody) {
                  throw error(413, "body of " + remaining + " bytes exceeds the limit " + maxBody);
                }
                state = State.FIXED;
              }
              case CHUNKED -> state = State.CHUNK_SIZE;
              case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
              case TUNNEL -> {
                end(sink, MessageEnd.of());
                state = State.TUNNEL;
              }
              case INTERIM -> state = State.START;
            }
          }
          case FIXED -> {
            if (remaining == 0) {
              end(sink, MessageEnd.of());
              continue;
            }
            if (!in.hasRemaining()) {
              return;
            }
            bodySlice(in, sink);
          }
          case CHUNK_SIZE -> {
            if (!readLine(in, limits.maxChunkLine(), 400)) {
              return;
            }
            long size = chunkSize();
            lineLength = 0;
            if (size == 0) {
              fields = HttpHeaders.builder();
              fieldCount = 0;
              blockBytes = 0;
              state = State.TRAILERS;
            } else {
              if (size > maxBody - bodyBytes) {
                throw error(413, "chunked body exceeds the limit " + maxBody);
              }
              remaining = size;
              state = State.CHUNK_DATA;
            }
          }
          case CHUNK_DATA -> {
            if (!in.hasRemaining()) {
              return;
            }
            bodySlice(in, sink);
            if (remaining == 0) {
              state = State.CHUNK_END;
            }
          }
          case CHUNK_END -> {
            if (!readLine(in, 0, 400)) {
              return;
            }
            state = State.CHUNK_SIZE;
          }
          case TRAILERS -> {
            if (!readLine(in, limits.maxTrailerBytes() - blockBytes - 2, 431)) {
              return;
            }
            blockBytes += lineLength + 2;
            if (lineLength > 0) {
              addField(431, limits.maxHeaderCount());
              continue;
            }
            HttpHeaders trailers = fields.build();
            fields = null;
            for (String forbidden : List.of("Content-Length", "Transfer-Encoding", "Host")) {
              if (trailers.contains(forbidden)) {
                throw error(400, forbidden + " is not allowed in trailers");
              }
            }
            end(sink, new MessageEnd(trailers));
          }
          case UNTIL_CLOSE -> {
            if (!in.hasRemaining()) {
              return;
            }
            ByteString data = ByteString.copyOf(in);
            emit(sink, new BodyChunk(data));
          }
          case TUNNEL -> {
            return;
          }
          case FAILED -> throw failure;
        }
      }
    } catch (HttpParseException e) {
      state = State.FAILED;
      failure = e;
      throw e;
    }
  }

  /** At the end of input: ends a body read until close; fails a message cut short. */
  final void endOfInputInternal(Consumer<? super E> sink) throws HttpParseException {
    if (failure != null) {
      throw failure;
    }
    if (state == State.UNTIL_CLOSE) {
      end(sink, MessageEnd.of());
      state = State.TUNNEL;
      return;
    }
    if (state == State.TUNNEL || !inProgress()) {
      return;
    }
    state = State.FAILED;
    failure = error(400, "connection closed in the middle of a message");
    throw failure;
  }

  private void end(Consumer<? super E> sink, MessageEnd end) {
    state = State.START;
    blockBytes = 0;
    remaining = 0;
    bodyBytes = 0;
    maxBody = limits.maxBody();
    messageDone();
    emit(sink, end);
  }

  private void bodySlice(ByteBuffer in, Consumer<? super E> sink) {
    int n = (int) Math.min(remaining, in.remaining());
    byte[] data = new byte[n];
    in.get(data);
    remaining -= n;
    bodyBytes += n;
    emit(sink, new BodyChunk(ByteString.wrapOwned(data)));
  }

  /**
   * Reads up to the end of a line into {@link #line}; returns false when the input ran out first.
   * {@code limit} is the most content bytes the line may hold, {@code status} the error if longer.
   */
  private boolean readLine(ByteBuffer in, int limit, int status) throws HttpParseException {
    int pos = in.position();
    int end = in.limit();
    if (sawCr) {
      if (pos == end) {
        return false;
      }
      if (in.get(pos) != '\n') {
        in.position(pos + 1);
        throw error(400, "bare CR (not followed by LF)");
      }
      in.position(pos + 1);
      sawCr = false;
      return true;
    }
    // Copy the input into the line a chunk at a time (a bulk copy, then a scan of a heap array, is
    // much cheaper than reading a direct buffer byte by byte) and look for the first CR, LF or NUL.
    // Only the content before it counts: the bytes copied after it are scratch, not consumed.
    int step = 64; // most lines are short: copy a little first, more while no end is found
    while (pos < end) {
      // content the limit allows, plus one for the terminator
      int room = (int) Math.min(Integer.MAX_VALUE, (long) limit - lineLength + 1);
      int chunk = Math.min(Math.min(end - pos, step), Math.max(room, 1));
      step = Math.min(step * 2, 4096);
      int space = line.length - lineLength;
      if (chunk > space) {
        if (space < 64) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + Math.min(chunk, 64)));
          space = line.length - lineLength;
        }
        chunk = Math.min(chunk, space);
      }
      in.get(pos, line, lineLength, chunk);
      int i = lineLength;
      int stop = lineLength + chunk;
      while (i < stop) {
        byte b = line[i];
        if ((b & 0xff) <= '\r' && (b == '\r' || b == '\n' || b == 0)) {
          break;
        }
        i++;
      }
      int content = i - lineLength;
      if (content > 0 && content > limit - lineLength) {
        in.position(pos + Math.max(0, limit - lineLength) + 1);
        throw error(status, status == 414 ? "request line too long" : "line too long");
      }
      lineLength = i;
      pos += content;
      if (i == stop) {
        continue;
      }
      byte b = line[i];
      pos++;
      in.position(pos);
      if (b == 0) {
        throw error(400, "NUL byte");
      }
      if (b == '\n') {
        throw error(400, "bare LF (line must end with CRLF)");
      }
      if (pos == end) {
        sawCr = true;
        return false;
      }
      if (in.get(pos) != '\n') {
        in.position(pos + 1);
        throw error(400, "bare CR (not followed by LF)");
      }
      in.position(pos + 1);
      return true;
    }
    in.position(end);
    return false;
  }

  /** The bytes {@code line[from..to)} as ISO-8859-1 text; the line itself is unchanged. */
  final String takeLine(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /**
   * Like {@link #takeLine}, but returns the shared constant from {@code known} when the bytes spell
   * one of them exactly (same case), so the common names and methods of every message cost no new
   * string.
   */
  final String takeKnown(int from, int to, String[] known) {
    int n = to - from;
    for (String k : known) {
      if (k.length() == n && sameBytes(k, from)) {
        return k;
      }
    }
    return takeLine(from, to);
  }

  private boolean sameBytes(String text, int from) {
    for (int i = 0; i < text.length(); i++) {
      if (line[from + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Field names most requests and responses carry, spelled as clients and servers send them. */
  static final String[] COMMON_FIELD_NAMES = {
    "Host",
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Connection",
    "Content-Length",
    "Content-Type",
    "Cookie",
    "Date",
    "Server",
    "Transfer-Encoding",
    "Cache-Control",
    "Upgrade-Insecure-Requests",
    "Referer",
    "Origin",
    "Authorization",
    "If-Modified-Since",
    "If-None-Match",
    "Range",
    "Expect",
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "connection",
    "content-length",
    "content-type"
  };

  static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.0"};

  private void addField(int status, int maxCount) throws HttpParseException {
    if (++fieldCount > maxCount) {
      throw error(status, "more than " + maxCount + " header fields");
    }
    byte first = line[0];
    if (first == ' ' || first == '\t') {
      throw error(400, "field line starts with whitespace (obsolete line folding)");
    }
    int colon = -1;
    for (int i = 0; i < lineLength; i++) {
      int c = line[i] & 0xff;
      if (c == ':') {
        colon = i;
        break;
      }
      if (!HttpHeaders.isTokenChar(c)) {
        throw error(400, "invalid character 0x" + Integer.toHexString(c) + " in a field name");
      }
    }
    if (colon <= 0) {
      throw error(400, colon == 0 ? "empty field name" : "field line without a colon");
    }
    int start = colon + 1;
    int end = lineLength;
    while (start < end && (line[start] == ' ' || line[start] == '\t')) {
      start++;
    }
    while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
      end--;
    }
    for (int i = start; i < end; i++) {
      if (!HttpHeaders.isValueChar(line[i] & 0xff)) {
        throw error(400, "control character in a field value");
      }
    }
    String name = takeKnown(0, colon, COMMON_FIELD_NAMES);
    String value = takeLine(start, end);
    fields.add(name, value);
    lineLength = 0;
    int n = name.length();
    if (n == 4 && name.equalsIgnoreCase("Host")) {
      hostFields++;
      hostValue = value;
    } else if ((n == 14 && name.equalsIgnoreCase("Content-Length"))
        || (n == 17 && name.equalsIgnoreCase("Transfer-Encoding"))) {
      framingFields = true;
    }
  }

  private long chunkSize() throws HttpParseException {
    long size = 0;
    int i = 0;
    while (i < lineLength && RequestTargets.isHex(line[i])) {
      if (size > (Long.MAX_VALUE >>> 4)) {
        throw error(400, "chunk size overflows");
      }
      size = (size << 4) | Character.digit(line[i], 16);
      i++;
    }
    if (i == 0) {
      throw error(400, "chunk size is not hexadecimal");
    }
    checkChunkExtensions(i);
    return size;
  }

  /** chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] ) */
  private void checkChunkExtensions(int from) throws HttpParseException {
    int i = from;
    while (true) {
      int next = skipWhitespace(i);
      if (next == lineLength) {
        if (next != i) {
          throw error(400, "whitespace at the end of a chunk line");
        }
        return;
      }
      i = next;
      if (line[i] != ';') {
        throw error(400, "invalid character after the chunk size");
      }
      i = skipWhitespace(i + 1);
      int nameStart = i;
      while (i < lineLength && HttpHeaders.isTokenChar(line[i] & 0xff)) {
        i++;
      }
      if (i == nameStart) {
        throw error(400, "empty chunk extension name");
      }
      int afterName = i;
      i = skipWhitespace(i);
      if (i < lineLength && line[i] == '=') {
        i = skipWhitespace(i + 1);
        if (i < lineLength && line[i] == '"') {
          i = quotedString(i + 1);
        } else {
          int valueStart = i;
          while (i < lineLength && HttpHeaders.isTokenChar(line[i] & 0xff)) {
            i++;
          }
          if (i == valueStart) {
            throw error(400, "empty chunk extension value");
          }
        }
      } else {
        i = afterName;
      }
    }
  }

  private int quotedString(int from) throws HttpParseException {
    int i = from;
    while (i < lineLength) {
      int c = line[i] & 0xff;
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        i++;
        if (i == lineLength || !HttpHeaders.isValueChar(line[i] & 0xff)) {
          throw error(400, "invalid quoted pair in a chunk extension");
        }
      } else if (!HttpHeaders.isValueChar(c)) {
        throw error(400, "control character in a chunk extension");
      }
      i++;
    }
    throw error(400, "unterminated quoted string in a chunk extension");
  }

  private int skipWhitespace(int from) {
    int i = from;
    while (i < lineLength && (line[i] == ' ' || line[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** Parses {@code HTTP/d.d}; 400 if malformed, 505 if neither 1.0 nor 1.1. */
  final HttpVersion version(String text) throws HttpParseException {
    if (text.length() != 8
        || !text.startsWith("HTTP/")
        || !isDigit(text.charAt(5))
        || text.charAt(6) != '.'
        || !isDigit(text.charAt(7))) {
      throw error(400, "malformed HTTP version");
    }
    if (text.equals("HTTP/1.1")) {
      return HttpVersion.HTTP_1_1;
    }
    if (text.equals("HTTP/1.0")) {
      return HttpVersion.HTTP_1_0;
    }
    throw error(505, "unsupported HTTP version " + text);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The framing given by Transfer-Encoding and Content-Length (RFC 9112 section 6.3), strictly: CL
   * with TE, several CL fields (even identical), a CL that is not only digits, and a TE other than
   * exactly {@code chunked} all fail; an unknown transfer coding fails with 501. {@code headers}
   * are those of the head just parsed.
   */
  final Framing bodyFraming(HttpHeaders headers, Framing otherwise) throws HttpParseException {
    if (!framingFields) {
      return otherwise; // neither field in this head: no need to look them up
    }
    List<String> te = headers.getAll("Transfer-Encoding");
    List<String> cl = headers.getAll("Content-Length");
    if (!te.isEmpty()) {
      if (!cl.isEmpty()) {
        throw error(400, "both Content-Length and Transfer-Encoding");
      }
      int count = 0;
      for (String value : te) {
        for (String coding : value.split(",", -1)) {
          String name = coding.strip();
          int semicolon = name.indexOf(';');
          String bare =
              (semicolon >= 0 ? name.substring(0, semicolon) : name)
                  .strip()
                  .toLowerCase(Locale.ROOT);
          if (bare.isEmpty()) {
            throw error(400, "empty transfer coding");
          }
          if (!List.of("chunked", "gzip", "x-gzip", "deflate", "compress", "identity")
              .contains(bare)) {
            throw error(501, "unsupported transfer coding \"" + name + '"');
          }
          count++;
        }
      }
      if (count != 1 || !te.get(0).strip().equalsIgnoreCase("chunked")) {
        throw error(400, "Transfer-Encoding must be exactly \"chunked\"");
      }
      return Framing.CHUNKED;
    }
    if (!cl.isEmpty()) {
      if (cl.size() > 1) {
        throw error(400, "more than one Content-Length field");
      }
      String value = cl.get(0);
      if (value.isEmpty() || value.length() > 18) {
        throw error(400, "invalid Content-Length");
      }
      long length = 0;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (!isDigit(c)) {
          throw error(400, "Content-Length is not only digits");
        }
        length = length * 10 + (c - '0');
      }
      fixedLength(length);
      return Framing.FIXED;
    }
    return otherwise;
  }
}
