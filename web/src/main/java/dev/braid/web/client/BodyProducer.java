package dev.braid.web.client;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The body of a request, written with backpressure: the connection calls {@link #startProducing}
 * once, and {@link #pauseProducing}/{@link #resumeProducing} as the socket's buffer fills and
 * drains. Reactor thread only. Each {@link ByteString} given to the consumer is written as is.
 */
public interface BodyProducer {
  /** The body's length if known (sent as Content-Length), else empty (sent chunked). */
  OptionalLong length();

  /**
   * Starts writing the body to {@code consumer}; the Deferred fires when all of it was written, or
   * fails to abort the request.
   */
  Deferred<Void> startProducing(Consumer<ByteString> consumer);

  /** Stop writing for now (the connection's buffer is full). */
  default void pauseProducing() {}

  /** Go on writing. */
  default void resumeProducing() {}

  /** The request was abandoned: write nothing more. */
  default void stopProducing() {}

  /** A producer writing {@code body} at once, with its length known. */
  static BodyProducer of(ByteString body) {
    return new BodyProducer() {
      @Override
      public OptionalLong length() {
        return OptionalLong.of(body.size());
      }

      @Override
      public Deferred<Void> startProducing(Consumer<ByteString> consumer) {
        if (!body.isEmpty()) {
          consumer.accept(body);
        }
        return Deferred.succeed(null);
      }
    };
  }
}
