package dev.braid.pb;

import dev.braid.defer.Deferred;
import dev.braid.pb.jelly.Conversions;
import java.util.Map;
import java.util.Objects;

/**
 * A reference to an object of the peer (Twisted's {@code RemoteReference}): call its remote methods
 * with {@link #callRemote}, pass it back to the peer (which gets its own object), and {@link
 * #release()} it when done so the peer may forget the object. Equal when they name the same object
 * of the same broker. Reactor thread only.
 */
public final class RemoteReference {
  private final Broker broker;
  private final Object id;
  private final boolean counted;
  private boolean released;

  RemoteReference(Broker broker, Object id, boolean counted) {
    this.broker = broker;
    this.id = id;
    this.counted = counted;
  }

  /** The broker (the connection) this reference goes through. */
  public Broker broker() {
    return broker;
  }

  Object id() {
    return id;
  }

  /**
   * Calls {@code method} with positional {@code args}; fires with the unjellied answer, or fails
   * with the remote error ({@link RemoteErrors}), or {@link PbConnectionLost}.
   */
  public Deferred<Object> callRemote(String method, Object... args) {
    return broker.sendMessage(id, method, args, Map.of());
  }

  /** Like {@link #callRemote(String, Object...)}, with keyword arguments too. */
  public Deferred<Object> callRemote(String method, Object[] args, Map<String, ?> keywords) {
    return broker.sendMessage(id, method, args, keywords);
  }

  /**
   * Like {@link #callRemote(String, Object...)}, with the answer {@linkplain Conversions#convert
   * converted} to {@code type} ({@code Long.class}, {@code String.class}, a registered record...).
   */
  public <T> Deferred<T> callRemote(Class<T> type, String method, Object... args) {
    return callRemote(method, args).addCallback(answer -> type.cast(convert(answer, type)));
  }

  private static Object convert(Object answer, Class<?> type) {
    return Conversions.convert(answer, type);
  }

  /** Runs {@code action} once when the broker's connection closes. */
  public void notifyOnDisconnect(Runnable action) {
    broker.notifyOnDisconnect(action);
  }

  /**
   * Tells the peer this side no longer uses the object ({@code decref}), once; the peer forgets it
   * when every reference it gave out is released. Calls made afterwards still go out, but the peer
   * may no longer know the object.
   */
  public void release() {
    if (counted && !released) {
      released = true;
      broker.sendDecref(id);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteReference r && r.broker == broker && r.id.equals(id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(broker), id);
  }

  @Override
  public String toString() {
    return "RemoteReference[" + id + "]";
  }
}
