package dev.braid.pb;

import dev.braid.defer.Deferred;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Cacheable} reaches one peer's copy of it (Twisted's {@code RemoteCacheObserver}):
 * {@link #callRemote} calls a {@link Remote} method of the peer's {@link RemoteCache}. Equal when
 * they reach the same copy. Reactor thread only.
 */
public final class CacheObserver {
  private final Broker broker;
  private final long id;

  CacheObserver(Broker broker, long id) {
    this.broker = broker;
    this.id = id;
  }

  /** The broker the copy is on. */
  public Broker broker() {
    return broker;
  }

  /** Calls {@code method} on the peer's copy; fires with its answer. */
  public Deferred<Object> callRemote(String method, Object... args) {
    return broker.sendMessage("cachemessage", id, method, args, Map.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheObserver c && c.broker == broker && c.id == id;
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(broker), id);
  }
}
