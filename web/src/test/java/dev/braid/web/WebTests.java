package dev.braid.web;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import dev.braid.web.client.Agent;
import dev.braid.web.client.BodyProducer;
import dev.braid.web.client.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** What several web test classes need: waiting for a server, a large upload, a Python server. */
public final class WebTests {
  private WebTests() {}

  /**
   * Starts Python's {@code http.server} serving {@code dir} on 127.0.0.1:{@code port}; the test's
   * end stops it. Wait for it with {@link #whenUp}.
   */
  public static RealPeer pythonHttpServer(Reactor reactor, Path dir, int port) throws IOException {
    return RealPeer.command(
            "python3",
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            "--directory",
            dir.toString(),
            Integer.toString(port))
        .start(reactor);
  }

  /**
   * On a thread of {@code reactor}'s pool: connects to 127.0.0.1:{@code port}, writes {@code
   * request} (ISO-8859-1) and returns everything the server sends until it closes the connection. A
   * read that waits over 20 s fails (a server that never closes fails the test, it does not hang
   * it); a reset after the server closed with unread input ends the reading.
   */
  public static Deferred<String> readUntilClosed(Reactor reactor, int port, String request) {
    return reactor.deferToThread(
        () -> {
          try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            try {
              s.getOutputStream()
                  .write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
              // the server may close before taking everything; its answer is what counts
            }
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
              for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
                got.write(buf, 0, n);
              }
            } catch (java.net.SocketTimeoutException e) {
              throw e;
            } catch (java.net.SocketException e) {
              // a reset after the server closed still leaves what was read
            }
            return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
          }
        });
  }

  /**
   * Requests {@code uri} until the server answers, at most {@code attempts} times, 50 ms apart on
   * the reactor's clock (no sleeping); fails with the last error.
   */
  public static Deferred<Response> whenUp(ReactorTester t, Agent agent, URI uri, int attempts) {
    return agent
        .request("GET", uri)
        .addErrback(
            Exception.class,
            error -> {
              if (attempts <= 1) {
                throw error;
              }
              return null;
            })
        .addDeferredCallback(
            response -> {
              if (response != null) {
                return Deferred.succeed(response);
              }
              Deferred<Void> later = new Deferred<>();
              t.reactor().callLater(Duration.ofMillis(50), () -> later.callback(null));
              return later.addDeferredCallback(ignored -> whenUp(t, agent, uri, attempts - 1));
            });
  }

  /**
   * A request body of {@code total} zero bytes in 64 KiB chunks that produces only while the
   * connection does not pause it, so a test can see how far ahead of the reader it ran.
   */
  public static final class CountingSource implements BodyProducer {
    private static final byte[] CHUNK = new byte[64 * 1024];
    private final Reactor reactor;
    private final long total;
    private final boolean lengthKnown;
    private final Deferred<Void> finished = new Deferred<>();
    private Consumer<ByteString> out;
    private long produced;
    private boolean paused;

    /** {@code lengthKnown}: send a Content-Length (else the body is chunked). */
    public CountingSource(Reactor reactor, long total, boolean lengthKnown) {
      this.reactor = reactor;
      this.total = total;
      this.lengthKnown = lengthKnown;
    }

    /** Bytes handed to the connection so far. */
    public long produced() {
      return produced;
    }

    /** Whether the connection has paused this producer. */
    public boolean paused() {
      return paused;
    }

    @Override
    public OptionalLong length() {
      return lengthKnown ? OptionalLong.of(total) : OptionalLong.empty();
    }

    @Override
    public Deferred<Void> startProducing(Consumer<ByteString> consumer) {
      out = consumer;
      reactor.callLater(Duration.ZERO, this::pump);
      return finished;
    }

    private void pump() {
      while (!paused && produced < total) {
        produced += CHUNK.length;
        out.accept(ByteString.copyOf(ByteBuffer.wrap(CHUNK)));
      }
      if (produced == total && !finished.called()) {
        finished.callback(null);
      }
    }

    @Override
    public void pauseProducing() {
      paused = true;
    }

    @Override
    public void resumeProducing() {
      paused = false;
      pump();
    }
  }
}
