package dev.braid.service;

import dev.braid.defer.Deferred;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service made of child services: starting it starts the children one after the other, each once
 * the one before is up; stopping it stops them in reverse order and waits for all of them. If a
 * child fails to start, the children already started are stopped (in reverse) and the start fails
 * with that child's error. Reactor thread only.
 */
public class MultiService extends AbstractService {
  private static final Logger LOG = LoggerFactory.getLogger(MultiService.class);
  private final List<Service> children = new ArrayList<>();

  /** An empty multi-service called {@code name}. */
  public MultiService(String name) {
    super(name);
  }

  /**
   * Adds {@code child} (it must be an {@link AbstractService}, and its name unique here). If this
   * service runs, the child is started; the Deferred fires when it is up (at once otherwise).
   */
  public Deferred<Void> addService(Service child) {
    if (!(child instanceof AbstractService abstractChild)) {
      throw new IllegalArgumentException("a child service must extend AbstractService: " + child);
    }
    if (child(child.name()).isPresent()) {
      throw new IllegalArgumentException(
          "a service named " + child.name() + " is already in " + name());
    }
    abstractChild.setParent(this);
    children.add(child);
    return running() ? child.startService() : Deferred.succeed(null);
  }

  /** Removes {@code child}, stopping it if it runs; the Deferred fires once it stopped. */
  public Deferred<Void> removeService(Service child) {
    if (!children.remove(child)) {
      throw new IllegalArgumentException(child.name() + " is not a child of " + name());
    }
    ((AbstractService) child).setParent(null);
    return child.stopService();
  }

  /** The child called {@code name}, if any. */
  public Optional<Service> child(String name) {
    return children.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The children, in start order. */
  public List<Service> children() {
    return List.copyOf(children);
  }

  @Override
  protected Deferred<Void> doStart() {
    List<Service> toStart = List.copyOf(children);
    List<Service> started = new ArrayList<>();
    Deferred<Void> chain = Deferred.succeed(null);
    for (Service child : toStart) {
      chain =
          chain.addDeferredCallback(
              ignored ->
                  child
                      .startService()
                      .addCallback(
                          up -> {
                            started.add(child);
                            return null;
                          }));
    }
    return chain.addErrback(
        error -> {
          List<Service> reverse = new ArrayList<>(started);
          java.util.Collections.reverse(reverse);
          Deferred<Void> undo = stopAll(reverse);
          undo.addBoth(ignored -> null);
          throw error instanceof Exception e ? e : new RuntimeException(error);
        });
  }

  @Override
  protected Deferred<Void> doStop() {
    List<Service> reverse = new ArrayList<>(children);
    java.util.Collections.reverse(reverse);
    return stopAll(reverse);
  }

  /** Stops each of {@code services} in the given order and fires when all are down. */
  private Deferred<Void> stopAll(List<Service> services) {
    List<Deferred<Void>> stops = new ArrayList<>();
    for (Service child : services) {
      stops.add(
          Deferred.maybeDeferredAsync(child::stopService)
              .addErrback(
                  error -> {
                    LOG.error("stopping service {} failed", child.name(), error);
                    return null;
                  }));
    }
    return Deferred.gather(stops).addCallback(all -> null);
  }
}
