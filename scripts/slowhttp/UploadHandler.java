import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The upload target of scripts/slowhttp.sh's slow-body mode: reads the whole request body and
 * answers with its length, so the server waits for the body as an upload form's handler would.
 * Written against com.sun.net.httpserver only; `braid web --handler` runs it.
 */
public final class UploadHandler implements HttpHandler {
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long length = 0;
    try (InputStream body = exchange.getRequestBody()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = body.read(buffer)) >= 0; ) {
        length += n;
      }
    }
    byte[] answer = ("received " + length + " bytes\n").getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }
}
