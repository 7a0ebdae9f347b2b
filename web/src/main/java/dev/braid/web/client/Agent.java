package dev.braid.web.client;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.web.http.HttpHeaders;
import java.net.URI;
import java.util.Optional;

/**
 * Makes HTTP requests: Twisted's IAgent. {@link #builder(Reactor)} makes the connection-pooling
 * agent; {@link RedirectAgent} and {@link ContentDecoderAgent} wrap any agent. Reactor thread only.
 */
public interface Agent {
  /**
   * Sends a request and fires with the {@link Response} once its head has arrived (its body follows
   * through {@link Response#deliverBody} or {@link Response#readBody}). Fails with the connect
   * error, {@link ResponseTimeoutException}, or {@link ResponseFailedException} when the connection
   * broke or the response was malformed.
   *
   * @param method a token, as {@code "GET"}
   * @param uri an absolute {@code http} or {@code https} URI
   * @param headers request headers; Host, Content-Length and Transfer-Encoding are set by the agent
   * @param body the request body, if any
   */
  Deferred<Response> request(
      String method, URI uri, HttpHeaders headers, Optional<BodyProducer> body);

  /** {@code request(method, uri, HttpHeaders.empty(), Optional.empty())}. */
  default Deferred<Response> request(String method, URI uri) {
    return request(method, uri, HttpHeaders.empty(), Optional.empty());
  }

  /** A builder for the connection-pooling agent on {@code reactor}. */
  static PoolingAgent.Builder builder(Reactor reactor) {
    return PoolingAgent.builder(reactor);
  }
}
