package dev.braid.pb;

/**
 * An object copied to the peer once and then kept up to date there (Twisted's {@code
 * pb.Cacheable}): the first time it is sent over a broker the peer gets its state and builds a
 * {@link RemoteCache} registered for {@link #cacheType()}; later sends refer to that copy. Through
 * the {@link CacheObserver} given with each copy, the object calls the copy's {@link Remote}
 * methods when it changes. Reactor thread only.
 */
public interface Cacheable {
  /** The copy tag the peer's cache class is registered under ({@code "shop.Stock"}). */
  String cacheType();

  /**
   * The state to send to a new copy, which {@code observer} reaches from now on (Twisted's {@code
   * getStateToCacheAndObserveFor}).
   */
  Object stateFor(CacheObserver observer);

  /** The copy {@code observer} reaches is gone: the peer released it, or disconnected. */
  default void stoppedObserving(CacheObserver observer) {}
}
