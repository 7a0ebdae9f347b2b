package dev.braid.pb.banana;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.StreamParser;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Splits a byte stream into top-level Banana expressions. Pure: no I/O, no threads; one parser per
 * connection, used by one thread at a time.
 *
 * <p>Each token is a prefix of bytes below 0x80 (a base-128 number, least significant digit first)
 * and a type byte: a list of that many items, an integer (positive or negative, small or long), a
 * string of that many bytes, a float (8 bytes after the type byte), or a vocabulary word. Input
 * beyond the {@link BananaLimits} or with an unknown type byte throws {@link BananaException},
 * after which the parser must not be fed again. Vocabulary tokens are refused until {@link
 * #useVocabulary()} (the {@code pb} dialect) is on.
 *
 * <p>Buffers: {@code data} is only read during the call; strings are copied into the items
 * returned.
 */
public final class BananaParser implements StreamParser<BananaItem> {
  static final int LIST = 0x80;
  static final int INT = 0x81;
  static final int STRING = 0x82;
  static final int NEG = 0x83;
  static final int FLOAT = 0x84;
  static final int LONGINT = 0x85;
  static final int LONGNEG = 0x86;
  static final int VOCAB = 0x87;

  private static final class Open {
    final int expected;
    final List<BananaItem> items;

    Open(int expected) {
      this.expected = expected;
      this.items = new ArrayList<>(Math.min(expected, 64));
    }
  }

  private final BananaLimits limits;
  private final byte[] prefix;
  private int prefixLength;
  private boolean vocabulary;
  private int pendingType = -1;
  private byte[] body;
  private int bodyFilled;
  private final Deque<Open> open = new ArrayDeque<>();
  private long expressionBytes;
  private long items;
  private boolean failed;

  /** A parser with {@code limits}, vocabulary off (the dialect is not chosen yet). */
  public BananaParser(BananaLimits limits) {
    this.limits = limits;
    this.prefix = new byte[limits.maxPrefixLength()];
  }

  /** A parser with the default limits. */
  public BananaParser() {
    this(BananaLimits.defaults());
  }

  /** The limits this parser enforces. */
  public BananaLimits limits() {
    return limits;
  }

  /** Accepts vocabulary tokens from now on: the peers chose the {@code pb} dialect. */
  public void useVocabulary() {
    vocabulary = true;
  }

  @Override
  public Optional<BananaItem> next(ByteBuffer data) throws BananaException {
    if (failed) {
      throw new BananaException("the parser already failed; it cannot be fed again");
    }
    try {
      return step(data);
    } catch (BananaException e) {
      failed = true;
      throw e;
    }
  }

  /** The bytes of the unfinished top-level expression read so far. */
  @Override
  public int bufferedBytes() {
    return (int) expressionBytes;
  }

  private Optional<BananaItem> step(ByteBuffer data) throws BananaException {
    while (data.hasRemaining()) {
      if (body != null) {
        int n = Math.min(body.length - bodyFilled, data.remaining());
        count(n);
        data.get(body, bodyFilled, n);
        bodyFilled += n;
        if (bodyFilled < body.length) {
          return Optional.empty();
        }
        byte[] done = body;
        body = null;
        BananaItem item =
            pendingType == FLOAT
                ? new BananaItem.Real(ByteBuffer.wrap(done).getDouble())
                : new BananaItem.Bytes(ByteString.wrapOwned(done));
        Optional<BananaItem> top = completed(item);
        if (top.isPresent()) {
          return top;
        }
        continue;
      }
      int b = data.get() & 0xFF;
      count(1);
      if (b < 0x80) {
        if (prefixLength == prefix.length) {
          throw new BananaException("a token with more than " + prefix.length + " bytes of prefix");
        }
        prefix[prefixLength++] = (byte) b;
        continue;
      }
      Optional<BananaItem> top = token(b);
      if (top.isPresent()) {
        return top;
      }
    }
    return Optional.empty();
  }

  private Optional<BananaItem> token(int type) throws BananaException {
    switch (type) {
      case LIST -> {
        int length = smallPrefix("list");
        if (open.size() == limits.maxDepth()) {
          throw new BananaException("lists nested more than " + limits.maxDepth() + " deep");
        }
        countItem();
        if (length == 0) {
          return completed(BananaItem.Items.of());
        }
        open.push(new Open(length));
        return Optional.empty();
      }
      case STRING -> {
        int length = smallPrefix("string");
        countItem();
        pendingType = STRING;
        if (length == 0) {
          return completed(new BananaItem.Bytes(ByteString.EMPTY));
        }
        body = new byte[length];
        bodyFilled = 0;
        return Optional.empty();
      }
      case FLOAT -> {
        prefixLength = 0;
        countItem();
        pendingType = FLOAT;
        body = new byte[8];
        bodyFilled = 0;
        return Optional.empty();
      }
      case INT, LONGINT -> {
        countItem();
        return completed(new BananaItem.Int(number()));
      }
      case NEG, LONGNEG -> {
        countItem();
        return completed(new BananaItem.Int(number().negate()));
      }
      case VOCAB -> {
        if (!vocabulary) {
          throw new BananaException("a vocabulary token before the pb dialect was chosen");
        }
        BigInteger number = number();
        countItem();
        ByteString word =
            Vocabulary.word(number.bitLength() < 32 ? number.longValue() : -1)
                .orElseThrow(() -> new BananaException("an unknown vocabulary word " + number));
        return completed(new BananaItem.Bytes(word));
      }
      default -> throw new BananaException("an unknown type byte 0x" + Integer.toHexString(type));
    }
  }

  /** The prefix as a length, checked against the string (and list) length limit. */
  private int smallPrefix(String what) throws BananaException {
    BigInteger n = number();
    if (n.bitLength() > 31 || n.intValue() > limits.maxStringLength()) {
      throw new BananaException(
          "a " + what + " of " + n + " items; the limit is " + limits.maxStringLength());
    }
    return n.intValue();
  }

  private BigInteger number() {
    int length = prefixLength;
    prefixLength = 0;
    if (length <= 9) {
      long value = 0;
      for (int i = length - 1; i >= 0; i--) {
        value = (value << 7) | prefix[i];
      }
      return BigInteger.valueOf(value);
    }
    BigInteger value = BigInteger.ZERO;
    for (int i = length - 1; i >= 0; i--) {
      value = value.shiftLeft(7).or(BigInteger.valueOf(prefix[i]));
    }
    return value;
  }

  private Optional<BananaItem> completed(BananaItem item) {
    BananaItem current = item;
    while (!open.isEmpty()) {
      Open top = open.peek();
      top.items.add(current);
      if (top.items.size() < top.expected) {
        return Optional.empty();
      }
      open.pop();
      current = new BananaItem.Items(top.items);
    }
    expressionBytes = 0;
    items = 0;
    return Optional.of(current);
  }

  private void countItem() throws BananaException {
    if (++items > limits.maxItems()) {
      throw new BananaException("an expression of more than " + limits.maxItems() + " items");
    }
  }

  private void count(int n) throws BananaException {
    expressionBytes += n;
    if (expressionBytes > limits.maxExpressionBytes()) {
      throw new BananaException(
          "an expression of more than " + limits.maxExpressionBytes() + " bytes");
    }
  }
}
