package dev.braid.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one response head, written straight into an array sized in advance (no {@code
 * StringBuilder}, no intermediate {@code String}), and the constant pieces every head uses: status
 * lines, {@code Connection} fields. Header text is ISO-8859-1 (checked by the callers), so each
 * char is one byte. One instance per head; the constants are immutable and shared by all threads.
 */
final class HeadBytes {
  /** Body pieces up to this size go out in the same buffer as the head. */
  static final int JOIN_LIMIT = 8192;

  static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
  static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");

  /** {@code HTTP/1.1 <code> <reason>\r\n} for every code 100..999, built once. */
  private static final byte[][] STATUS_LINES = new byte[900][];

  static {
    for (int code = 100; code <= 999; code++) {
      STATUS_LINES[code - 100] =
          ascii("HTTP/1.1 " + code + " " + HttpStatus.reasonPhrase(code) + "\r\n");
    }
  }

  private final byte[] bytes;
  private int length;

  HeadBytes(int capacity) {
    this.bytes = new byte[capacity];
  }

  /** The status line of {@code code} (100..999), with its CRLF. */
  static byte[] statusLine(int code) {
    return STATUS_LINES[code - 100];
  }

  /** {@code name: value\r\n} as ISO-8859-1 bytes. */
  static byte[] fieldLine(String name, String value) {
    HeadBytes b = new HeadBytes(name.length() + value.length() + 4);
    b.putField(name, value);
    return b.bytes;
  }

  void put(byte[] data) {
    System.arraycopy(data, 0, bytes, length, data.length);
    length += data.length;
  }

  /** Copies the remaining bytes of {@code data}, consuming them. */
  void put(ByteBuffer data) {
    int n = data.remaining();
    data.get(bytes, length, n);
    length += n;
  }

  /** One encoded field line, {@code name: value\r\n}. Immutable, so shared between threads. */
  private record Line(String name, String value, byte[] bytes) {}

  /**
   * Recently encoded field lines by hash of name and value (a response's Content-Type, its
   * Content-Length for a fixed-size body, and so on repeat from request to request). Slots are
   * replaced racily, which is safe: a reader sees a whole immutable {@link Line} or another one.
   */
  private static final Line[] LINES = new Line[256];

  /**
   * Puts {@code name: value\r\n}, copying its bytes from {@link #LINES} when it was seen before.
   */
  void putFieldCached(String name, String value) {
    int slot = (name.hashCode() * 31 + value.hashCode()) & (LINES.length - 1);
    Line line = LINES[slot];
    if (line == null || !line.name.equals(name) || !line.value.equals(value)) {
      if (name.length() + value.length() > 200) {
        putField(name, value);
        return;
      }
      line = new Line(name, value, fieldLine(name, value));
      LINES[slot] = line;
    }
    put(line.bytes);
  }

  void putField(String name, String value) {
    putText(name);
    bytes[length++] = ':';
    bytes[length++] = ' ';
    putText(value);
    bytes[length++] = '\r';
    bytes[length++] = '\n';
  }

  private void putText(String text) {
    int n = text.length();
    int at = length;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      // as the ISO-8859-1 encoder does: a char it cannot encode becomes '?'
      bytes[at++] = c <= 0xff ? (byte) c : (byte) '?';
    }
    length = at;
  }

  /** The bytes written so far, wrapped (not copied). */
  ByteBuffer toBuffer() {
    return ByteBuffer.wrap(bytes, 0, length);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
