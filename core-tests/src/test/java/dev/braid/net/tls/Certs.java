package dev.braid.net.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test certificates made with the {@code openssl} command at test time. */
final class Certs {
  private Certs() {}

  /** Runs {@code openssl args...} to completion; fails with its output when it fails. */
  static String openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /**
   * A self-signed EC certificate for DNS name {@code name} (and 127.0.0.1) in certbot's layout:
   * {@code dir/name/fullchain.pem} and {@code dir/name/privkey.pem} (PKCS#8). Returns {@code
   * dir/name}.
   */
  static Path selfSigned(Path dir, String name) throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve(name));
    openssl(
        home,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "privkey.pem",
        "-out",
        "fullchain.pem",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        "subjectAltName=DNS:" + name + ",IP:127.0.0.1");
    return home;
  }

  /** Like {@link #selfSigned} with an RSA key, and no IP address in the certificate. */
  static Path selfSignedRsa(Path dir, String name) throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve(name));
    openssl(
        home,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "privkey.pem",
        "-out",
        "fullchain.pem",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        "subjectAltName=DNS:" + name);
    return home;
  }

  static CertificateKey load(Path home) throws IOException {
    return CertificateKey.fromPem(home.resolve("fullchain.pem"), home.resolve("privkey.pem"));
  }
}
