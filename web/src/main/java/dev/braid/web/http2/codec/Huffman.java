package dev.braid.web.http2.codec;

/**
 * The Huffman code of RFC 7541 Appendix B. The code is canonical: the codes of one length are
 * consecutive, in symbol order, and each length's first code follows the last code of the length
 * before, shifted left. So the table is the bit length of each of the 257 symbols (256 is EOS), and
 * the codes are rebuilt from it once.
 */
final class Huffman {
  /** The code length in bits of each symbol, 0 to 255 then EOS (256). */
  private static final byte[] LENGTHS = {
    13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5,
    6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
    6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23,
    23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20,
    22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22,
    22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26,
    27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25,
    25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, 30
  };

  private static final int EOS = 256;
  private static final int MAX_LENGTH = 30;

  /** The code of each symbol, right-aligned. */
  private static final int[] CODES = new int[257];

  /** How many codes each length has. */
  private static final int[] COUNT = new int[MAX_LENGTH + 1];

  /** The symbols in code order (by length, then symbol). */
  private static final int[] SYMBOLS = new int[257];

  static {
    int at = 0;
    for (int length = 1; length <= MAX_LENGTH; length++) {
      for (int symbol = 0; symbol <= EOS; symbol++) {
        if (LENGTHS[symbol] == length) {
          COUNT[length]++;
          SYMBOLS[at++] = symbol;
        }
      }
    }
    int code = 0;
    int previous = LENGTHS[SYMBOLS[0]];
    for (int i = 0; i < SYMBOLS.length; i++) {
      int length = LENGTHS[SYMBOLS[i]];
      if (i > 0) {
        code = (code + 1) << (length - previous);
      }
      previous = length;
      CODES[SYMBOLS[i]] = code;
    }
  }

  private Huffman() {}

  /** The number of octets {@code text} takes Huffman-coded, padding included. */
  static int encodedLength(String text) {
    long bits = 0;
    for (int i = 0; i < text.length(); i++) {
      bits += LENGTHS[text.charAt(i)];
    }
    return (int) ((bits + 7) >>> 3);
  }

  /**
   * Writes {@code text} (octets as chars) Huffman-coded into {@code out} from {@code at}, padded
   * with ones to an octet; returns the position after it. {@code out} has room for {@link
   * #encodedLength}.
   */
  static int encode(String text, byte[] out, int at) {
    long bits = 0;
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bits = (bits << LENGTHS[c]) | CODES[c];
      count += LENGTHS[c];
      while (count >= 8) {
        count -= 8;
        out[at++] = (byte) (bits >>> count);
      }
    }
    if (count > 0) {
      out[at++] = (byte) ((bits << (8 - count)) | (0xff >>> count));
    }
    return at;
  }

  /**
   * Decodes {@code length} Huffman-coded octets of {@code in} from {@code from} into text (octets
   * as chars).
   *
   * @throws Http2Exception COMPRESSION_ERROR if the string holds EOS, or ends with padding longer
   *     than 7 bits or not all ones
   */
  static String decode(byte[] in, int from, int length) throws Http2Exception {
    char[] out = new char[length * 8 / 5];
    int written = 0;
    int code = 0;
    int first = 0;
    int index = 0;
    int bits = 0;
    for (int i = from; i < from + length; i++) {
      int octet = in[i] & 0xff;
      for (int shift = 7; shift >= 0; shift--) {
        code |= (octet >>> shift) & 1;
        bits++;
        int count = COUNT[bits];
        if (code - count < first) {
          int symbol = SYMBOLS[index + code - first];
          if (symbol == EOS) {
            throw Http2Exception.connection(
                Http2Error.COMPRESSION_ERROR, "Huffman string holds the EOS symbol");
          }
          out[written++] = (char) symbol;
          code = 0;
          first = 0;
          index = 0;
          bits = 0;
        } else {
          index += count;
          first = (first + count) << 1;
          code <<= 1;
        }
      }
    }
    if (bits > 7) {
      throw Http2Exception.connection(
          Http2Error.COMPRESSION_ERROR, "Huffman string padding is longer than 7 bits");
    }
    // code was shifted once past the last bit read: the padding is all ones when it is 2^bits-1
    if ((code >>> 1) != (1 << bits) - 1) {
      throw Http2Exception.connection(
          Http2Error.COMPRESSION_ERROR, "Huffman string padding is not all ones");
    }
    return new String(out, 0, written);
  }
}
