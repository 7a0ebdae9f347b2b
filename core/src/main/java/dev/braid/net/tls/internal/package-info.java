/**
 * Braid-internal: the TLS connection over {@link javax.net.ssl.SSLEngine} that {@code
 * dev.braid.net.tls.Tls} puts between a transport and a protocol, the SNI key manager, the {@code
 * ssl:}/{@code tls:} endpoint parser and a small DER reader for PEM keys. Not for use outside
 * Braid; its contents change without notice.
 */
package dev.braid.net.tls.internal;
