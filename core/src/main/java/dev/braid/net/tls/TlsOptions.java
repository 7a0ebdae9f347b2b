package dev.braid.net.tls;

import dev.braid.net.tls.internal.SniKeyManager;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How one side of TLS connections behaves: its role, its certificates, whom it trusts, ALPN, SNI,
 * client certificates and the handshake timeout. Build once with {@link #server} or {@link
 * #client}, then share: immutable, any thread.
 *
 * <p>Defaults: TLS 1.3 and 1.2 only, AEAD cipher suites only (AES-GCM, ChaCha20-Poly1305; with
 * ECDHE key exchange on 1.2), hostname verification on for clients, the JDK's trust store for
 * clients, no client certificates asked by servers, a 10 s handshake timeout.
 */
public final class TlsOptions {
  /** Whether a server asks clients for a certificate. */
  public enum ClientAuth {
    /** Never asks. */
    NONE,
    /** Asks; a client without one is let in, a client with a bad one is refused. */
    OPTIONAL,
    /** Asks and refuses clients without a valid one. */
    REQUIRED
  }

  /**
   * What a server does when a connection's first bytes are not a TLS record. {@link #CLOSE} (the
   * default) closes it at once. {@link #ANSWER_400} is for HTTPS ports: a plain HTTP/1.x request
   * line, the mark of someone who typed {@code http://} for an {@code https://} URL, gets an HTTP
   * 400 response saying to use https, then the connection closes; anything else is closed at once,
   * as with {@code CLOSE}.
   */
  public enum PlainHttp {
    /** Closes the connection without a word. */
    CLOSE,
    /** Answers a plain HTTP request line with a 400 that says to use https, then closes. */
    ANSWER_400
  }

  /** The default handshake timeout: 10 s. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** The default protocol versions. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final boolean server;
  private final Optional<SniCertificates> certificates;
  private final Optional<List<X509Certificate>> trustRoots;
  private final List<String> alpn;
  private final Optional<String> serverName;
  private final boolean verifyHostname;
  private final ClientAuth clientAuth;
  private final Duration handshakeTimeout;
  private final PlainHttp plainHttp;
  private final List<String> protocols;
  private final Optional<List<String>> cipherSuites;
  private final SSLContext context;

  private TlsOptions(Builder b) {
    this.server = b.server;
    this.certificates = b.certificates;
    this.trustRoots = b.trustRoots;
    this.alpn = List.copyOf(b.alpn);
    this.serverName = b.serverName;
    this.verifyHostname = b.verifyHostname;
    this.clientAuth = b.clientAuth;
    this.handshakeTimeout = b.handshakeTimeout;
    this.plainHttp = b.plainHttp;
    this.protocols = List.copyOf(b.protocols);
    this.cipherSuites = b.cipherSuites.map(List::copyOf);
    try {
      KeyManager[] keys =
          certificates.map(c -> new KeyManager[] {new SniKeyManager(c)}).orElse(null);
      TrustManager[] trust = null;
      if (trustRoots.isPresent()) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate root : trustRoots.get()) {
          store.setCertificateEntry("root-" + i++, root);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trust = tmf.getTrustManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      this.context = ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Options for a server presenting {@code key} to every client. */
  public static Builder server(CertificateKey key) {
    return server(SniCertificates.single(key));
  }

  /** Options for a server choosing among {@code certificates} by the client's server name. */
  public static Builder server(SniCertificates certificates) {
    Builder b = new Builder(true);
    b.certificates = Optional.of(certificates);
    return b;
  }

  /** Options for a client (trusting the JDK's trust store until told otherwise). */
  public static Builder client() {
    return new Builder(false);
  }

  /** True for a server, false for a client. */
  public boolean isServer() {
    return server;
  }

  /**
   * What a server does with a first record that is not TLS ({@link PlainHttp#CLOSE} by default).
   */
  public PlainHttp plainHttp() {
    return plainHttp;
  }

  /** The ALPN protocols, in order of preference. */
  public List<String> alpn() {
    return alpn;
  }

  /** A client's server name (SNI and hostname verification), when set on the options. */
  public Optional<String> serverName() {
    return serverName;
  }

  /** Whether a client checks that the server's certificate is for the name it connected to. */
  public boolean verifyHostname() {
    return verifyHostname;
  }

  /** Whether a server asks for client certificates. */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /** How long a handshake may take before the connection is closed. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The protocol versions enabled. */
  public List<String> protocols() {
    return protocols;
  }

  /** The SSLContext the engines come from. */
  public SSLContext context() {
    return context;
  }

  /**
   * A new engine for one connection. {@code host} (a client's peer name) is used for SNI and
   * hostname verification unless the options set a server name; an IP literal gets no SNI.
   */
  public SSLEngine newEngine(Optional<String> host, int port) {
    Optional<String> name = serverName.or(() -> host);
    SSLEngine engine =
        name.isPresent() ? context.createSSLEngine(name.get(), port) : context.createSSLEngine();
    engine.setUseClientMode(!server);
    SSLParameters params = engine.getSSLParameters();
    params.setProtocols(protocols.toArray(String[]::new));
    params.setCipherSuites(
        cipherSuites
            .orElseGet(() -> aead(engine.getSupportedCipherSuites()))
            .toArray(String[]::new));
    if (!alpn.isEmpty()) {
      params.setApplicationProtocols(alpn.toArray(String[]::new));
    }
    if (server) {
      switch (clientAuth) {
        case NONE -> params.setNeedClientAuth(false);
        case OPTIONAL -> params.setWantClientAuth(true);
        case REQUIRED -> params.setNeedClientAuth(true);
      }
    } else {
      if (verifyHostname) {
        params.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (name.isPresent() && !isIpLiteral(name.get())) {
        params.setServerNames(List.of(new SNIHostName(name.get())));
      }
    }
    engine.setSSLParameters(params);
    if (server && !alpn.isEmpty()) {
      engine.setHandshakeApplicationProtocolSelector(
          (e, offered) -> {
            for (String mine : alpn) {
              if (offered.contains(mine)) {
                return mine;
              }
            }
            return null; // no overlap: the handshake fails with no_application_protocol
          });
    }
    return engine;
  }

  private static boolean isIpLiteral(String host) {
    try {
      InetAddress.ofLiteral(host);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The AEAD suites among {@code supported}, in the JDK's order. */
  static List<String> aead(String[] supported) {
    List<String> out = new ArrayList<>();
    for (String suite : supported) {
      boolean aeadCipher = suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305");
      boolean tls13 = suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
      if (aeadCipher && (tls13 || suite.startsWith("TLS_ECDHE_"))) {
        out.add(suite);
      }
    }
    return out;
  }

  /** Builds {@link TlsOptions}. Not thread-safe; use it on one thread, then {@link #build()}. */
  public static final class Builder {
    private final boolean server;
    private Optional<SniCertificates> certificates = Optional.empty();
    private Optional<List<X509Certificate>> trustRoots = Optional.empty();
    private List<String> alpn = List.of();
    private Optional<String> serverName = Optional.empty();
    private boolean verifyHostname = true;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private PlainHttp plainHttp = PlainHttp.CLOSE;
    private List<String> protocols = DEFAULT_PROTOCOLS;
    private Optional<List<String>> cipherSuites = Optional.empty();

    private Builder(boolean server) {
      this.server = server;
    }

    /**
     * Trust these certificates (and only these) as roots: for a client, to verify servers; for a
     * server, to verify client certificates.
     */
    public Builder trustRoots(List<X509Certificate> roots) {
      this.trustRoots = Optional.of(List.copyOf(roots));
      return this;
    }

    /** ALPN protocols in order of preference (a server picks its first one the client offers). */
    public Builder alpn(String... protocols) {
      this.alpn = Arrays.asList(protocols);
      return this;
    }

    /** A client's server name for SNI and hostname verification (instead of the host). */
    public Builder serverName(String name) {
      this.serverName = Optional.of(name);
      return this;
    }

    /** Turns hostname verification off (a client): for tests against a known peer only. */
    public Builder insecureSkipHostnameVerification() {
      this.verifyHostname = false;
      return this;
    }

    /** A client's certificate, presented when a server asks for one. */
    public Builder clientCertificate(CertificateKey key) {
      if (server) {
        throw new IllegalStateException("clientCertificate is for client options");
      }
      this.certificates = Optional.of(SniCertificates.single(key));
      return this;
    }

    /** Whether a server asks clients for certificates (verified against {@link #trustRoots}). */
    public Builder clientAuth(ClientAuth auth) {
      if (!server) {
        throw new IllegalStateException("clientAuth is for server options");
      }
      this.clientAuth = auth;
      return this;
    }

    /** How long a handshake may take (positive). */
    public Builder handshakeTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("handshake timeout must be positive, got " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * What a server does when the first bytes are not TLS: {@link PlainHttp#ANSWER_400} for an
     * HTTPS port, so a plain {@code http://} request gets a 400 saying to use https.
     */
    public Builder plainHttp(PlainHttp answer) {
      if (!server) {
        throw new IllegalStateException("plainHttp is for server options");
      }
      this.plainHttp = java.util.Objects.requireNonNull(answer, "answer");
      return this;
    }

    /** The protocol versions to enable, e.g. {@code TLSv1.3} alone. */
    public Builder protocols(String... versions) {
      this.protocols = Arrays.asList(versions);
      return this;
    }

    /** The cipher suites to enable, replacing the AEAD-only default. */
    public Builder cipherSuites(String... suites) {
      this.cipherSuites = Optional.of(Arrays.asList(suites));
      return this;
    }

    /** The options; throws {@link IllegalStateException} when the key material is unusable. */
    public TlsOptions build() {
      return new TlsOptions(this);
    }
  }
}
