package dev.braid.net.policies;

import dev.braid.net.Layer;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import dev.braid.time.Timeout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wrapper that gives any protocol an idle timeout and a lifetime limit (Twisted's {@code
 * TimeoutProtocol}). The idle timer restarts on every byte read and every write by the wrapped
 * protocol, in either direction; the lifetime timer starts at {@code connectionMade} and never
 * restarts. When one fires, a wrapped {@link TimeoutListener} hears {@link
 * TimeoutListener#timeoutConnection} first; then (unless it returned false) the connection is
 * closed with {@code loseConnection()}, and aborted if it is still open after the abort grace (a
 * peer that stopped reading cannot hold it open). Both timers, and the abort, are cancelled when
 * the connection ends, so a closed connection leaves no delayed call behind.
 *
 * <p>Made by {@link TimeoutFactory#buildProtocol} or {@link TimeoutFactory#wrap}. Reactor thread
 * only. The wrapped protocol's transport is this wrapper, which forwards to the real one.
 */
public final class TimeoutProtocol extends Layer {
  private static final Logger LOG = LoggerFactory.getLogger(TimeoutProtocol.class);

  private final TimeoutFactory settings;
  private final Timeout idle;
  private final Timeout lifetime;
  private DelayedCall abort;
  private TimeoutKind timedOut;

  TimeoutProtocol(Protocol inner, TimeoutFactory settings) {
    super(inner);
    this.settings = settings;
    ReactorTime time = settings.time();
    this.idle = time.timeout(() -> timedOut(TimeoutKind.IDLE));
    this.lifetime = time.timeout(() -> timedOut(TimeoutKind.LIFETIME));
  }

  /** The wrapped protocol. */
  public Protocol wrapped() {
    return inner();
  }

  /** Which timeout fired, if one did. */
  public Optional<TimeoutKind> timedOut() {
    return Optional.ofNullable(timedOut);
  }

  /** Starts the timers, then passes the event on. */
  @Override
  public void connectionMade(Transport transport) {
    settings.idleTimeout().ifPresent(idle::setTimeout);
    settings.lifetime().ifPresent(lifetime::setTimeout);
    super.connectionMade(transport);
  }

  /** Restarts the idle timer, then passes the bytes on. */
  @Override
  public void dataReceived(ByteBuffer data) {
    idle.resetTimeout();
    super.dataReceived(data);
  }

  /** Restarts the idle timer and forwards. */
  @Override
  public void write(ByteBuffer data) {
    idle.resetTimeout();
    super.write(data);
  }

  /** Restarts the idle timer and forwards. */
  @Override
  public void writeCopy(ByteBuffer data) {
    idle.resetTimeout();
    super.writeCopy(data);
  }

  /** Restarts the idle timer and forwards. */
  @Override
  public void writeSequence(List<ByteBuffer> data) {
    idle.resetTimeout();
    super.writeSequence(data);
  }

  /** Cancels every timer, then passes the event on. */
  @Override
  public void connectionLost(Throwable reason) {
    idle.cancelTimeout();
    lifetime.cancelTimeout();
    if (abort != null && abort.active()) {
      abort.cancel();
    }
    abort = null;
    super.connectionLost(reason);
  }

  private void timedOut(TimeoutKind kind) {
    if (lost()) {
      return;
    }
    if (timedOut == null) {
      timedOut = kind;
    }
    boolean close =
        !(inner() instanceof TimeoutListener listener) || listener.timeoutConnection(kind);
    if (!close || lost()) {
      return;
    }
    idle.cancelTimeout();
    lifetime.cancelTimeout();
    LOG.debug(
        "Closing the connection with {}: {} timeout",
        peerAddress(),
        kind == TimeoutKind.IDLE ? "idle" : "lifetime");
    loseConnection();
    if (!lost() && abort == null) {
      abort = settings.time().callLater(settings.abortGrace(), this::abortNow);
    }
  }

  private void abortNow() {
    abort = null;
    if (!lost()) {
      LOG.debug(
          "Aborting the connection with {}: it did not close within the grace", peerAddress());
      abortConnection();
    }
  }
}
