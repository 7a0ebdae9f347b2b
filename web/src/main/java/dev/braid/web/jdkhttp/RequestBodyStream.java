package dev.braid.web.jdkhttp;

import dev.braid.reactor.Reactor;
import dev.braid.web.BodyConsumer;
import dev.braid.web.Request;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The request body as an {@link InputStream} for a handler thread. The exchange asks the connection
 * for the body when it starts ({@link #start()}); the reactor queues what arrives, and pauses the
 * connection while more than {@link #HIGH_WATER} bytes wait for the handler, resuming it once the
 * handler has read the queue down to {@link #LOW_WATER}.
 *
 * <p>{@code read} may be called by one handler thread at a time; the consumer side runs on the
 * reactor thread. Bytes are copied out of the reactor's buffers.
 */
final class RequestBodyStream extends InputStream {
  static final int HIGH_WATER = 256 * 1024;
  static final int LOW_WATER = 64 * 1024;

  private final Reactor reactor;
  private final Request request;
  private final long maxBody;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private int headOffset;
  private long queued;
  private boolean paused;
  private boolean ended;
  private boolean closed;
  private IOException error;

  RequestBodyStream(Reactor reactor, Request request, long maxBody) {
    this.reactor = reactor;
    this.request = request;
    this.maxBody = maxBody;
  }

  /** Bytes queued for the handler, for tests. */
  synchronized long queued() {
    return queued;
  }

  /**
   * Reactor thread: asks the connection for the body at once (as the JDK's server, this sends
   * {@code 100 Continue} to a client that waits for it), so the bytes come here, bounded by the
   * queue's high-water mark, rather than into the request's own buffer.
   */
  void start() {
    request.allowBody(maxBody);
    request.readBody(
        new BodyConsumer() {
          @Override
          public void bodyData(ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            received(copy);
          }

          @Override
          public void bodyEnd() {
            synchronized (RequestBodyStream.this) {
              ended = true;
              RequestBodyStream.this.notifyAll();
            }
          }

          @Override
          public void bodyFailed(Throwable reason) {
            synchronized (RequestBodyStream.this) {
              error = new IOException("the request body failed: " + reason, reason);
              RequestBodyStream.this.notifyAll();
            }
          }
        });
  }

  /** Reactor thread: bytes of the body. */
  private void received(byte[] data) {
    boolean pause;
    synchronized (this) {
      if (closed) {
        return;
      }
      queue.add(data);
      queued += data.length;
      pause = queued > HIGH_WATER && !paused;
      if (pause) {
        paused = true;
      }
      notifyAll();
    }
    if (pause) {
      request.pauseBody();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    boolean resume = false;
    int n;
    synchronized (this) {
      if (closed) {
        throw new IOException("the request body stream is closed");
      }
      if (len == 0) {
        return 0;
      }
      while (queue.isEmpty() && !ended && error == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while reading the request body");
        }
      }
      if (queue.isEmpty()) {
        if (error != null) {
          throw error;
        }
        return -1;
      }
      byte[] head = queue.peek();
      n = Math.min(len, head.length - headOffset);
      System.arraycopy(head, headOffset, b, off, n);
      headOffset += n;
      if (headOffset == head.length) {
        queue.poll();
        headOffset = 0;
      }
      queued -= n;
      if (paused && queued <= LOW_WATER) {
        paused = false;
        resume = true;
      }
    }
    if (resume) {
      reactor.callFromThread(request::resumeBody);
    }
    return n;
  }

  @Override
  public synchronized int available() {
    return (int) Math.min(Integer.MAX_VALUE, queued);
  }

  /** Stops taking the body: what is queued is dropped and the connection drains the rest. */
  @Override
  public void close() {
    boolean resume;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      queued = 0;
      resume = paused;
      paused = false;
      notifyAll();
    }
    if (resume) {
      reactor.callFromThread(request::resumeBody);
    }
  }
}
