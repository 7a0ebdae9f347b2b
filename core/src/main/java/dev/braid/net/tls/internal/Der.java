package dev.braid.net.tls.internal;

import java.io.ByteArrayOutputStream;

/**
 * The few bytes of ASN.1 DER that turn PKCS#1 RSA and SEC1 EC private keys into PKCS#8, which the
 * JDK reads. Not a general DER library: it reads only what those two formats need.
 */
public final class Der {
  private static final byte[] RSA_ENCRYPTION = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };
  private static final byte[] NULL = {0x05, 0x00};
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  private Der() {}

  /** PKCS#8 PrivateKeyInfo for a PKCS#1 RSAPrivateKey. */
  public static byte[] pkcs8FromPkcs1Rsa(byte[] pkcs1) {
    return privateKeyInfo(tlv(0x30, concat(RSA_ENCRYPTION, NULL)), pkcs1);
  }

  /**
   * PKCS#8 PrivateKeyInfo for a SEC1 ECPrivateKey, which must name its curve ({@code [0]
   * parameters}, as OpenSSL writes it).
   */
  public static byte[] pkcs8FromSec1Ec(byte[] sec1) {
    // ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING,
    //                             parameters [0] OID OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
    Reader outer = new Reader(sec1, 0, sec1.length);
    Reader seq = outer.enter(0x30);
    seq.skip(0x02);
    seq.skip(0x04);
    byte[] curve = null;
    while (seq.hasMore()) {
      int tag = seq.peekTag();
      if (tag == 0xa0) {
        Reader params = seq.enter(0xa0);
        curve = params.raw(0x06);
      } else {
        seq.skipAny();
      }
    }
    if (curve == null) {
      throw new IllegalArgumentException("EC private key does not name its curve");
    }
    return privateKeyInfo(tlv(0x30, concat(EC_PUBLIC_KEY, curve)), sec1);
  }

  private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
    return tlv(0x30, concat(VERSION_0, algorithm, tlv(0x04, key)));
  }

  /** One DER element: tag, definite length, value. */
  static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Reads DER elements from {@code data[from, to)}. */
  private static final class Reader {
    private final byte[] data;
    private int at;
    private final int end;

    Reader(byte[] data, int from, int to) {
      this.data = data;
      this.at = from;
      this.end = to;
    }

    boolean hasMore() {
      return at < end;
    }

    int peekTag() {
      return data[at] & 0xff;
    }

    /** Reads the header of the element at the cursor; returns {valueStart, valueEnd}. */
    private int[] header(int expectedTag) {
      if (at + 2 > end) {
        throw new IllegalArgumentException("DER: truncated");
      }
      int tag = data[at] & 0xff;
      if (expectedTag >= 0 && tag != expectedTag) {
        throw new IllegalArgumentException(
            "DER: expected tag 0x"
                + Integer.toHexString(expectedTag)
                + ", got 0x"
                + Integer.toHexString(tag));
      }
      int p = at + 1;
      int len = data[p++] & 0xff;
      if (len >= 0x80) {
        int count = len & 0x7f;
        if (count == 0 || count > 4 || p + count > end) {
          throw new IllegalArgumentException("DER: bad length");
        }
        len = 0;
        for (int i = 0; i < count; i++) {
          len = (len << 8) | (data[p++] & 0xff);
        }
      }
      if (len < 0 || p + len > end) {
        throw new IllegalArgumentException("DER: length beyond the data");
      }
      return new int[] {p, p + len};
    }

    Reader enter(int tag) {
      int[] h = header(tag);
      at = h[1];
      return new Reader(data, h[0], h[1]);
    }

    void skip(int tag) {
      at = header(tag)[1];
    }

    void skipAny() {
      at = header(-1)[1];
    }

    /** The whole element (header included) at the cursor. */
    byte[] raw(int tag) {
      int start = at;
      int[] h = header(tag);
      at = h[1];
      return java.util.Arrays.copyOfRange(data, start, h[1]);
    }
  }
}
