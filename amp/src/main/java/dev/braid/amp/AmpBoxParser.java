package dev.braid.amp;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.StreamParser;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Splits a byte stream into {@link AmpBox}es. Pure: no I/O, no threads; one parser per connection,
 * used by one thread at a time.
 *
 * <p>It is strict: a key longer than 255 bytes, a repeated key in one box, or a box beyond the
 * {@link AmpLimits} throws {@link AmpParseException}, after which the parser must not be fed again.
 * An empty box (a terminator with no keys) is returned as is; it is the protocol's job to reject
 * it.
 *
 * <p>Buffers: {@code data} is only read during the call; keys and values are copied into the boxes
 * returned.
 */
public final class AmpBoxParser implements StreamParser<AmpBox> {
  private enum State {
    KEY_LENGTH,
    KEY,
    VALUE_LENGTH,
    VALUE
  }

  private final AmpLimits limits;
  private State state = State.KEY_LENGTH;
  private int lengthHigh = -1;
  private byte[] current;
  private int filled;
  private ByteString key;
  private AmpBox.Builder box = AmpBox.builder();
  private long boxBytes;
  private boolean failed;

  /** A parser with {@code limits}. */
  public AmpBoxParser(AmpLimits limits) {
    this.limits = limits;
  }

  /** A parser with {@link AmpLimits#DEFAULTS}. */
  public AmpBoxParser() {
    this(AmpLimits.DEFAULTS);
  }

  /** The limits this parser enforces. */
  public AmpLimits limits() {
    return limits;
  }

  /**
   * Consumes bytes of {@code data} until one box is complete and returns it, leaving {@code data}'s
   * position just after the box; or consumes all of {@code data} and returns empty when no box is
   * complete yet. Call it again while {@code data} has bytes left.
   */
  @Override
  public Optional<AmpBox> next(ByteBuffer data) throws AmpParseException {
    if (failed) {
      throw new AmpParseException("the parser already failed; it cannot be fed again");
    }
    try {
      return step(data);
    } catch (AmpParseException e) {
      failed = true;
      throw e;
    }
  }

  /** The bytes of the unfinished box read so far (its keys and values are held as copies). */
  @Override
  public int bufferedBytes() {
    return (int) Math.min(boxBytes, Integer.MAX_VALUE);
  }

  /** True while part of a box has been read and not yet returned. */
  public boolean inBox() {
    return boxBytes > 0;
  }

  private Optional<AmpBox> step(ByteBuffer data) throws AmpParseException {
    while (data.hasRemaining()) {
      switch (state) {
        case KEY_LENGTH, VALUE_LENGTH -> {
          int b = data.get() & 0xFF;
          count(1);
          if (lengthHigh < 0) {
            lengthHigh = b;
            continue;
          }
          int length = (lengthHigh << 8) | b;
          lengthHigh = -1;
          if (state == State.KEY_LENGTH) {
            if (length == 0) {
              AmpBox done = box.build();
              box = AmpBox.builder();
              boxBytes = 0;
              return Optional.of(done);
            }
            if (length > AmpBox.MAX_KEY_LENGTH) {
              throw new AmpParseException(
                  "a key of " + length + " bytes; AMP keys are at most 255 bytes");
            }
            if (box.size() >= limits.maxKeysPerBox()) {
              throw new AmpParseException(
                  "a box with more than " + limits.maxKeysPerBox() + " keys");
            }
            state = State.KEY;
          } else {
            state = State.VALUE;
          }
          current = new byte[length];
          filled = 0;
          if (length == 0) {
            finishValue();
          }
        }
        case KEY, VALUE -> {
          int n = Math.min(current.length - filled, data.remaining());
          count(n);
          data.get(current, filled, n);
          filled += n;
          if (filled == current.length) {
            if (state == State.KEY) {
              key = ByteString.wrapOwned(current);
              current = null;
              state = State.VALUE_LENGTH;
            } else {
              finishValue();
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private void finishValue() throws AmpParseException {
    ByteString value = ByteString.wrapOwned(current);
    current = null;
    if (box.contains(key)) {
      throw new AmpParseException("the key " + key.utf8() + " appears twice in one box");
    }
    box.put(key, value);
    key = null;
    state = State.KEY_LENGTH;
  }

  private void count(int n) throws AmpParseException {
    boxBytes += n;
    if (boxBytes > limits.maxBoxBytes()) {
      throw new AmpParseException("a box of more than " + limits.maxBoxBytes() + " bytes");
    }
  }
}
