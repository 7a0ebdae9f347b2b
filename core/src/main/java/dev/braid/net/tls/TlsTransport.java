package dev.braid.net.tls;

import dev.braid.defer.Deferred;
import dev.braid.net.Transport;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A transport that carries its bytes over TLS. Everything of {@link Transport} works as over TCP:
 * writes are encrypted and handed to the transport below; {@code loseConnection} sends a TLS
 * close_notify and then closes; {@code loseWriteConnection} sends close_notify and half-closes;
 * {@code abortConnection} closes at once. Flow control: {@code bufferedBytes} counts plaintext held
 * until the handshake ends plus ciphertext not yet sent, and a registered producer is paused and
 * resumed by the transport below (on ciphertext). Reactor thread only.
 */
public interface TlsTransport extends Transport {
  /** True once the handshake has finished. */
  boolean handshakeDone();

  /**
   * A new Deferred that fires with this transport once the handshake has finished (at once if it
   * has), or fails with the reason it did not ({@link javax.net.ssl.SSLHandshakeException} for a
   * refused certificate, {@link dev.braid.net.ConnectionLost} for a timeout or a closed
   * connection).
   */
  Deferred<TlsTransport> whenHandshakeDone();

  /** The protocol chosen by ALPN, once the handshake has finished, if one was. */
  Optional<String> applicationProtocol();

  /** On a server: the name the client asked for (SNI), if it sent one. */
  Optional<String> requestedServerName();

  /** The peer's certificate chain (leaf first); empty when the peer sent none. */
  List<Certificate> peerCertificates();

  /** The TLS session (protocol version, cipher suite, ...). */
  SSLSession session();
}
