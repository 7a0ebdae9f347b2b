package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small application written only against {@code com.sun.net.httpserver}: the same code runs on
 * the JDK's server and on Braid.
 */
final class EchoApp {
  /** Bytes the stream handler has written so far (for backpressure tests). */
  final AtomicLong streamed = new AtomicLong();

  /** Thread of the last stream handler. */
  volatile Thread streamThread;

  /** The pattern byte at {@code i} of a streamed body. */
  static byte pattern(long i) {
    return (byte) (i * 31 + (i >> 16));
  }

  void install(HttpServer server) {
    server.createContext("/app/echo", this::echo);
    server.createContext("/app/stream", this::stream);
    HttpContext headers = server.createContext("/app/headers", EchoApp::headers);
    headers.getFilters().add(new MarkingFilter());
    headers.getAttributes().put("app", "echo-app");
    server.createContext("/app/empty", EchoApp::empty);
  }

  /** POST: answers the body back with its length, and the method in X-Method. */
  void echo(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.getResponseHeaders().add("X-Method", exchange.getRequestMethod());
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** GET /app/stream?N: N bytes of the pattern, chunked (length 0). */
  void stream(HttpExchange exchange) throws IOException {
    streamThread = Thread.currentThread();
    String query = exchange.getRequestURI().getRawQuery();
    long total = query == null ? 10L << 20 : Long.parseLong(query);
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, 0);
    byte[] block = new byte[32 * 1024];
    try (OutputStream out = exchange.getResponseBody()) {
      long i = 0;
      while (i < total) {
        int n = (int) Math.min(block.length, total - i);
        for (int k = 0; k < n; k++) {
          block[k] = pattern(i + k);
        }
        out.write(block, 0, n);
        i += n;
        streamed.set(i);
      }
    }
  }

  /** Describes the request: method, URI, a header, the remote address, attributes. */
  static void headers(HttpExchange exchange) throws IOException {
    String text =
        "method="
            + exchange.getRequestMethod()
            + "\nuri="
            + exchange.getRequestURI()
            + "\nx-test="
            + exchange.getRequestHeaders().get("X-Test")
            + "\nremote-loopback="
            + exchange.getRemoteAddress().getAddress().isLoopbackAddress()
            + "\nmarked="
            + exchange.getAttribute("marked")
            + "\napp="
            + exchange.getHttpContext().getAttributes().get("app")
            + "\ncontext="
            + exchange.getHttpContext().getPath()
            + "\nprotocol="
            + exchange.getProtocol()
            + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().add("X-Multi", "one");
    exchange.getResponseHeaders().add("X-Multi", "two");
    exchange.sendResponseHeaders(201, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** 204, no body. */
  static void empty(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  /** Marks each exchange with an attribute and a response header. */
  static final class MarkingFilter extends Filter {
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      exchange.setAttribute("marked", "yes");
      exchange.getResponseHeaders().add("X-Filter", "1");
      chain.doFilter(exchange);
    }

    @Override
    public String description() {
      return "marks exchanges";
    }
  }

  /** A handler answering the path it was called for, for resource mounting tests. */
  static final class PathHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      byte[] b = exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, b.length);
      exchange.getResponseBody().write(b);
      exchange.close();
    }
  }
}
