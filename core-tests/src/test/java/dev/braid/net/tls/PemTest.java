package dev.braid.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading keys and certificates: PEM in every common key format, keystores, directories. */
@BraidTest
class PemTest {
  @TempDir Path dir;

  /** True when {@code key}'s private key signs what its certificate's public key verifies. */
  private static boolean matches(CertificateKey key) throws Exception {
    String algorithm = key.key().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key.key());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(key.leaf().getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    return verifier.verify(signature);
  }

  @Test
  void pkcs8Pkcs1RsaAndSec1EcKeysAllLoadAndMatchTheirCertificates() throws Exception {
    Path rsa = Certs.selfSignedRsa(dir, "rsa.test");
    Path ec = Certs.selfSigned(dir, "ec.test");
    Certs.openssl(rsa, "pkey", "-in", "privkey.pem", "-traditional", "-out", "pkcs1.pem");
    Certs.openssl(ec, "ec", "-in", "privkey.pem", "-out", "sec1.pem");
    assertThat(Files.readString(rsa.resolve("pkcs1.pem"))).contains("BEGIN RSA PRIVATE KEY");
    assertThat(Files.readString(ec.resolve("sec1.pem"))).contains("BEGIN EC PRIVATE KEY");
    Path cert = rsa.resolve("fullchain.pem");
    assertThat(matches(CertificateKey.fromPem(cert, rsa.resolve("privkey.pem")))).isTrue();
    assertThat(matches(CertificateKey.fromPem(cert, rsa.resolve("pkcs1.pem")))).isTrue();
    Path ecCert = ec.resolve("fullchain.pem");
    assertThat(matches(CertificateKey.fromPem(ecCert, ec.resolve("privkey.pem")))).isTrue();
    assertThat(matches(CertificateKey.fromPem(ecCert, ec.resolve("sec1.pem")))).isTrue();
  }

  @Test
  void aSec1KeyPrecededByEcParametersLoads() throws Exception {
    Path ec = Certs.selfSigned(dir, "params.test");
    Certs.openssl(ec, "ecparam", "-name", "prime256v1", "-genkey", "-out", "with-params.pem");
    assertThat(Files.readString(ec.resolve("with-params.pem"))).contains("BEGIN EC PARAMETERS");
    assertThat(Pem.readPrivateKey(ec.resolve("with-params.pem")).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void aChainLoadsLeafFirstAndAPkcs12KeystoreLoads() throws Exception {
    Path a = Certs.selfSigned(dir, "a.test");
    Path b = Certs.selfSigned(dir, "b.test");
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(
        bundle,
        Files.readString(a.resolve("fullchain.pem"))
            + Files.readString(b.resolve("fullchain.pem")));
    assertThat(Pem.readCertificates(bundle))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=a.test", "CN=b.test");

    Certs.openssl(
        a,
        "pkcs12",
        "-export",
        "-in",
        "fullchain.pem",
        "-inkey",
        "privkey.pem",
        "-out",
        "a.p12",
        "-passout",
        "pass:secret",
        "-name",
        "a");
    CertificateKey fromStore =
        CertificateKey.fromKeyStore(a.resolve("a.p12"), "secret".toCharArray(), Optional.empty());
    assertThat(fromStore.leaf()).isEqualTo(Certs.load(a).leaf());
    assertThat(matches(fromStore)).isTrue();
  }

  @Test
  void anEncryptedKeyIsRefusedWithAMessageSayingSo() throws Exception {
    Path rsa = Certs.selfSignedRsa(dir, "enc.test");
    Certs.openssl(
        rsa, "pkcs8", "-topk8", "-in", "privkey.pem", "-out", "enc.pem", "-passout", "pass:x");
    assertThatThrownBy(() -> Pem.readPrivateKey(rsa.resolve("enc.pem")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("encrypted");
    assertThatThrownBy(() -> Pem.readPrivateKey(rsa.resolve("fullchain.pem")))
        .hasMessageContaining("no private key");
  }

  @Test
  void pemWrittenByBraidReadsBack() throws Exception {
    CertificateKey key = Certs.load(Certs.selfSigned(dir, "round.test"));
    CertificateKey again =
        new CertificateKey(Pem.certificates(Pem.encode(key)), Pem.privateKey(Pem.encode(key)));
    assertThat(again.leaf()).isEqualTo(key.leaf());
    assertThat(again.key().getEncoded()).isEqualTo(key.key().getEncoded());
  }

  @Test
  void aCertificateDirectoryLoadsBothLayoutsAndMatchesNamesAndWildcards() throws Exception {
    Path live = dir.resolve("live");
    Certs.selfSigned(live, "one.test");
    Path two = Certs.selfSigned(dir, "two.test");
    Files.writeString(
        live.resolve("two.pem"),
        Files.readString(two.resolve("fullchain.pem"))
            + Files.readString(two.resolve("privkey.pem")));
    Path wild = Files.createDirectories(dir.resolve("wild"));
    Certs.openssl(
        wild,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
        "-days",
        "2",
        "-subj",
        "/CN=wild",
        "-addext",
        "subjectAltName=DNS:*.wild.test");
    Files.writeString(
        live.resolve("wild.pem"),
        Files.readString(wild.resolve("c.pem")) + Files.readString(wild.resolve("k.pem")));

    SniCertificates sni = SniCertificates.loadDirectory(live);
    assertThat(sni.entries().keySet()).containsExactly("one.test", "two", "wild");
    assertThat(sni.match("ONE.test")).contains("one.test");
    assertThat(sni.match("two.test")).contains("two");
    assertThat(sni.match("a.wild.test")).contains("wild");
    assertThat(sni.match("a.b.wild.test")).isEmpty();
    assertThat(sni.defaultName()).isEqualTo("one.test");
  }

  @Test
  void theDevelopmentHelperMakesALocalhostCertificateWithKeytool() throws Exception {
    CertificateKey key = DevCertificates.localhost(dir);
    assertThat(key.dnsNames()).containsExactly("localhost");
    assertThat(matches(key)).isTrue();
    assertThat(CertificateKey.fromPem(dir.resolve("localhost.pem")).leaf()).isEqualTo(key.leaf());
    assertThat(Pem.readCertificates(dir.resolve("localhost-cert.pem"))).hasSize(1);
  }

  @Test
  void malformedTlsEndpointsNameTheBadPart() throws Exception {
    MemoryReactor reactor = new MemoryReactor();
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "ssl:443"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("certKey");
    assertThatThrownBy(
            () ->
                Endpoints.serverFromString(reactor, "tls:443:certificates=" + dir.resolve("none")))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("none");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tls:example.com:0"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tls:example.com:443:bogus=1"))
        .hasMessageContaining("bogus");
    assertThat(Endpoints.parsers()).containsKeys("tls", "ssl");
  }
}
