package dev.braid.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A handler written against {@code com.sun.net.httpserver} for {@code braid web --handler}: answers
 * the method, the path and the length of the body it read.
 */
public final class HelloHandler implements HttpHandler {
  /** Made by {@code braid web --handler} with this constructor. */
  public HelloHandler() {}

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long n;
    try (InputStream in = exchange.getRequestBody()) {
      n = in.transferTo(OutputStream.nullOutputStream());
    }
    byte[] answer =
        ("hello "
                + exchange.getRequestMethod()
                + " "
                + exchange.getRequestURI().getPath()
                + " "
                + n
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }
}
