package dev.braid.web.client;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.Http1Encoder;
import dev.braid.web.http1.HttpParseException;
import dev.braid.web.http1.HttpVersion;
import dev.braid.web.http1.RequestHead;
import dev.braid.web.http1.ResponseHead;
import dev.braid.web.http1.ResponseParser;
import java.nio.ByteBuffer;

/**
 * The first protocol on a connection to an HTTP proxy for an {@code https} origin: sends {@code
 * CONNECT host:port}, and once the proxy answers 2xx, hands the connection to the TLS layer built
 * by {@code tls} (whose application is the {@link ClientConnection}), forwarding every later byte.
 * Reactor thread only.
 */
final class ConnectTunnel implements Protocol {
  private final String authority;
  private final ProtocolFactory tls;
  private final ClientConnection connection;
  private final HttpHeaders proxyHeaders;
  private final ResponseParser parser = new ResponseParser();
  private Transport transport;
  private Protocol inner;
  private int status;

  ConnectTunnel(
      String authority,
      ProtocolFactory tls,
      ClientConnection connection,
      HttpHeaders proxyHeaders) {
    this.authority = authority;
    this.tls = tls;
    this.connection = connection;
    this.proxyHeaders = proxyHeaders;
  }

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    HttpHeaders headers = proxyHeaders.toBuilder().set("Host", authority).build();
    transport.write(
        Http1Encoder.requestHead(
            new RequestHead("CONNECT", authority, HttpVersion.HTTP_1_1, headers)));
    parser.requestSent("CONNECT");
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (inner != null) {
      inner.dataReceived(data);
      return;
    }
    try {
      parser.feed(
          data,
          event -> {
            if (event instanceof ResponseHead head) {
              status = head.status();
            }
          });
    } catch (HttpParseException e) {
      connection.connectFailed(new ProxyConnectException("malformed answer to CONNECT", e));
      transport.abortConnection();
      return;
    }
    if (status != 0 && status / 100 != 2) {
      connection.connectFailed(
          new ProxyConnectException("proxy refused CONNECT " + authority + " with " + status));
      transport.abortConnection();
      return;
    }
    if (parser.finished()) {
      inner = connection.watchHandshake(tls.buildProtocol(transport.peerAddress()));
      inner.connectionMade(transport);
      if (data.hasRemaining()) {
        inner.dataReceived(data);
      }
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    if (inner != null) {
      inner.connectionLost(reason);
    } else {
      connection.connectFailed(
          new ProxyConnectException(
              "proxy closed the connection before CONNECT succeeded", reason));
    }
  }
}
