package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.tls.Pem;
import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid cert} makes a local CA and a localhost certificate that {@code braid web} serves
 * HTTPS with and that curl, trusting only the CA ({@code --cacert}), accepts.
 */
@BraidTest
class CertCommandIT {
  @TempDir Path dir;

  private RealPeer.Result cert(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("cert"));
    command.addAll(List.of(args));
    return Launcher.braid(command).directory(dir).run(Launcher.LOG_LINE);
  }

  @Test
  void theCertificateServesHttpsThatCurlTrustsWithTheCaAlone() throws Exception {
    assertThat(cert("--dir", "certs").assertExit(0).out())
        .contains("braid web --listen ssl:8443:certKey=certs/localhost.pem\n")
        .contains("curl --cacert certs/ca.pem https://localhost:8443/\n");

    Path certs = dir.resolve("certs");
    Path certKey = certs.resolve("localhost.pem");
    assertThat(Files.getPosixFilePermissions(certKey))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String pem = Files.readString(certKey);
    assertThat(Pem.blocks(pem).stream().map(Pem.Block::label))
        .containsExactly("CERTIFICATE", "PRIVATE KEY");
    X509Certificate leaf = Pem.certificates(pem).getFirst();
    X509Certificate ca = Pem.readCertificates(certs.resolve("ca.pem")).getFirst();
    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(ca.getBasicConstraints()).as("a CA").isZero();
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    leaf.verify(ca.getPublicKey());
    assertThat(Files.readString(certs.resolve("ca.pem"))).doesNotContain("PRIVATE KEY");

    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("index.html"), "<p>hello over TLS</p>\n");
    RealPeer web =
        Launcher.braid(
                "web",
                "--path",
                "site",
                "--listen",
                "ssl:0:certKey=certs/localhost.pem:interface=127.0.0.1")
            .directory(dir)
            .start();
    int port = Launcher.awaitListening(web);
    String caFile = certs.resolve("ca.pem").toString();
    assertThat(
            Launcher.run(
                "curl",
                "-sS",
                "--fail",
                "-4",
                "--cacert",
                caFile,
                "https://localhost:" + port + "/"))
        .isEqualTo("<p>hello over TLS</p>\n");
    assertThat(
            Launcher.run(
                "curl",
                "-sS",
                "--fail",
                "--cacert",
                caFile,
                "https://127.0.0.1:" + port + "/index.html"))
        .isEqualTo("<p>hello over TLS</p>\n");
    assertThat(Launcher.exitAfterSigterm(web)).isZero();
  }

  @Test
  void itRefusesToOverwriteWithoutForce() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "mine\n");
    assertThat(cert().assertExit(1).err()).isEqualTo("braid: ca.pem exists; --force replaces it\n");
    assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo("mine\n");
    assertThat(dir.resolve("localhost.pem")).doesNotExist();

    assertThat(cert("--force").assertExit(0).out())
        .contains("curl --cacert ca.pem https://localhost:8443/\n");
    assertThat(Pem.readCertificates(dir.resolve("ca.pem"))).hasSize(1);
  }
}
