package dev.braid.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A private key and its certificate chain (leaf first): what a TLS server (or a client that
 * authenticates) presents. Immutable; any thread.
 *
 * @param chain the certificate chain, leaf first, never empty
 * @param key the private key of the leaf certificate
 */
public record CertificateKey(List<X509Certificate> chain, PrivateKey key) {
  /** Checks that the chain is not empty. */
  public CertificateKey {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least one certificate");
    }
  }

  /** The leaf certificate. */
  public X509Certificate leaf() {
    return chain.getFirst();
  }

  /**
   * The DNS names the leaf certificate is for: its subjectAltName DNS entries, or its common name
   * when it has none.
   */
  public List<String> dnsNames() {
    List<String> names = new ArrayList<>();
    try {
      var sans = leaf().getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(((String) san.get(1)).toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // fall back to the common name
    }
    if (names.isEmpty()) {
      String dn = leaf().getSubjectX500Principal().getName();
      for (String part : dn.split(",")) {
        if (part.startsWith("CN=")) {
          names.add(part.substring(3).toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * Loads a chain from {@code certificates} (PEM, leaf first) and its key from {@code privateKey}
   * (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC). Blocking file I/O: call it before the reactor runs or
   * from {@code deferToThread}.
   */
  public static CertificateKey fromPem(Path certificates, Path privateKey) throws IOException {
    return new CertificateKey(Pem.readCertificates(certificates), Pem.readPrivateKey(privateKey));
  }

  /** Loads the chain and the key from one PEM file that holds both. Blocking file I/O. */
  public static CertificateKey fromPem(Path certificatesAndKey) throws IOException {
    return fromPem(certificatesAndKey, certificatesAndKey);
  }

  /**
   * Loads the first key entry (or the one named {@code alias}) of a keystore file (PKCS12, or any
   * type the JDK reads), using {@code password} for the store and the key. Blocking file I/O.
   */
  public static CertificateKey fromKeyStore(Path file, char[] password, Optional<String> alias)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(file.toFile(), password);
      for (String name : Collections.list(store.aliases())) {
        if (alias.isPresent() && !alias.get().equals(name) || !store.isKeyEntry(name)) {
          continue;
        }
        Key key = store.getKey(name, password);
        if (key instanceof PrivateKey privateKey) {
          List<X509Certificate> chain = new ArrayList<>();
          for (Certificate c : store.getCertificateChain(name)) {
            chain.add((X509Certificate) c);
          }
          return new CertificateKey(chain, privateKey);
        }
      }
      throw new IOException(
          file + ": no private key entry" + alias.map(a -> " named \"" + a + "\"").orElse(""));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": cannot read the keystore: " + e.getMessage(), e);
    }
  }
}
