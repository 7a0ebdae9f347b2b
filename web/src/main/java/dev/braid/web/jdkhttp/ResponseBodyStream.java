package dev.braid.web.jdkhttp;

import dev.braid.bytes.ByteString;
import dev.braid.net.PushProducer;
import dev.braid.reactor.Reactor;
import dev.braid.web.Request;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response body as an {@link OutputStream} for a handler thread. Writes are gathered in a 16
 * KiB buffer and handed to the reactor, which writes them to the {@link Request}. The stream is
 * registered with the connection as a push producer: while the connection's write buffer is above
 * its high-water mark, or more than {@link #MAX_IN_FLIGHT} bytes wait for the reactor, the handler
 * thread blocks in {@code write}. So a slow client holds the handler, not memory.
 *
 * <p>{@code write}, {@code flush} and {@code close} are for one handler thread at a time; the
 * producer methods are called on the reactor thread.
 */
final class ResponseBodyStream extends OutputStream {
  static final int BUFFER = 16 * 1024;
  static final int MAX_IN_FLIGHT = 128 * 1024;

  private final Reactor reactor;
  private final BraidHttpExchange exchange;
  private final Request request;
  private final byte[] buffer = new byte[BUFFER];
  private int count;
  private long declared = -1;
  private long written;
  private long inFlight;
  private boolean open;
  private boolean paused;
  private boolean closed;
  private IOException failure;

  final PushProducer producer =
      new PushProducer() {
        @Override
        public void pauseProducing() {
          synchronized (ResponseBodyStream.this) {
            paused = true;
          }
        }

        @Override
        public void resumeProducing() {
          synchronized (ResponseBodyStream.this) {
            paused = false;
            ResponseBodyStream.this.notifyAll();
          }
        }

        @Override
        public void stopProducing() {
          fail(new IOException("the connection closed"));
        }
      };

  ResponseBodyStream(Reactor reactor, BraidHttpExchange exchange, Request request) {
    this.reactor = reactor;
    this.exchange = exchange;
    this.request = request;
  }

  /** Handler thread, from sendResponseHeaders: the body may be written now. */
  synchronized void opened(long length) {
    open = true;
    declared = length;
  }

  /** Any thread: the client went away; writes fail from now on. */
  synchronized void fail(IOException reason) {
    if (failure == null) {
      failure = reason;
    }
    notifyAll();
  }

  /** Bytes handed to the reactor and not yet written to the connection, for tests. */
  synchronized long inFlight() {
    return inFlight;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    check();
    if (declared == -1 && len > 0) {
      throw new IOException("the response has no body (sendResponseHeaders with -1)");
    }
    if (declared > 0 && written + count + len > declared) {
      throw new IOException("too many bytes for the response: Content-Length is " + declared);
    }
    while (len > 0) {
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
      if (count == buffer.length) {
        send();
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    check();
    send();
  }

  private void check() throws IOException {
    if (closed) {
      throw new IOException("the response body stream is closed");
    }
    if (!open) {
      throw new IOException("sendResponseHeaders was not called");
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Hands the buffered bytes to the reactor, first waiting while the connection is full. */
  private void send() throws IOException {
    if (count == 0) {
      return;
    }
    while ((paused || inFlight >= MAX_IN_FLIGHT) && failure == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while writing the response");
      }
    }
    if (failure != null) {
      throw failure;
    }
    ByteString data = ByteString.of(buffer, 0, count);
    int n = count;
    count = 0;
    written += n;
    inFlight += n;
    reactor.callFromThread(
        () -> {
          try {
            if (!request.finished()) {
              request.write(data);
            }
          } finally {
            synchronized (ResponseBodyStream.this) {
              inFlight -= n;
              notifyAll();
            }
          }
        });
  }

  /**
   * Ends the body: sends what is buffered and finishes the response. A fixed-length body that is
   * shorter than announced fails with an IOException and the connection is aborted, so the client
   * cannot take the short body for the whole.
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!open) {
        closed = true;
        return;
      }
      if (failure == null) {
        send();
      }
      closed = true;
      if (failure == null && declared > 0 && written < declared) {
        exchange.abort();
        throw new IOException(
            "insufficient bytes written: " + written + " of Content-Length " + declared);
      }
    }
    exchange.finishResponse();
  }
}
