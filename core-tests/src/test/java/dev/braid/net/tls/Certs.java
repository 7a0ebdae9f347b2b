package dev.braid.net.tls;

import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    RealPeer.Result openssl = RealPeer.command(command).directory(dir).run(Duration.ofSeconds(60));
    if (openssl.exit() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + openssl.out());
    }
    return openssl.out();
  }

  /**
   * A self-signed EC certificate for DNS name {@code name} (and 127.0.0.1) in certbot's layout:
   * {@code dir/name/fullchain.pem} and {@code dir/name/privkey.pem} (PKCS#8). Returns {@code
   * dir/name}.
   */
  static Path selfSigned(Path dir, String name) throws IOException, InterruptedException {
    return request(
        dir,
        name,
        "subjectAltName=DNS:" + name + ",IP:127.0.0.1",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1");
  }

  /** Like {@link #selfSigned} with an RSA key, and no IP address in the certificate. */
  static Path selfSignedRsa(Path dir, String name) throws IOException, InterruptedException {
    return request(dir, name, "subjectAltName=DNS:" + name, "-newkey", "rsa:2048");
  }

  /** {@code openssl req -x509} in {@code dir/name} for a key made by {@code key} options. */
  private static Path request(Path dir, String name, String altNames, String... key)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve(name));
    List<String> args = new ArrayList<>(List.of("req", "-x509"));
    args.addAll(List.of(key));
    args.addAll(
        List.of(
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
            altNames));
    openssl(home, args.toArray(String[]::new));
    return home;
  }

  static CertificateKey load(Path home) throws IOException {
    return CertificateKey.fromPem(home.resolve("fullchain.pem"), home.resolve("privkey.pem"));
  }
}
