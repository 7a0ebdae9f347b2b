package dev.braid.web.client;

import dev.braid.defer.Deferred;
import dev.braid.net.Protocol;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.tls.TlsTransport;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import dev.braid.web.http1.BodyChunk;
import dev.braid.web.http1.Http1Encoder;
import dev.braid.web.http1.HttpParseException;
import dev.braid.web.http1.HttpVersion;
import dev.braid.web.http1.InterimResponse;
import dev.braid.web.http1.MessageEnd;
import dev.braid.web.http1.RequestHead;
import dev.braid.web.http1.ResponseEvent;
import dev.braid.web.http1.ResponseHead;
import dev.braid.web.http1.ResponseParser;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * One client connection: sends one request at a time and parses its response, then goes back to its
 * pool when both are complete and the connection may persist. Reactor thread only.
 */
final class ClientConnection implements Protocol {
  /** Hears what becomes of the connection. */
  interface Owner {
    void released(ClientConnection connection);

    void closed(ClientConnection connection);
  }

  final PoolingAgent.Origin origin;
  final Deferred<ClientConnection> ready = new Deferred<>();
  private final Owner owner;
  private final ReactorTime clock;
  private Transport transport;
  private final ResponseParser parser = new ResponseParser();
  private boolean closed;
  private int exchanges;
  DelayedCall idleTimer;

  private URI uri;
  private Deferred<Response> pending;
  private Response response;
  private boolean requestDone;
  private boolean responseDone;
  private boolean keepAlive;
  private boolean requestAsksClose;
  private boolean receivedAny;
  private DelayedCall responseTimer;
  private Optional<BodyProducer> producer = Optional.empty();
  private boolean bodyPaused;
  private boolean transportPaused;
  private boolean feeding;
  private boolean lost;
  private Throwable pendingLoss;

  ClientConnection(PoolingAgent.Origin origin, Owner owner, ReactorTime clock) {
    this.origin = origin;
    this.owner = owner;
    this.clock = clock;
  }

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    ready.callback(this);
  }

  /** Whether the connection was used before (a failure may then be a stale keep-alive). */
  boolean reused() {
    return exchanges > 0;
  }

  boolean usable() {
    return !closed && !lost && transport != null && !transport.disconnecting();
  }

  /** Fails the connect attempt (before connectionMade). */
  void connectFailed(Throwable reason) {
    if (!ready.called()) {
      closed = true;
      ready.errback(reason);
    }
  }

  /**
   * Watches the TLS layer built for this connection, if {@code protocol} is one: its application
   * (this connection) hears nothing when the handshake fails, so the failure is taken from there.
   */
  Protocol watchHandshake(Protocol protocol) {
    if (protocol instanceof TlsTransport tls) {
      tls.whenHandshakeDone()
          .addErrback(
              error -> {
                connectFailed(error);
                return null;
              });
    }
    return protocol;
  }

  /** Closes an idle connection. */
  void closeIdle() {
    cancel(idleTimer);
    idleTimer = null;
    if (!closed && transport != null) {
      transport.loseConnection();
    }
  }

  Deferred<Response> send(
      RequestHead head, URI uri, Optional<BodyProducer> body, Duration responseTimeout) {
    if (pending != null || response != null) {
      throw new IllegalStateException("connection busy");
    }
    this.uri = uri;
    this.pending =
        new Deferred<>(
            cancelled -> {
              // the caller gave up: the Deferred fails with its cancellation, the connection closes
              pending = null;
              abort();
            });
    this.requestDone = false;
    this.responseDone = false;
    this.receivedAny = false;
    this.requestAsksClose = head.headers().containsToken("Connection", "close");
    this.producer = body;
    parser.requestSent(head.method());
    transport.write(Http1Encoder.requestHead(head));
    Deferred<Response> result = pending;
    responseTimer =
        clock.callLater(
            responseTimeout,
            () -> {
              responseTimer = null;
              Deferred<Response> waiting = pending;
              pending = null;
              abort();
              if (waiting != null && !waiting.called()) {
                waiting.errback(
                    new ResponseTimeoutException(
                        "no response from " + uri + " within " + responseTimeout));
              }
            });
    if (body.isEmpty()) {
      requestDone = true;
    } else {
      writeBody(body.get(), head.headers().contains("Transfer-Encoding"));
    }
    return result;
  }

  private void writeBody(BodyProducer body, boolean chunked) {
    transport.registerProducer(
        new PushProducer() {
          @Override
          public void pauseProducing() {
            body.pauseProducing();
          }

          @Override
          public void resumeProducing() {
            body.resumeProducing();
          }

          @Override
          public void stopProducing() {
            body.stopProducing();
          }
        });
    long[] written = {0};
    long expected = body.length().orElse(-1);
    Deferred<Void> done =
        body.startProducing(
            data -> {
              if (closed || data.isEmpty()) {
                return;
              }
              written[0] += data.size();
              if (expected >= 0 && written[0] > expected) {
                throw new IllegalStateException(
                    "body producer wrote more than its length " + expected);
              }
              transport.write(chunked ? Http1Encoder.chunk(data) : data);
            });
    done.addCallbacks(
        ignored -> {
          if (closed) {
            return null;
          }
          transport.unregisterProducer();
          if (expected >= 0 && written[0] != expected) {
            failExchange(
                new ResponseFailedException(
                    "body producer wrote " + written[0] + " bytes, announced " + expected));
            abort();
            return null;
          }
          if (chunked) {
            transport.write(Http1Encoder.lastChunk(dev.braid.web.http.HttpHeaders.empty()));
          }
          requestDone = true;
          maybeFinish();
          return null;
        },
        error -> {
          if (!closed) {
            transport.unregisterProducer();
            failExchange(new ResponseFailedException("request body failed", error));
            abort();
          }
          return null;
        });
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (closed) {
      return;
    }
    receivedAny = true;
    if (pending == null && response == null) {
      // bytes while idle: the server is confused; do not reuse the connection
      abort();
      return;
    }
    feeding = true;
    try {
      parser.feed(data, this::event);
    } catch (HttpParseException e) {
      failExchange(
          new ResponseFailedException("malformed response from " + uri + ": " + e.getMessage(), e));
      abort();
    } finally {
      feeding = false;
    }
    if (pendingLoss != null) {
      Throwable reason = pendingLoss;
      pendingLoss = null;
      handleLoss(reason);
    }
  }

  private void event(ResponseEvent event) {
    if (closed && !(event instanceof MessageEnd)) {
      return;
    }
    switch (event) {
      case InterimResponse interim -> {}
      case ResponseHead head -> {
        cancelResponseTimer();
        keepAlive =
            !requestAsksClose
                && (head.version() == HttpVersion.HTTP_1_1
                    ? !head.headers().containsToken("Connection", "close")
                    : head.headers().containsToken("Connection", "keep-alive"));
        response =
            new Response(
                uri,
                head.version(),
                head.status(),
                head.reason(),
                head.headers(),
                new Response.BodyControl() {
                  @Override
                  public void pause() {
                    bodyPaused = true;
                    updatePause();
                  }

                  @Override
                  public void resume() {
                    bodyPaused = false;
                    updatePause();
                  }

                  @Override
                  public void stop() {
                    abort();
                  }
                });
        // no reading until someone takes the body
        bodyPaused = true;
        updatePause();
        Deferred<Response> waiting = pending;
        pending = null;
        if (waiting != null && !waiting.called()) {
          waiting.callback(response);
        }
      }
      case BodyChunk chunk -> {
        if (response != null) {
          response.bodyData(chunk.data());
        }
      }
      case MessageEnd end -> {
        responseDone = true;
        Response finished = response;
        // give the connection back first, so that whoever reads the end may reuse it at once
        maybeFinish();
        if (finished != null) {
          finished.bodyEnded(end.trailers());
        }
      }
    }
  }

  private void updatePause() {
    if (closed || transport == null) {
      return;
    }
    if (bodyPaused && !transportPaused) {
      transportPaused = true;
      transport.pauseProducing();
    } else if (!bodyPaused && transportPaused) {
      transportPaused = false;
      transport.resumeProducing();
    }
  }

  private void maybeFinish() {
    if (closed || !requestDone || !responseDone) {
      return;
    }
    exchanges++;
    response = null;
    producer = Optional.empty();
    bodyPaused = false;
    updatePause();
    if (keepAlive && !parser.finished() && !lost) {
      owner.released(this);
    } else if (!lost) {
      transport.loseConnection();
    }
  }

  private void cancelResponseTimer() {
    cancel(responseTimer);
    responseTimer = null;
  }

  static void cancel(DelayedCall call) {
    if (call != null && call.active()) {
      call.cancel();
    }
  }

  /** Fails whatever waits on the current exchange. */
  private void failExchange(Throwable reason) {
    cancelResponseTimer();
    Deferred<Response> waiting = pending;
    pending = null;
    if (waiting != null && !waiting.called()) {
      waiting.errback(reason);
    }
    Response current = response;
    if (current != null && !responseDone) {
      responseDone = true;
      current.bodyFailed(reason);
    }
  }

  /** Drops the connection now. */
  void abort() {
    if (feeding) {
      parser.pause();
    }
    if (!closed && !lost && transport != null) {
      transport.abortConnection();
    }
  }

  /** Whether the last failure happened before any byte of a response arrived. */
  boolean failedBeforeResponse() {
    return !receivedAny;
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost = true;
    if (feeding) {
      // the transport closed under one of our callbacks: finish the bytes in hand first
      pendingLoss = reason;
      return;
    }
    handleLoss(reason);
  }

  private void handleLoss(Throwable reason) {
    closed = true;
    if (response != null && !responseDone) {
      try {
        parser.endOfInput(this::event);
      } catch (HttpParseException e) {
        // reported below as a broken response
      }
    }
    cancelResponseTimer();
    cancel(idleTimer);
    idleTimer = null;
    producer.ifPresent(BodyProducer::stopProducing);
    if (!ready.called()) {
      ready.errback(reason);
    }
    failExchange(
        new ResponseFailedException(
            "connection to " + origin + " closed before the response was complete", reason));
    owner.closed(this);
  }
}
