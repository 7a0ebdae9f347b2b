package dev.braid.net.tls;

import dev.braid.net.tls.internal.Der;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes PEM: certificates ({@code CERTIFICATE}) and private keys in PKCS#8 ({@code
 * PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}) form. PKCS#1
 * and SEC1 keys are rewrapped as PKCS#8 (a few bytes of DER) so the JDK's {@link KeyFactory} reads
 * them: no third-party crypto library. Encrypted keys are refused with a clear message. Pure
 * functions; any thread (the {@code Path} variants block on file I/O).
 */
public final class Pem {
  private Pem() {}

  /** One PEM block: its label ({@code CERTIFICATE}) and its decoded bytes. */
  public record Block(String label, dev.braid.bytes.ByteString der) {}

  /** Every PEM block in {@code text}, in order; text outside blocks is ignored. */
  public static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = text.indexOf("-----BEGIN ", at);
      if (begin < 0) {
        return blocks;
      }
      int labelEnd = text.indexOf("-----", begin + 11);
      if (labelEnd < 0) {
        throw new IllegalArgumentException("PEM: unterminated BEGIN line");
      }
      String label = text.substring(begin + 11, labelEnd);
      String endLine = "-----END " + label + "-----";
      int end = text.indexOf(endLine, labelEnd);
      if (end < 0) {
        throw new IllegalArgumentException("PEM: no \"" + endLine + "\" after BEGIN " + label);
      }
      String body = text.substring(labelEnd + 5, end);
      if (body.contains(":")) {
        throw new IllegalArgumentException(
            "PEM: block " + label + " has headers (an encrypted key?); decrypt it first");
      }
      byte[] der = Base64.getMimeDecoder().decode(body.strip());
      blocks.add(new Block(label, dev.braid.bytes.ByteString.of(der)));
      at = end + endLine.length();
    }
  }

  /** The certificates in {@code text}, in order (a chain is leaf first). */
  public static List<X509Certificate> certificates(String text) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(text)) {
        if (block.label().equals("CERTIFICATE") || block.label().equals("TRUSTED CERTIFICATE")) {
          certs.add(
              (X509Certificate)
                  factory.generateCertificate(new ByteArrayInputStream(block.der().toByteArray())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("PEM: bad certificate: " + e.getMessage(), e);
    }
    return certs;
  }

  /** The first private key in {@code text}; throws {@link IllegalArgumentException} if none. */
  public static PrivateKey privateKey(String text) {
    for (Block block : blocks(text)) {
      byte[] der = block.der().toByteArray();
      switch (block.label()) {
        case "PRIVATE KEY" -> {
          return pkcs8(der);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(Der.pkcs8FromPkcs1Rsa(der));
        }
        case "EC PRIVATE KEY" -> {
          return pkcs8(Der.pkcs8FromSec1Ec(der));
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "PEM: the private key is encrypted; decrypt it first"
                    + " (openssl pkey -in KEY -out PLAIN)");
        default -> {
          // not a key: skip (certificates, EC PARAMETERS, ...)
        }
      }
    }
    throw new IllegalArgumentException("PEM: no private key found");
  }

  private static PrivateKey pkcs8(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException("PEM: unsupported private key type", last);
  }

  /** Reads the certificates of a PEM file; throws {@link IOException} naming the file. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    try {
      List<X509Certificate> certs = certificates(Files.readString(file, StandardCharsets.US_ASCII));
      if (certs.isEmpty()) {
        throw new IOException(file + ": no certificate found");
      }
      return certs;
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the first private key of a PEM file; throws {@link IOException} naming the file. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try {
      return privateKey(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** {@code der} as a PEM block with {@code label}, lines of 64 characters. */
  public static String encode(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /** The chain then the key (PKCS#8) of {@code key}, as PEM text. */
  public static String encode(CertificateKey key) {
    StringBuilder out = new StringBuilder();
    try {
      for (X509Certificate cert : key.chain()) {
        out.append(encode("CERTIFICATE", cert.getEncoded()));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(e);
    }
    out.append(encode("PRIVATE KEY", key.key().getEncoded()));
    return out.toString();
  }
}
