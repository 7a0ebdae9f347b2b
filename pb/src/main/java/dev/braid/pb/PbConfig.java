package dev.braid.pb;

import dev.braid.pb.banana.BananaLimits;
import dev.braid.pb.jelly.JellyTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings of a broker: the Banana limits, the allow-list of copied types, the mapping of
 * errors, and the most objects the peer may hold references to.
 *
 * @param banana the limits on each expression the peer sends
 * @param types the copied types the broker builds (nothing else is built)
 * @param errors how exceptions cross the wire
 * @param maxReferences the most of this side's objects the peer may hold references to at once
 *     (Twisted's {@code MAX_BROKER_REFS}, 1024); sending one more fails that call
 * @param sendTracebacks whether errors sent to the peer carry the Java stack trace (off by default:
 *     a trace tells a stranger about the server)
 * @param caches the factories of this side's copies of the peer's {@link Cacheable}s, by copy tag
 *     (like the copied types, nothing else is built)
 */
public record PbConfig(
    BananaLimits banana,
    JellyTypes types,
    RemoteErrors errors,
    int maxReferences,
    boolean sendTracebacks,
    Map<String, Supplier<? extends RemoteCache>> caches) {
  /** Twisted's limit on references: 1024. */
  public static final int DEFAULT_MAX_REFERENCES = 1024;

  /** Checks that no part is null and the limit is positive. */
  public PbConfig {
    Objects.requireNonNull(banana, "banana");
    Objects.requireNonNull(types, "types");
    Objects.requireNonNull(errors, "errors");
    caches = Map.copyOf(caches);
    if (maxReferences < 1) {
      throw new IllegalArgumentException("maxReferences must be at least 1, not " + maxReferences);
    }
  }

  /** The defaults: Twisted's limits, no copied types, the default errors, no tracebacks. */
  public static PbConfig defaults() {
    return new PbConfig(
        BananaLimits.defaults(),
        JellyTypes.none(),
        RemoteErrors.defaults(),
        DEFAULT_MAX_REFERENCES,
        false,
        Map.of());
  }

  /** These settings with other Banana limits. */
  public PbConfig withBanana(BananaLimits limits) {
    return new PbConfig(limits, types, errors, maxReferences, sendTracebacks, caches);
  }

  /** These settings with another allow-list of copied types. */
  public PbConfig withTypes(JellyTypes copied) {
    return new PbConfig(banana, copied, errors, maxReferences, sendTracebacks, caches);
  }

  /** These settings with another mapping of errors. */
  public PbConfig withErrors(RemoteErrors mapping) {
    return new PbConfig(banana, types, mapping, maxReferences, sendTracebacks, caches);
  }

  /** These settings with another most number of references. */
  public PbConfig withMaxReferences(int max) {
    return new PbConfig(banana, types, errors, max, sendTracebacks, caches);
  }

  /** These settings, sending Java stack traces with errors or not. */
  public PbConfig withSendTracebacks(boolean send) {
    return new PbConfig(banana, types, errors, maxReferences, send, caches);
  }

  /**
   * These settings, building copies of the peer's Cacheables tagged {@code type} with {@code make}.
   */
  public PbConfig withCache(String type, Supplier<? extends RemoteCache> make) {
    Map<String, Supplier<? extends RemoteCache>> more = new LinkedHashMap<>(caches);
    more.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(make, "make"));
    return new PbConfig(banana, types, errors, maxReferences, sendTracebacks, more);
  }
}
