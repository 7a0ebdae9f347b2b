package dev.braid.net.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Self-signed certificates for development and tests: never for production.
 *
 * <p>The JDK has no public API to make an X.509 certificate, so this runs the JDK's own {@code
 * keytool -genkeypair} (from {@code java.home/bin}, the running JDK: always there, no third-party
 * library) into a throwaway PKCS12 file, then loads it and writes PEM files. It blocks while
 * keytool runs (about a second): call it before the reactor runs, or from {@code deferToThread}.
 */
public final class DevCertificates {
  private DevCertificates() {}

  /**
   * A self-signed EC P-256 certificate for {@code localhost}, 127.0.0.1 and ::1, valid 30 days;
   * writes {@code dir/localhost.pem} (certificate then key, usable as {@code ssl:...:certKey=}) and
   * {@code dir/localhost-cert.pem} (the certificate alone, for a client's trust roots).
   */
  public static CertificateKey localhost(Path dir) throws IOException {
    return selfSigned(dir, "localhost", List.of("localhost"), List.of("127.0.0.1", "::1"));
  }

  /**
   * A self-signed EC P-256 certificate for {@code dnsNames} and {@code ipAddresses}, valid 30 days,
   * with {@code name} as common name; writes {@code dir/NAME.pem} (certificate and key) and {@code
   * dir/NAME-cert.pem} (certificate).
   */
  public static CertificateKey selfSigned(
      Path dir, String name, List<String> dnsNames, List<String> ipAddresses) throws IOException {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-': " + name);
    }
    Files.createDirectories(dir);
    Path store = Files.createTempFile(dir, name, ".p12");
    Files.delete(store);
    char[] password = "braid-dev".toCharArray();
    List<String> san = new ArrayList<>();
    dnsNames.forEach(n -> san.add("dns:" + n));
    ipAddresses.forEach(ip -> san.add("ip:" + ip));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                "CN=" + name,
                "-validity",
                "30",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(password),
                "-keypass",
                new String(password)));
    if (!san.isEmpty()) {
      command.add("-ext");
      command.add("SAN=" + String.join(",", san));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("keytool failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
    try {
      CertificateKey key = CertificateKey.fromKeyStore(store, password, Optional.of(name));
      Files.writeString(dir.resolve(name + ".pem"), Pem.encode(key), StandardCharsets.US_ASCII);
      Files.writeString(
          dir.resolve(name + "-cert.pem"),
          Pem.encode("CERTIFICATE", encoded(key)),
          StandardCharsets.US_ASCII);
      return key;
    } finally {
      Files.deleteIfExists(store);
    }
  }

  private static byte[] encoded(CertificateKey key) throws IOException {
    try {
      return key.leaf().getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException(e);
    }
  }
}
