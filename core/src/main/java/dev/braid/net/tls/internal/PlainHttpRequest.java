package dev.braid.net.tls.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Tells a plain HTTP/1.x request line from garbage where a TLS server expected its ClientHello, and
 * the 400 answer that tells the client to use https (for {@code TlsOptions.PlainHttp.ANSWER_400}).
 * Pure: reads a buffer, keeps nothing.
 */
final class PlainHttpRequest {
  /** The longest request line waited for; a longer one is not answered, only closed. */
  static final int MAX_REQUEST_LINE = 8192;

  /** The longest method name (the longest registered ones have 17 letters). */
  private static final int MAX_METHOD = 20;

  private static final byte[] ANSWER =
      answer(
          "400 Bad Request: this port speaks HTTPS, and a plain HTTP request was sent to it."
              + " Use https:// in the URL.\n");

  private PlainHttpRequest() {}

  /** What the bytes received so far are. */
  enum Verdict {
    /** Not enough bytes to tell. */
    UNDECIDED,
    /** A whole HTTP/1.0 or HTTP/1.1 request line. */
    REQUEST_LINE,
    /** Not an HTTP request line. */
    OTHER
  }

  /**
   * Looks at {@code received} from index 0 to its position (the bytes received so far): a method of
   * upper-case letters, a space, a target without spaces or control bytes, a space, and {@code
   * HTTP/1.0} or {@code HTTP/1.1} before the line's end (LF or CR LF).
   */
  static Verdict check(ByteBuffer received) {
    int have = received.position();
    int i = 0;
    while (i < have && i <= MAX_METHOD && isUpper(received.get(i))) {
      i++;
    }
    if (i == have) {
      return i <= MAX_METHOD ? Verdict.UNDECIDED : Verdict.OTHER;
    }
    if (i == 0 || received.get(i) != ' ') {
      return Verdict.OTHER;
    }
    int targetStart = i + 1;
    int j = targetStart;
    while (j < have && j < MAX_REQUEST_LINE && isTargetByte(received.get(j))) {
      j++;
    }
    if (j == have) {
      return have < MAX_REQUEST_LINE ? Verdict.UNDECIDED : Verdict.OTHER;
    }
    if (j == targetStart || received.get(j) != ' ') {
      return Verdict.OTHER;
    }
    byte[] version = "HTTP/1.x".getBytes(StandardCharsets.US_ASCII);
    for (int k = 0; k < version.length; k++) {
      int at = j + 1 + k;
      if (at >= have) {
        return Verdict.UNDECIDED;
      }
      byte b = received.get(at);
      boolean ok = k == version.length - 1 ? b == '0' || b == '1' : b == version[k];
      if (!ok) {
        return Verdict.OTHER;
      }
    }
    int end = j + 1 + version.length;
    if (end >= have) {
      return Verdict.UNDECIDED;
    }
    byte next = received.get(end);
    if (next == '\n') {
      return Verdict.REQUEST_LINE;
    }
    if (next != '\r') {
      return Verdict.OTHER;
    }
    if (end + 1 >= have) {
      return Verdict.UNDECIDED;
    }
    return received.get(end + 1) == '\n' ? Verdict.REQUEST_LINE : Verdict.OTHER;
  }

  /** A fresh buffer holding the 400 response (with {@code Connection: close}). */
  static ByteBuffer answer() {
    return ByteBuffer.wrap(ANSWER.clone());
  }

  private static byte[] answer(String body) {
    byte[] text = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 400 Bad Request\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: "
            + text.length
            + "\r\n"
            + "Connection: close\r\n"
            + "\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + text.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(text, 0, all, headBytes.length, text.length);
    return all;
  }

  private static boolean isUpper(byte b) {
    return b >= 'A' && b <= 'Z';
  }

  /** A byte of a request target: visible ASCII or above (no space, no control byte). */
  private static boolean isTargetByte(byte b) {
    return (b & 0xff) > 0x20 && b != 0x7f;
  }
}
