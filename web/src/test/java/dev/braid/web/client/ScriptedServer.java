package dev.braid.web.client;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor;
import dev.braid.testing.ReactorTester;
import dev.braid.web.http1.BodyChunk;
import dev.braid.web.http1.HttpParseException;
import dev.braid.web.http1.MessageEnd;
import dev.braid.web.http1.RequestHead;
import dev.braid.web.http1.RequestParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A tiny HTTP responder for client tests, on Braid's TCP: parses requests with the codec, records
 * them, and writes whatever raw bytes the script returns (nothing: no answer; {@link #CLOSE} at the
 * end: close after writing).
 */
final class ScriptedServer {
  /** A request the server received, with the number of the connection it came on. */
  record Exchange(RequestHead head, ByteString body, int connection) {}

  static final String CLOSE = "\u0000close";

  final List<Exchange> exchanges = new ArrayList<>();
  final List<Deferred<Void>> lost = new ArrayList<>();
  final List<Transport> transports = new ArrayList<>();
  private final Function<Exchange, String> script;
  private ListeningPort port;
  int connections;

  private ScriptedServer(Function<Exchange, String> script) {
    this.script = script;
  }

  static ScriptedServer start(Reactor reactor, Function<Exchange, String> script)
      throws IOException {
    ScriptedServer server = new ScriptedServer(script);
    server.port =
        reactor.listenTcp(
            0, server.factory(), TcpListenOptions.defaults().withInterface("127.0.0.1"));
    return server;
  }

  /** A server listening through {@code wrap} (for TLS). */
  static ScriptedServer start(
      Reactor reactor,
      Function<Exchange, String> script,
      Function<ProtocolFactory, ProtocolFactory> wrap)
      throws IOException {
    ScriptedServer server = new ScriptedServer(script);
    server.port =
        reactor.listenTcp(
            0,
            wrap.apply(server.factory()),
            TcpListenOptions.defaults().withInterface("127.0.0.1"));
    return server;
  }

  int port() {
    return ((InetSocketAddress) port.address()).getPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  ProtocolFactory factory() {
    return peer -> {
      Deferred<Void> done = new Deferred<>();
      return new Protocol() {
        int number;
        final RequestParser parser = new RequestParser();
        Transport transport;
        RequestHead head;
        ByteString body = ByteString.EMPTY;

        @Override
        public void connectionMade(Transport transport) {
          this.transport = transport;
          number = ++connections;
          lost.add(done);
          transports.add(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
          try {
            parser.feed(
                data,
                event -> {
                  switch (event) {
                    case RequestHead h -> {
                      head = h;
                      body = ByteString.EMPTY;
                    }
                    case BodyChunk c -> body = body.concat(c.data());
                    case MessageEnd end -> {
                      Exchange exchange = new Exchange(head, body, number);
                      exchanges.add(exchange);
                      String answer = script.apply(exchange);
                      boolean close = answer.endsWith(CLOSE);
                      if (close) {
                        answer = answer.substring(0, answer.length() - CLOSE.length());
                      }
                      transport.write(
                          ByteString.encode(answer, java.nio.charset.StandardCharsets.ISO_8859_1));
                      if (close) {
                        transport.loseConnection();
                      }
                    }
                  }
                });
          } catch (HttpParseException e) {
            transport.write("HTTP/1.1 " + e.status() + " Bad\r\nContent-Length: 0\r\n\r\n");
            transport.loseConnection();
          }
        }

        @Override
        public void connectionLost(Throwable reason) {
          done.callback(null);
        }
      };
    };
  }

  /** Writes raw bytes on the newest connection (for tests that answer by hand). */
  void writeRaw(String text) {
    transports.getLast().write(text);
  }

  /** Stops listening and closes every connection, waiting for each to end. */
  void stop(ReactorTester tester) {
    tester.await(port.stopListening());
    for (Transport transport : transports) {
      transport.abortConnection();
    }
    tester.await(Deferred.gather(lost));
  }

  static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }
}
