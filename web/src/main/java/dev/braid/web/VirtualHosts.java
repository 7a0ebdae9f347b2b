package dev.braid.web;

import dev.braid.defer.Deferred;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses a resource tree by the request's {@code Host} (port ignored, case-insensitive), falling
 * back to a default tree, or 404 when there is none. Hosts may be added while serving, from the
 * reactor thread.
 */
public final class VirtualHosts implements Resource {
  private final Map<String, Resource> hosts = new ConcurrentHashMap<>();
  private final Optional<Resource> fallback;

  private VirtualHosts(Optional<Resource> fallback) {
    this.fallback = fallback;
  }

  /** Virtual hosts with no default: an unknown host gets 404. */
  public static VirtualHosts create() {
    return new VirtualHosts(Optional.empty());
  }

  /**
   * Virtual hosts answering unknown hosts (and requests without {@code Host}) with {@code
   * fallback}.
   */
  public static VirtualHosts withDefault(Resource fallback) {
    return new VirtualHosts(Optional.of(fallback));
  }

  /** Serves {@code resource} for host {@code name}. */
  public VirtualHosts addHost(String name, Resource resource) {
    hosts.put(name.toLowerCase(Locale.ROOT), resource);
    return this;
  }

  private Resource pick(Request request) {
    Resource r = request.host().map(hosts::get).orElse(null);
    if (r != null) {
      return r;
    }
    return fallback.orElseGet(() -> ErrorResource.of(404, "No site for this host."));
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Deferred<Void> render(Request request) {
    return Site.renderFrom(pick(request), request);
  }
}
