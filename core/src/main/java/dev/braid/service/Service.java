package dev.braid.service;

import dev.braid.defer.Deferred;
import java.util.Optional;

/**
 * Something that runs between a start and a stop: Twisted's IService. Start and stop return
 * Deferreds that fire when the service is up or fully down (listening, or drained and closed).
 * Extend {@link AbstractService} rather than implementing this directly. Reactor thread only.
 */
public interface Service {
  /** The service's name (unique among its siblings in a {@link MultiService}). */
  String name();

  /** True between a start and the next stop. */
  boolean running();

  /** The service this one was added to, if any. */
  Optional<MultiService> parent();

  /**
   * Starts the service. The Deferred fires when it is up, or fails with the reason it could not
   * start (the service is then not running). Throws {@link IllegalStateException} if it runs.
   */
  Deferred<Void> startService();

  /**
   * Stops the service; the Deferred fires once it is fully stopped. Stopping a service that is not
   * running does nothing and returns a fired Deferred.
   */
  Deferred<Void> stopService();
}
