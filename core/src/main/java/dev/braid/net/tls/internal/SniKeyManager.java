package dev.braid.net.tls.internal;

import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.SniCertificates;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager over {@link SniCertificates}: a server picks the entry matching the client's SNI
 * name (else the default), provided its key fits the key type the handshake asks for; a client
 * presents its single entry. Aliases are entry names.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {
  private final SniCertificates certificates;

  /** A key manager choosing among {@code certificates}. */
  public SniKeyManager(SniCertificates certificates) {
    this.certificates = certificates;
  }

  /** The SNI host name of the handshake on {@code engine}, if the client sent one. */
  public static Optional<String> requestedName(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return Optional.of(host.getAsciiName());
        }
      }
    }
    return Optional.empty();
  }

  private boolean fits(String alias, String keyType) {
    CertificateKey entry = certificates.entries().get(alias);
    if (entry == null) {
      return false;
    }
    String algorithm = entry.key().getAlgorithm();
    return keyType == null
        || algorithm.equalsIgnoreCase(keyType)
        || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA")
        || keyType.startsWith("EC") && algorithm.equals("EC");
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    Optional<String> asked =
        engine == null ? Optional.empty() : requestedName(engine.getHandshakeSession());
    Optional<String> matched = asked.flatMap(certificates::match);
    if (matched.isPresent()) {
      // the entry the client asked for, or none for this key type (the engine tries the next)
      return fits(matched.get(), keyType) ? matched.get() : null;
    }
    if (fits(certificates.defaultName(), keyType)) {
      return certificates.defaultName();
    }
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return chooseEngineServerAlias(keyType, issuers, null);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    for (String type : keyTypes) {
      if (fits(certificates.defaultName(), type)) {
        return certificates.defaultName();
      }
    }
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return chooseEngineClientAlias(keyTypes, issuers, null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    List<String> out = new ArrayList<>();
    for (String alias : certificates.entries().keySet()) {
      if (fits(alias, keyType)) {
        out.add(alias);
      }
    }
    return out.isEmpty() ? null : out.toArray(String[]::new);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    CertificateKey entry = certificates.entries().get(alias);
    return entry == null ? null : entry.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    CertificateKey entry = certificates.entries().get(alias);
    return entry == null ? null : entry.key();
  }
}
