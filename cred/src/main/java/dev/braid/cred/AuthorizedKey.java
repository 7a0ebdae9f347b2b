package dev.braid.cred;

import dev.braid.bytes.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One key of an OpenSSH {@code authorized_keys} file: {@code [options] TYPE BASE64 [comment]}.
 * Types: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256/384/521}, {@code ssh-rsa}. Immutable; any
 * thread.
 *
 * @param options the options field as written (for example {@code from="10.0.0.0/8",no-pty}), or
 *     empty
 * @param type the key type, e.g. {@code ssh-ed25519}
 * @param blob the key in SSH wire form (the decoded base64)
 * @param key the key as a JCA public key
 * @param comment the comment, or empty
 */
public record AuthorizedKey(
    String options, String type, ByteString blob, PublicKey key, String comment) {
  /** The key types this parser reads. */
  public static final Set<String> TYPES =
      Set.of(
          "ssh-ed25519",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "ssh-rsa");

  private static final byte[] ED25519_X509_PREFIX =
      java.util.HexFormat.of().parseHex("302a300506032b6570032100");

  /** Checks that no part is null. */
  public AuthorizedKey {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(comment, "comment");
  }

  /** True if {@code other} is this key (same algorithm and encoding), compared in constant time. */
  public boolean matches(PublicKey other) {
    byte[] mine = key.getEncoded();
    byte[] theirs = other.getEncoded();
    return key.getAlgorithm().equals(other.getAlgorithm())
        && theirs != null
        && MessageDigest.isEqual(mine, theirs);
  }

  /**
   * Parses the lines of an authorized_keys file; blank lines and {@code #} comments are skipped.
   * {@code source} names the file in error messages. Throws {@link AuthorizedKeysException} naming
   * the first malformed line.
   */
  public static List<AuthorizedKey> parseFile(String source, List<String> lines)
      throws AuthorizedKeysException {
    List<AuthorizedKey> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        keys.add(parseLine(line));
      } catch (IllegalArgumentException e) {
        throw new AuthorizedKeysException(source, i + 1, e.getMessage());
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Parses one authorized_keys line. Throws {@link IllegalArgumentException} saying what is wrong.
   */
  public static AuthorizedKey parseLine(String line) {
    String rest = line.strip();
    String options = "";
    String first = firstField(rest);
    if (!TYPES.contains(first)) {
      if (first.matches("(ssh|ecdsa|sk)-[A-Za-z0-9@._-]+")) {
        throw new IllegalArgumentException(
            "unsupported key type \"" + first + "\" (expected one of " + sorted() + ")");
      }
      options = optionsField(rest);
      rest = rest.substring(options.length()).stripLeading();
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("no key after the options");
      }
    }
    String[] parts = rest.split("\\s+", 3);
    String type = parts[0];
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unknown key type \"" + type + "\" (expected one of " + sorted() + ")");
    }
    if (parts.length < 2) {
      throw new IllegalArgumentException("no key data after " + type);
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key data is not base64: " + e.getMessage());
    }
    PublicKey key = decode(type, blob);
    return new AuthorizedKey(
        options, type, ByteString.of(blob), key, parts.length > 2 ? parts[2] : "");
  }

  private static String sorted() {
    return String.join(", ", new java.util.TreeSet<>(TYPES));
  }

  private static String firstField(String s) {
    int end = 0;
    while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end);
  }

  /** The options field: up to the first whitespace outside double quotes. */
  private static String optionsField(String s) {
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted && i + 1 < s.length()) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (Character.isWhitespace(c) && !quoted) {
        return s.substring(0, i);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote in the options");
    }
    throw new IllegalArgumentException(
        "no key: expected [options] TYPE BASE64 [comment] with TYPE one of " + sorted());
  }

  /** Decodes an SSH wire-format public key of {@code type}. */
  static PublicKey decode(String type, byte[] blob) {
    ByteBuffer in = ByteBuffer.wrap(blob);
    try {
      String inner = new String(string(in), StandardCharsets.US_ASCII);
      if (!inner.equals(type)) {
        throw new IllegalArgumentException(
            "the key data is a " + inner + " key, but the line says " + type);
      }
      PublicKey key =
          switch (type) {
            case "ssh-ed25519" -> {
              byte[] point = string(in);
              if (point.length != 32) {
                throw new IllegalArgumentException(
                    "an ed25519 key has 32 bytes, this one " + point.length);
              }
              ByteArrayOutputStream x509 = new ByteArrayOutputStream();
              x509.writeBytes(ED25519_X509_PREFIX);
              x509.writeBytes(point);
              yield KeyFactory.getInstance("Ed25519")
                  .generatePublic(new X509EncodedKeySpec(x509.toByteArray()));
            }
            case "ssh-rsa" -> {
              BigInteger e = new BigInteger(string(in));
              BigInteger n = new BigInteger(string(in));
              if (e.signum() <= 0 || n.signum() <= 0 || n.bitLength() < 1024) {
                throw new IllegalArgumentException(
                    "the RSA key is malformed or shorter than 1024 bits");
              }
              yield KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            }
            default -> {
              String curve = new String(string(in), StandardCharsets.US_ASCII);
              String expected = type.substring("ecdsa-sha2-".length());
              if (!curve.equals(expected)) {
                throw new IllegalArgumentException(
                    "the key's curve is " + curve + ", but the line says " + expected);
              }
              String jcaCurve =
                  switch (curve) {
                    case "nistp256" -> "secp256r1";
                    case "nistp384" -> "secp384r1";
                    default -> "secp521r1";
                  };
              AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
              parameters.init(new ECGenParameterSpec(jcaCurve));
              ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
              byte[] q = string(in);
              int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
              if (q.length != 1 + 2 * size || q[0] != 4) {
                throw new IllegalArgumentException(
                    "the EC point is not an uncompressed point of " + curve);
              }
              BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(q, 1, 1 + size));
              BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(q, 1 + size, q.length));
              yield KeyFactory.getInstance("EC")
                  .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
            }
          };
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("the key data has " + in.remaining() + " extra bytes");
      }
      return key;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("the key data is truncated");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the key is not a valid " + type + " key: " + e.getMessage());
    }
  }

  private static byte[] string(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new java.nio.BufferUnderflowException();
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }
}
