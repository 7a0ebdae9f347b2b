package dev.braid.mail.smtp.codec;

import dev.braid.bytes.ByteString;
import java.io.ByteArrayOutputStream;

/**
 * Reads the message a client sends after {@code DATA} (RFC 5321 4.1.1.4 and 4.5.2), line by line as
 * the line parser splits the stream at CRLF, so only {@code CRLF . CRLF} ends the message.
 *
 * <ul>
 *   <li><b>Dot-unstuffing:</b> a line that starts with a dot loses that dot; the line holding a
 *       single dot ends the message.
 *   <li><b>Bare CR and bare LF</b> inside a line are refused with {@link BareLineEndingException}
 *       (never normalised): a server that took {@code LF . LF} or {@code LF . CR LF} as the end
 *       would let a sender smuggle a second message past the server before it (SMTP smuggling). The
 *       caller answers with its reply and closes the connection.
 *   <li><b>Size:</b> the message's octets (CRLFs counted, stuffing dots not) are counted as they
 *       come; past {@code maxSize} the rest is read and thrown away, and {@link #tooBig()} says so
 *       at the end (the caller answers {@code 552 5.3.4}).
 * </ul>
 *
 * <p>Not thread-safe; one reader per message. Lines given to {@link #line} may be lent: they are
 * copied.
 */
public final class MessageReader {
  private static final byte[] CRLF = {'\r', '\n'};

  private final long maxSize;
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private long size;
  private boolean ended;

  /** A reader that keeps at most {@code maxSize} octets of message. */
  public MessageReader(long maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1, got " + maxSize);
    }
    this.maxSize = maxSize;
  }

  /**
   * Takes one line, without its CRLF. Returns true while the message goes on, false when this line
   * was the single dot that ends it.
   *
   * @throws BareLineEndingException if the line holds a CR or an LF
   * @throws IllegalStateException after the end
   */
  public boolean line(ByteString line) throws BareLineEndingException {
    if (ended) {
      throw new IllegalStateException("the message has ended");
    }
    int n = line.size();
    for (int i = 0; i < n; i++) {
      byte b = line.byteAt(i);
      if (b == '\n') {
        throw new BareLineEndingException("LF");
      }
      if (b == '\r') {
        throw new BareLineEndingException("CR");
      }
    }
    int start = 0;
    if (n > 0 && line.byteAt(0) == '.') {
      if (n == 1) {
        ended = true;
        return false;
      }
      start = 1;
    }
    size += n - start + 2;
    if (size <= maxSize) {
      byte[] bytes = line.toByteArray();
      message.write(bytes, start, n - start);
      message.write(CRLF, 0, 2);
    } else if (message.size() > 0) {
      message.reset(); // over the limit: nothing more is kept
    }
    return true;
  }

  /** True once the single dot arrived. */
  public boolean ended() {
    return ended;
  }

  /** The message's octets counted so far (also past the limit). */
  public long size() {
    return size;
  }

  /** True if the message is larger than the limit. */
  public boolean tooBig() {
    return size > maxSize;
  }

  /**
   * The message as received, unstuffed, every line ended with CRLF.
   *
   * @throws IllegalStateException before the end, or if the message was too big
   */
  public ByteString message() {
    if (!ended || tooBig()) {
      throw new IllegalStateException(ended ? "the message was too big" : "not ended yet");
    }
    return ByteString.wrapOwned(message.toByteArray());
  }
}
