package dev.braid.pb;

/**
 * This side's copy of a peer's {@link Cacheable} (Twisted's {@code pb.RemoteCache}): made by the
 * factory registered for its copy tag ({@link PbConfig#withCache}), given the state, then kept up
 * to date by the peer calling its {@link Remote} methods (Twisted's {@code observe_} methods).
 * {@link Broker#release(RemoteCache)} tells the peer to stop. Reactor thread only.
 */
public interface RemoteCache {
  /**
   * Takes the state the peer sent (usually a {@code Map}).
   *
   * @throws Exception when the state does not fit; the connection closes
   */
  void setState(Object state) throws Exception;
}
