package dev.braid.web;

import java.time.Duration;

/**
 * The settings of a {@link Site}: limits, timeouts and options, each with a default ({@link
 * #defaults()}); change one with the {@code with...} methods. Immutable; any thread.
 *
 * @param maxRequestLine longest request line, in bytes (longer: 414)
 * @param maxHeaderBytes largest header block, in bytes (larger: 431)
 * @param maxHeaders most header fields (more: 431)
 * @param maxBody largest request body a resource receives unless it calls {@link Request#allowBody}
 *     (larger: 413)
 * @param headersTimeout time a client has to finish sending a request's headers (then 408 and
 *     close)
 * @param minBodyRate fewest body bytes per second a client must send while a resource waits for the
 *     body, measured over {@code bodyRateWindow} (slower: 408 and close)
 * @param bodyRateWindow the window over which the body rate is measured
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param maxPipelined most requests received and not yet answered on one connection; above it the
 *     server stops reading until one is answered
 * @param serverName the {@code Server} header value (empty: no header)
 * @param showTracebacks whether a 500 page shows the exception's stack trace (development only)
 * @param gzip whether text responses are compressed for clients that accept gzip
 * @param gzipMinSize smallest known body length worth compressing
 * @param sessionTimeout how long an unused {@link Session} lives
 * @param sessionCookie the name of the session cookie
 */
public record SiteSettings(
    int maxRequestLine,
    int maxHeaderBytes,
    int maxHeaders,
    long maxBody,
    Duration headersTimeout,
    long minBodyRate,
    Duration bodyRateWindow,
    Duration idleTimeout,
    int maxPipelined,
    String serverName,
    boolean showTracebacks,
    boolean gzip,
    int gzipMinSize,
    Duration sessionTimeout,
    String sessionCookie) {

  /**
   * The defaults: 8 KiB line, 16 KiB and 100 headers, 1 MiB body, 20 s, 1 KiB/s over 10 s, 60 s,
   * 16.
   */
  public static SiteSettings defaults() {
    return new SiteSettings(
        8 * 1024,
        16 * 1024,
        100,
        1024 * 1024,
        Duration.ofSeconds(20),
        1024,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        16,
        "Braid",
        false,
        true,
        1024,
        Duration.ofMinutes(15),
        "BRAID_SESSION");
  }

  /** These settings with {@code maxBody} changed. */
  public SiteSettings withMaxBody(long v) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        v,
        headersTimeout,
        minBodyRate,
        bodyRateWindow,
        idleTimeout,
        maxPipelined,
        serverName,
        showTracebacks,
        gzip,
        gzipMinSize,
        sessionTimeout,
        sessionCookie);
  }

  /** These settings with {@code headersTimeout} changed. */
  public SiteSettings withHeadersTimeout(Duration v) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody,
        v,
        minBodyRate,
        bodyRateWindow,
        idleTimeout,
        maxPipelined,
        serverName,
        showTracebacks,
        gzip,
        gzipMinSize,
        sessionTimeout,
        sessionCookie);
  }

  /** These settings with {@code idleTimeout} changed. */
  public SiteSettings withIdleTimeout(Duration v) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody,
        headersTimeout,
        minBodyRate,
        bodyRateWindow,
        v,
        maxPipelined,
        serverName,
        showTracebacks,
        gzip,
        gzipMinSize,
        sessionTimeout,
        sessionCookie);
  }

  /** These settings with {@code maxPipelined} changed. */
  public SiteSettings withMaxPipelined(int v) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody,
        headersTimeout,
        minBodyRate,
        bodyRateWindow,
        idleTimeout,
        v,
        serverName,
        showTracebacks,
        gzip,
        gzipMinSize,
        sessionTimeout,
        sessionCookie);
  }

  /** These settings with {@code showTracebacks} changed. */
  public SiteSettings withShowTracebacks(boolean v) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody,
        headersTimeout,
        minBodyRate,
        bodyRateWindow,
        idleTimeout,
        maxPipelined,
        serverName,
        v,
        gzip,
        gzipMinSize,
        sessionTimeout,
        sessionCookie);
  }

  /** These settings with {@code gzip} changed. */
  public SiteSettings withGzip(boolean v) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody,
        headersTimeout,
        minBodyRate,
        bodyRateWindow,
        idleTimeout,
        maxPipelined,
        serverName,
        showTracebacks,
        v,
        gzipMinSize,
        sessionTimeout,
        sessionCookie);
  }

  /** These settings with {@code minBodyRate} and {@code bodyRateWindow} changed. */
  public SiteSettings withMinBodyRate(long bytesPerSecond, Duration window) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody,
        headersTimeout,
        bytesPerSecond,
        window,
        idleTimeout,
        maxPipelined,
        serverName,
        showTracebacks,
        gzip,
        gzipMinSize,
        sessionTimeout,
        sessionCookie);
  }

  /** These settings with {@code sessionTimeout} changed. */
  public SiteSettings withSessionTimeout(Duration v) {
    return new SiteSettings(
        maxRequestLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody,
        headersTimeout,
        minBodyRate,
        bodyRateWindow,
        idleTimeout,
        maxPipelined,
        serverName,
        showTracebacks,
        gzip,
        gzipMinSize,
        v,
        sessionCookie);
  }
}
