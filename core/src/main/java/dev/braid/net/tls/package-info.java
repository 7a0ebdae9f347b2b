/**
 * TLS over any stream transport, on the JDK's {@link javax.net.ssl.SSLEngine}: {@link Tls} wraps
 * protocol factories and endpoints (server and client) and starts TLS on a live connection; {@link
 * TlsOptions} holds the configuration (certificates, trust, ALPN, SNI, client certificates,
 * handshake timeout); {@link CertificateKey}, {@link SniCertificates} and {@link Pem} load keys and
 * certificates from PEM files and keystores; {@link DevCertificates} makes a self-signed
 * certificate for development. The {@code ssl:} and {@code tls:} endpoint types come from here.
 */
package dev.braid.net.tls;
