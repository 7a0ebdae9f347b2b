package dev.braid.net.tls.internal;

import dev.braid.defer.Deferred;
import dev.braid.net.ConnectionLost;
import dev.braid.net.Layer;
import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.PullProducer;
import dev.braid.net.Transport;
import dev.braid.net.tls.TlsOptions;
import dev.braid.net.tls.TlsTransport;
import dev.braid.time.ReactorTime;
import dev.braid.time.Timeout;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection, a {@link Layer}: the protocol of the transport below (it gets the ciphertext)
 * and the transport of the protocol above (it gets the plaintext). Data flow:
 *
 * <pre>
 *   lower.dataReceived(ciphertext) -> [ClientHello guard] -> netIn -> engine.unwrap -> appIn
 *        -> app.dataReceived(read-only view, lent)
 *   app write(plaintext) -> (held until the handshake ends) -> engine.wrap -> lower.write(new buffer)
 * </pre>
 *
 * The application's {@code connectionMade} runs when the handshake has finished (for {@code
 * startTls}, the application is already connected). As a layer it stacks with any other (PROXY
 * header, policies) in any order, and the protocol above may switch protocols on it ({@link
 * #switchProtocol}: STARTTLS, AMP's protocol switch): every later plaintext event goes to the new
 * protocol. Delegated engine tasks run inline on the reactor thread. A server refuses a client's
 * TLS 1.2 renegotiation (a ClientHello after the handshake): the connection closes before the
 * engine works on it. Reactor thread only.
 */
public final class TlsConnection extends Layer implements TlsTransport {
  private static final Logger LOG = LoggerFactory.getLogger(TlsConnection.class);
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** The largest TLS record body (2^14) the ClientHello may be carried in. */
  static final int MAX_RECORD = 16384;

  private final ReactorTime clock;
  private final SSLEngine engine;
  private final Protocol app;
  private final Duration handshakeTimeout;
  private final boolean guardClientHello;
  private final TlsOptions.PlainHttp plainHttp;

  private ByteBuffer netIn = ByteBuffer.allocate(17 * 1024);
  private ByteBuffer appIn;
  private boolean helloChecked;
  private final boolean appConnected;
  private boolean handshakeDone;
  private boolean readPaused;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean inboundDone;
  private boolean disconnecting;
  private boolean closeAfterHandshake;
  private boolean shutWriteAfterHandshake;
  private boolean closeWhenUnregistered;
  private Throwable failure;
  private final Timeout timer;
  private final List<ByteBuffer> pending = new ArrayList<>();
  private long pendingBytes;
  private List<Deferred<TlsTransport>> waiters = new ArrayList<>();
  private Producer producer;

  private TlsConnection(
      ReactorTime clock,
      SSLEngine engine,
      Protocol app,
      Duration timeout,
      boolean appConnected,
      TlsOptions.PlainHttp plainHttp) {
    this.clock = clock;
    this.plainHttp = plainHttp;
    this.engine = engine;
    this.app = app;
    this.handshakeTimeout = timeout;
    this.timer = clock.timeout(this::handshakeTimedOut);
    this.appConnected = appConnected;
    this.guardClientHello = !engine.getUseClientMode();
    this.helloChecked = !guardClientHello;
    this.appIn = ByteBuffer.allocate(4 * engine.getSession().getApplicationBufferSize());
  }

  /**
   * A TLS layer for a new connection: install it as the protocol of the transport below; {@code
   * app} hears {@code connectionMade} once the handshake has finished.
   */
  public static TlsConnection create(
      ReactorTime clock, SSLEngine engine, Protocol app, Duration handshakeTimeout) {
    return create(clock, engine, app, handshakeTimeout, TlsOptions.PlainHttp.CLOSE);
  }

  /**
   * As {@link #create(ReactorTime, SSLEngine, Protocol, Duration)}; a server does {@code plainHttp}
   * with a first record that is not TLS.
   */
  public static TlsConnection create(
      ReactorTime clock,
      SSLEngine engine,
      Protocol app,
      Duration handshakeTimeout,
      TlsOptions.PlainHttp plainHttp) {
    return new TlsConnection(clock, engine, app, handshakeTimeout, false, plainHttp);
  }

  /**
   * A TLS layer for a connection whose {@code app} is already connected (STARTTLS); the caller
   * switches the transport below to it and calls {@link #connectionMade}.
   */
  public static TlsConnection forStartTls(
      ReactorTime clock, SSLEngine engine, Protocol app, Duration handshakeTimeout) {
    return new TlsConnection(
        clock, engine, app, handshakeTimeout, true, TlsOptions.PlainHttp.CLOSE);
  }

  /** The application protocol this layer was made for (the one above, unless it switched since). */
  public Protocol application() {
    return app;
  }

  // ------------------------------------------------------------ events from the transport below

  /**
   * Starts the handshake. For {@code startTls} the application is already connected, so it is put
   * above this layer without hearing {@code connectionMade} again; otherwise it is attached when
   * the handshake has finished.
   */
  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    if (appConnected) {
      switchProtocol(app);
    }
    timer.setTimeout(handshakeTimeout);
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      fail(e);
      return;
    }
    pump();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (lost() || failure != null) {
      return;
    }
    if (netIn.remaining() < data.remaining()) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + data.remaining()));
      netIn.flip();
      netIn = bigger.put(netIn);
    }
    netIn.put(data);
    if (!helloChecked && !checkClientHello()) {
      return;
    }
    pump();
  }

  /**
   * Refuses a first record that is not a ClientHello fitting in one record (2^14 bytes), before the
   * engine sees any of it. Returns false while undecided (fewer than 9 bytes) or refused.
   */
  private boolean checkClientHello() {
    int have = netIn.position();
    if (have >= 1 && netIn.get(0) != 22) {
      if (plainHttp == TlsOptions.PlainHttp.ANSWER_400) {
        switch (PlainHttpRequest.check(netIn)) {
          case UNDECIDED -> {
            return false;
          }
          case REQUEST_LINE -> {
            return answerPlainHttp();
          }
          case OTHER -> {}
        }
      }
      return refuseHello("the first record is not a TLS handshake record");
    }
    if (have >= 5) {
      int recordLength = ((netIn.get(3) & 0xff) << 8) | (netIn.get(4) & 0xff);
      if (recordLength > MAX_RECORD) {
        return refuseHello("a record of " + recordLength + " bytes (over " + MAX_RECORD + ")");
      }
      if (have >= 9) {
        if (netIn.get(5) != 1) {
          return refuseHello("the first handshake message is not a ClientHello");
        }
        int helloLength =
            ((netIn.get(6) & 0xff) << 16) | ((netIn.get(7) & 0xff) << 8) | (netIn.get(8) & 0xff);
        if (helloLength + 4 > recordLength) {
          return refuseHello("a ClientHello of " + helloLength + " bytes, larger than its record");
        }
        helloChecked = true;
        return true;
      }
    }
    return false;
  }

  /** A plain HTTP request where the ClientHello was expected: a 400 that says so, then close. */
  private boolean answerPlainHttp() {
    LOG.info(
        "TLS: a plain HTTP request from {} on a TLS port; answering 400", below().peerAddress());
    failure = new ConnectionLost("TLS: a plain HTTP request on a TLS port (answered 400)", null);
    failWaiters(failure);
    below().write(PlainHttpRequest.answer());
    below().loseConnection();
    return false;
  }

  private boolean refuseHello(String what) {
    LOG.info("TLS: refusing the connection from {}: {}", below().peerAddress(), what);
    failure = new ConnectionLost("TLS: refused " + what, null);
    failWaiters(failure);
    below().abortConnection();
    return false;
  }

  /**
   * The transport below was half-closed by the peer: without a TLS close_notify first, that is a
   * truncation, and the connection is aborted.
   */
  @Override
  public void readConnectionLost() {
    if (lost() || inboundDone || disconnecting) {
      return; // the application already heard the TLS-level close, or is closing
    }
    if (failure != null) {
      below().abortConnection();
      return;
    }
    ConnectionLost reason =
        new ConnectionLost(
            handshakeDone
                ? "TLS: the peer closed the connection without a close_notify"
                : "TLS: the peer closed the connection during the handshake",
            null);
    failure = reason;
    failWaiters(reason);
    below().abortConnection();
  }

  /**
   * Fails the handshake's waiters if it had not finished, then passes the loss up (with the TLS
   * failure as the reason, if there was one) to the protocol above, if it was connected.
   */
  @Override
  public void connectionLost(Throwable reason) {
    if (lost()) {
      return;
    }
    cancelTimer();
    Throwable why = failure != null ? failure : reason;
    if (!handshakeDone) {
      if (failure == null) {
        failure = new ConnectionLost("TLS: the connection closed during the handshake", reason);
      }
      failWaiters(failure);
    }
    if (innerIfAttached().isEmpty() && failure != null) {
      LOG.debug("TLS handshake failed", failure);
    }
    super.connectionLost(why);
  }

  // ------------------------------------------------------------ the engine

  private void pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        step();
      } while (pumpAgain && !lost() && failure == null);
    } catch (SSLException e) {
      fail(e);
    } finally {
      pumping = false;
    }
  }

  private void step() throws SSLException {
    while (!lost() && failure == null) {
      HandshakeStatus status = engine.getHandshakeStatus();
      switch (status) {
        case NEED_TASK -> {
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
        }
        case NEED_WRAP -> {
          if (engine.isOutboundDone()) {
            return;
          }
          wrap(new ByteBuffer[] {EMPTY});
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (!unwrapOnce()) {
            return;
          }
        }
        case NOT_HANDSHAKING, FINISHED -> {
          if (!handshakeDone) {
            handshakeFinished();
            continue;
          }
          if (readPaused || inboundDone || !unwrapOnce()) {
            return;
          }
        }
      }
    }
  }

  /** One unwrap; false when more ciphertext is needed (or the inbound side closed). */
  private boolean unwrapOnce() throws SSLException {
    if (inboundDone) {
      return false;
    }
    netIn.flip();
    SSLEngineResult result;
    try {
      // after the handshake, decrypt several records before one dataReceived when they are here
      do {
        result = engine.unwrap(netIn, appIn);
      } while (handshakeDone
          && result.getStatus() == Status.OK
          && result.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
          && netIn.hasRemaining()
          && appIn.remaining() >= engine.getSession().getApplicationBufferSize());
    } finally {
      netIn.compact();
    }
    if (result.getHandshakeStatus() == HandshakeStatus.FINISHED && !handshakeDone) {
      handshakeFinished();
    } else if (handshakeDone && guardClientHello && startsRenegotiation(result)) {
      deliver();
      refuseRenegotiation();
      return false;
    }
    deliver();
    switch (result.getStatus()) {
      case BUFFER_UNDERFLOW -> {
        return false;
      }
      case BUFFER_OVERFLOW -> {
        appIn =
            ByteBuffer.allocate(appIn.capacity() + engine.getSession().getApplicationBufferSize());
        return true;
      }
      case CLOSED -> {
        inboundDone = true;
        peerClosed();
        return false;
      }
      case OK -> {
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0 || netIn.position() > 0;
      }
    }
    return false;
  }

  /**
   * True when a record unwrapped after the handshake began a new one: under TLS 1.2 only a
   * ClientHello can (a renegotiation). Under TLS 1.3 there is no renegotiation, and the engine
   * leaves NOT_HANDSHAKING for post-handshake messages (a KeyUpdate wants an answer), so 1.3 is
   * left alone.
   */
  private boolean startsRenegotiation(SSLEngineResult result) {
    HandshakeStatus status = result.getHandshakeStatus();
    return status != HandshakeStatus.NOT_HANDSHAKING
        && status != HandshakeStatus.FINISHED
        && !"TLSv1.3".equals(engine.getSession().getProtocol());
  }

  /**
   * Refuses a client's renegotiation before the engine does any of its work (each would cost a full
   * handshake's CPU): the connection is closed with an alert, logged at INFO.
   */
  private void refuseRenegotiation() {
    fail(
        new ConnectionLost(
            "TLS: the client tried to renegotiate the session; renegotiation is refused", null));
  }

  private void deliver() {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    ByteBuffer view = appIn.asReadOnlyBuffer();
    try {
      if (!lost()) {
        super.dataReceived(view);
      }
    } finally {
      appIn.clear();
    }
  }

  private void peerClosed() {
    if (!handshakeDone) {
      fail(new ConnectionLost("TLS: the peer closed during the handshake", null));
      return;
    }
    super.readConnectionLost(); // the protocol above hears it, or the connection closes
  }

  /**
   * Encrypts {@code sources} (all of it, unless the engine closes) and hands the records to the
   * transport below: up to four records per buffer, so a large write costs few buffers and writes.
   */
  private void wrap(ByteBuffer[] sources) throws SSLException {
    int packet = engine.getSession().getPacketBufferSize();
    boolean stop = false;
    do {
      long left = remaining(sources);
      int records = (int) Math.min(4, Math.max(1, (left + MAX_RECORD - 1) / MAX_RECORD));
      ByteBuffer out = ByteBuffer.allocate(packet * records);
      do {
        SSLEngineResult result = engine.wrap(sources, out);
        if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
        }
        if (result.getStatus() == Status.CLOSED
            || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
          stop = true;
        }
      } while (!stop && remaining(sources) > 0 && out.remaining() >= packet);
      out.flip();
      if (out.hasRemaining()) {
        below().write(out);
      }
    } while (!stop && remaining(sources) > 0);
  }

  private static long remaining(ByteBuffer[] buffers) {
    long n = 0;
    for (ByteBuffer b : buffers) {
      n += b.remaining();
    }
    return n;
  }

  private void handshakeFinished() {
    handshakeDone = true;
    cancelTimer();
    if (innerIfAttached().isEmpty()) {
      attach(app);
    }
    if (!pending.isEmpty()) {
      ByteBuffer[] held = pending.toArray(ByteBuffer[]::new);
      pending.clear();
      pendingBytes = 0;
      encrypt(held);
    }
    List<Deferred<TlsTransport>> ready = waiters;
    waiters = new ArrayList<>();
    for (Deferred<TlsTransport> d : ready) {
      d.callback(this);
    }
    if (closeAfterHandshake) {
      closeNow();
    } else if (shutWriteAfterHandshake) {
      shutWriteNow();
    }
  }

  private void handshakeTimedOut() {
    if (!handshakeDone && !lost()) {
      failure =
          new ConnectionLost(
              "TLS: the handshake did not finish within " + handshakeTimeout.toMillis() + " ms",
              null);
      LOG.info("TLS handshake with {} timed out", below().peerAddress());
      failWaiters(failure);
      below().abortConnection();
    }
  }

  private void cancelTimer() {
    timer.cancelTimeout();
  }

  /** A TLS error: send the engine's alert if it has one, then close. */
  private void fail(Throwable error) {
    if (failure != null || lost()) {
      return;
    }
    failure = error;
    cancelTimer();
    LOG.info("TLS with {} failed: {}", below().peerAddress(), error.toString());
    try {
      engine.closeOutbound();
      for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(EMPTY, out);
        out.flip();
        if (!out.hasRemaining()) {
          break;
        }
        below().write(out);
      }
    } catch (SSLException | RuntimeException e) {
      LOG.debug("TLS: could not send an alert", e);
    }
    failWaiters(error);
    below().loseConnection();
  }

  private void failWaiters(Throwable error) {
    List<Deferred<TlsTransport>> failed = waiters;
    waiters = new ArrayList<>();
    for (Deferred<TlsTransport> d : failed) {
      d.errback(error);
    }
  }

  // ------------------------------------------------------------ the transport for the application
  // (what is not here goes down unchanged: addresses, socket options, water marks)

  /** Encrypts {@code data} and gives the records down, or holds it until the handshake ends. */
  @Override
  public void write(ByteBuffer data) {
    encryptOrHold(new ByteBuffer[] {data});
  }

  /** As {@link #write}; a write held until the handshake ends is copied first. */
  @Override
  public void writeCopy(ByteBuffer data) {
    if (handshakeDone) {
      encryptOrHold(new ByteBuffer[] {data});
    } else {
      ByteBuffer copy = ByteBuffer.allocate(data.remaining());
      encryptOrHold(new ByteBuffer[] {copy.put(data).flip()});
    }
  }

  /** Encrypts the buffers together (as few records as they fit in), or holds them. */
  @Override
  public void writeSequence(List<ByteBuffer> data) {
    encryptOrHold(data.toArray(ByteBuffer[]::new));
  }

  private void encryptOrHold(ByteBuffer[] data) {
    if (disconnecting
        || lost()
        || failure != null
        || shutWriteAfterHandshake
        || engine.isOutboundDone()) {
      return;
    }
    if (!handshakeDone) {
      for (ByteBuffer b : data) {
        pending.add(b);
        pendingBytes += b.remaining();
      }
      return;
    }
    encrypt(data);
  }

  private void encrypt(ByteBuffer[] data) {
    try {
      wrap(data);
    } catch (SSLException e) {
      fail(e);
      return;
    }
    if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
      pump(); // a post-handshake message (TLS 1.3 key update) wants to move
    }
  }

  /**
   * Sends close_notify and closes once the writes are sent; before the handshake ends, after the
   * held writes go out; with a pull producer registered, once it is unregistered.
   */
  @Override
  public void loseConnection() {
    if (disconnecting || lost()) {
      return;
    }
    disconnecting = true;
    if (failure != null) {
      below().loseConnection();
    } else if (!handshakeDone && pendingBytes > 0) {
      closeAfterHandshake = true;
    } else if (producer instanceof PullProducer) {
      closeWhenUnregistered = true;
    } else {
      closeNow();
    }
  }

  private void closeNow() {
    sendCloseNotify();
    below().loseConnection();
  }

  private void sendCloseNotify() {
    engine.closeOutbound();
    try {
      for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(EMPTY, out);
        out.flip();
        if (!out.hasRemaining()) {
          break;
        }
        below().write(out);
      }
    } catch (SSLException e) {
      LOG.debug("TLS: could not send close_notify", e);
    }
  }

  /** Closes the connection below at once, without close_notify. */
  @Override
  public void abortConnection() {
    disconnecting = true;
    if (connected() && !lost()) {
      below().abortConnection();
    }
  }

  /** Sends close_notify and half-closes below (after the handshake, if it is not done). */
  @Override
  public void loseWriteConnection() {
    if (disconnecting || lost() || shutWriteAfterHandshake) {
      return;
    }
    if (!handshakeDone) {
      shutWriteAfterHandshake = true;
    } else {
      shutWriteNow();
    }
  }

  private void shutWriteNow() {
    shutWriteAfterHandshake = true;
    sendCloseNotify();
    below().loseWriteConnection();
  }

  @Override
  public boolean disconnecting() {
    return disconnecting || below().disconnecting();
  }

  /** The plaintext held until the handshake ends, plus what the transport below holds. */
  @Override
  public long bufferedBytes() {
    return pendingBytes + below().bufferedBytes();
  }

  /** Registers {@code p} below (paused and resumed on ciphertext) and remembers its kind. */
  @Override
  public void registerProducer(Producer p) {
    below().registerProducer(p);
    producer = p;
  }

  /** Unregisters below; a close waiting for a pull producer to finish happens now. */
  @Override
  public void unregisterProducer() {
    producer = null;
    below().unregisterProducer();
    if (closeWhenUnregistered) {
      closeWhenUnregistered = false;
      closeNow();
    }
  }

  /** Stops reading below, and decrypting what is already here. */
  @Override
  public void pauseProducing() {
    readPaused = true;
    below().pauseProducing();
  }

  /** Reads again, and decrypts what arrived while paused. */
  @Override
  public void resumeProducing() {
    if (!readPaused) {
      return;
    }
    readPaused = false;
    below().resumeProducing();
    if (!lost() && handshakeDone) {
      pump();
    }
  }

  /** Aborts the connection. */
  @Override
  public void stopProducing() {
    abortConnection();
  }

  @Override
  public boolean handshakeDone() {
    return handshakeDone;
  }

  @Override
  public Deferred<TlsTransport> whenHandshakeDone() {
    if (handshakeDone) {
      return Deferred.succeed(this);
    }
    if (failure != null) {
      return Deferred.fail(failure);
    }
    if (lost()) {
      return Deferred.fail(new ConnectionLost("TLS: the connection is closed", null));
    }
    Deferred<TlsTransport> d = new Deferred<>();
    waiters.add(d);
    return d;
  }

  @Override
  public Optional<String> applicationProtocol() {
    String chosen = engine.getApplicationProtocol();
    return chosen == null || chosen.isEmpty() ? Optional.empty() : Optional.of(chosen);
  }

  @Override
  public Optional<String> requestedServerName() {
    SSLSession session = engine.getHandshakeSession();
    return SniKeyManager.requestedName(session != null ? session : engine.getSession());
  }

  @Override
  public List<Certificate> peerCertificates() {
    try {
      return List.of(engine.getSession().getPeerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  @Override
  public SSLSession session() {
    return engine.getSession();
  }

  @Override
  public String toString() {
    return "TlsTransport[" + (connected() ? below().peerAddress() : "unconnected") + "]";
  }
}
