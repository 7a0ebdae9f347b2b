package dev.braid.web.client;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A response whose head has arrived; its body follows. Read it whole with {@link #readBody(long)},
 * or stream it with {@link #deliverBody(BodyConsumer)} and {@link #pauseBody()}/{@link
 * #resumeBody()} for backpressure. Until a consumer is given, the connection stops reading (what
 * was already read is kept). Reading the body to its end gives the connection back to the pool;
 * {@link #stopBody()} closes it instead.
 *
 * <p>Reactor thread only.
 */
public final class Response {
  /** What a response's body comes from: pauses, resumes or abandons the source. */
  interface BodyControl {
    void pause();

    void resume();

    void stop();
  }

  private final URI uri;
  private final HttpVersion version;
  private final int status;
  private final String reason;
  private final HttpHeaders headers;
  private final BodyControl control;
  private final List<ByteString> pending = new ArrayList<>();
  private BodyConsumer consumer;
  private HttpHeaders trailers;
  private Throwable failure;
  private boolean stopped;
  private boolean delivered;
  private Response source;
  private Function<BodyConsumer, BodyConsumer> decoder;

  Response(
      URI uri,
      HttpVersion version,
      int status,
      String reason,
      HttpHeaders headers,
      BodyControl control) {
    this.uri = uri;
    this.version = version;
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.control = control;
  }

  /** The URI that was requested (after redirects: the last one). */
  public URI uri() {
    return uri;
  }

  /** The version the server answered with. */
  public HttpVersion version() {
    return version;
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** The reason phrase (may be empty). */
  public String reason() {
    return reason;
  }

  /** The response headers. */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * Starts delivering the body to {@code consumer} (once per response): first what already arrived,
   * then the rest as it comes.
   */
  public void deliverBody(BodyConsumer consumer) {
    if (delivered) {
      throw new IllegalStateException("the body of a response can be delivered only once");
    }
    delivered = true;
    if (source != null) {
      source.deliverBody(decoder.apply(consumer));
      return;
    }
    this.consumer = consumer;
    for (ByteString data : pending) {
      consumer.dataReceived(data);
    }
    pending.clear();
    if (trailers != null) {
      consumer.bodyEnded(trailers);
    } else if (failure != null) {
      consumer.bodyFailed(failure);
    } else {
      control.resume();
    }
  }

  /** Stops reading the body until {@link #resumeBody()} (backpressure). */
  public void pauseBody() {
    control.pause();
  }

  /** Goes on reading the body. */
  public void resumeBody() {
    control.resume();
  }

  /** Abandons the body: the connection is closed and the consumer hears nothing more. */
  public void stopBody() {
    if (source != null) {
      stopped = true;
      source.stopBody();
      return;
    }
    if (!stopped && trailers == null && failure == null) {
      stopped = true;
      control.stop();
    }
  }

  /**
   * Reads the whole body: fires with it, or fails with {@link BodyTooLargeException} as soon as it
   * exceeds {@code maxBytes} (the connection is then closed), or with the body's error.
   */
  public Deferred<ByteString> readBody(long maxBytes) {
    Deferred<ByteString> result = new Deferred<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    deliverBody(
        new BodyConsumer() {
          @Override
          public void dataReceived(ByteString data) {
            if (result.called()) {
              return;
            }
            if (out.size() + (long) data.size() > maxBytes) {
              stopBody();
              result.errback(
                  new BodyTooLargeException("response body exceeds " + maxBytes + " bytes"));
              return;
            }
            out.writeBytes(data.toByteArray());
          }

          @Override
          public void bodyEnded(HttpHeaders trailers) {
            if (!result.called()) {
              result.callback(ByteString.wrapOwned(out.toByteArray()));
            }
          }

          @Override
          public void bodyFailed(Throwable reason) {
            if (!result.called()) {
              result.errback(reason);
            }
          }
        });
    return result;
  }

  /** A response with other headers whose body is this one's, as seen through {@code decoder}. */
  Response transformed(HttpHeaders newHeaders, Function<BodyConsumer, BodyConsumer> decoder) {
    Response outer = new Response(uri, version, status, reason, newHeaders, control);
    outer.source = this;
    outer.decoder = decoder;
    return outer;
  }

  void bodyData(ByteString data) {
    if (stopped || data.isEmpty()) {
      return;
    }
    if (consumer == null) {
      pending.add(data);
    } else {
      consumer.dataReceived(data);
    }
  }

  void bodyEnded(HttpHeaders trailers) {
    if (stopped) {
      return;
    }
    this.trailers = trailers;
    if (consumer != null) {
      consumer.bodyEnded(trailers);
    }
  }

  void bodyFailed(Throwable reason) {
    if (stopped || trailers != null || failure != null) {
      return;
    }
    this.failure = reason;
    if (consumer != null) {
      consumer.bodyFailed(reason);
    }
  }
}
