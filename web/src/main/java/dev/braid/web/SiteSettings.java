package dev.braid.web;

import java.time.Duration;

/**
 * The settings of a {@link Site}: limits, timeouts and options, each with a default ({@link
 * #defaults()}); change one with the {@code with...} methods, or several with {@link #toBuilder()}.
 * Immutable; any thread.
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
 * @param minSendRate fewest response bytes per second a client must take while the server has bytes
 *     waiting for it (the socket's send buffer is full), measured over {@code sendRateWindow};
 *     slower: the connection is aborted. 0 turns the check off. It answers slow-read attacks, which
 *     hold a connection and its buffers by reading a few bytes now and then.
 * @param sendRateWindow the window over which the send rate is measured
 * @param maxDrain most bytes of a request body left unread by its resource that the server reads
 *     and discards after the response, to keep the connection for the next request; a body with
 *     more left to come (by its {@code Content-Length}, or as a chunked body comes) closes the
 *     connection after the response instead. The discarding runs under the {@code minBodyRate} and
 *     {@code idleTimeout} deadlines.
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
    String sessionCookie,
    long minSendRate,
    Duration sendRateWindow,
    long maxDrain) {

  /**
   * The defaults: 8 KiB line, 16 KiB and 100 headers, 1 MiB body, 20 s, 1 KiB/s over 10 s, 60 s,
   * 16; responses must be read at 1 KiB/s or more over 20 s windows; 64 KiB of an unread body are
   * discarded to keep the connection.
   */
  public static SiteSettings defaults() {
    return new Builder().build();
  }

  /** A builder holding these settings, to change several at once. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxRequestLine = maxRequestLine;
    b.maxHeaderBytes = maxHeaderBytes;
    b.maxHeaders = maxHeaders;
    b.maxBody = maxBody;
    b.headersTimeout = headersTimeout;
    b.minBodyRate = minBodyRate;
    b.bodyRateWindow = bodyRateWindow;
    b.idleTimeout = idleTimeout;
    b.maxPipelined = maxPipelined;
    b.serverName = serverName;
    b.showTracebacks = showTracebacks;
    b.gzip = gzip;
    b.gzipMinSize = gzipMinSize;
    b.sessionTimeout = sessionTimeout;
    b.sessionCookie = sessionCookie;
    b.minSendRate = minSendRate;
    b.sendRateWindow = sendRateWindow;
    b.maxDrain = maxDrain;
    return b;
  }

  /** These settings with {@code maxBody} (bytes) changed. */
  public SiteSettings withMaxBody(long v) {
    return toBuilder().maxBody(v).build();
  }

  /** These settings with {@code headersTimeout} changed. */
  public SiteSettings withHeadersTimeout(Duration v) {
    return toBuilder().headersTimeout(v).build();
  }

  /** These settings with {@code idleTimeout} changed. */
  public SiteSettings withIdleTimeout(Duration v) {
    return toBuilder().idleTimeout(v).build();
  }

  /** These settings with {@code maxPipelined} changed. */
  public SiteSettings withMaxPipelined(int v) {
    return toBuilder().maxPipelined(v).build();
  }

  /** These settings with {@code showTracebacks} changed. */
  public SiteSettings withShowTracebacks(boolean v) {
    return toBuilder().showTracebacks(v).build();
  }

  /** These settings with {@code gzip} changed. */
  public SiteSettings withGzip(boolean v) {
    return toBuilder().gzip(v).build();
  }

  /**
   * These settings with {@code minBodyRate} (bytes per second) and {@code bodyRateWindow} changed.
   */
  public SiteSettings withMinBodyRate(long bytesPerSecond, Duration window) {
    return toBuilder().minBodyRate(bytesPerSecond).bodyRateWindow(window).build();
  }

  /** These settings with {@code sessionTimeout} changed. */
  public SiteSettings withSessionTimeout(Duration v) {
    return toBuilder().sessionTimeout(v).build();
  }

  /**
   * These settings with {@code minSendRate} (bytes per second) and {@code sendRateWindow} changed.
   */
  public SiteSettings withMinSendRate(long bytesPerSecond, Duration window) {
    return toBuilder().minSendRate(bytesPerSecond).sendRateWindow(window).build();
  }

  /** These settings with {@code maxDrain} (bytes) changed. */
  public SiteSettings withMaxDrain(long v) {
    return toBuilder().maxDrain(v).build();
  }

  /** These settings with {@code maxRequestLine} (bytes) changed. */
  public SiteSettings withMaxRequestLine(int v) {
    return toBuilder().maxRequestLine(v).build();
  }

  /** These settings with {@code maxHeaderBytes} (bytes) and {@code maxHeaders} (fields) changed. */
  public SiteSettings withMaxHeaders(int bytes, int count) {
    return toBuilder().maxHeaderBytes(bytes).maxHeaders(count).build();
  }

  /** These settings with {@code serverName} (empty: no {@code Server} header) changed. */
  public SiteSettings withServerName(String v) {
    return toBuilder().serverName(v).build();
  }

  /**
   * Settings under construction, starting from the defaults ({@link SiteSettings#defaults()}) or
   * from existing settings ({@link SiteSettings#toBuilder()}). Each setter names a component of
   * {@link SiteSettings}; its units are the component's. Not thread-safe.
   */
  public static final class Builder {
    private int maxRequestLine = 8 * 1024;
    private int maxHeaderBytes = 16 * 1024;
    private int maxHeaders = 100;
    private long maxBody = 1024 * 1024;
    private Duration headersTimeout = Duration.ofSeconds(20);
    private long minBodyRate = 1024;
    private Duration bodyRateWindow = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxPipelined = 16;
    private String serverName = "Braid";
    private boolean showTracebacks = false;
    private boolean gzip = true;
    private int gzipMinSize = 1024;
    private Duration sessionTimeout = Duration.ofMinutes(15);
    private String sessionCookie = "BRAID_SESSION";
    private long minSendRate = 1024;
    private Duration sendRateWindow = Duration.ofSeconds(20);
    private long maxDrain = 64 * 1024;

    private Builder() {}

    /** Sets {@link SiteSettings#maxRequestLine()}. */
    public Builder maxRequestLine(int value) {
      this.maxRequestLine = value;
      return this;
    }

    /** Sets {@link SiteSettings#maxHeaderBytes()}. */
    public Builder maxHeaderBytes(int value) {
      this.maxHeaderBytes = value;
      return this;
    }

    /** Sets {@link SiteSettings#maxHeaders()}. */
    public Builder maxHeaders(int value) {
      this.maxHeaders = value;
      return this;
    }

    /** Sets {@link SiteSettings#maxBody()}. */
    public Builder maxBody(long value) {
      this.maxBody = value;
      return this;
    }

    /** Sets {@link SiteSettings#headersTimeout()}. */
    public Builder headersTimeout(Duration value) {
      this.headersTimeout = value;
      return this;
    }

    /** Sets {@link SiteSettings#minBodyRate()}. */
    public Builder minBodyRate(long value) {
      this.minBodyRate = value;
      return this;
    }

    /** Sets {@link SiteSettings#bodyRateWindow()}. */
    public Builder bodyRateWindow(Duration value) {
      this.bodyRateWindow = value;
      return this;
    }

    /** Sets {@link SiteSettings#idleTimeout()}. */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = value;
      return this;
    }

    /** Sets {@link SiteSettings#maxPipelined()}. */
    public Builder maxPipelined(int value) {
      this.maxPipelined = value;
      return this;
    }

    /** Sets {@link SiteSettings#serverName()}. */
    public Builder serverName(String value) {
      this.serverName = value;
      return this;
    }

    /** Sets {@link SiteSettings#showTracebacks()}. */
    public Builder showTracebacks(boolean value) {
      this.showTracebacks = value;
      return this;
    }

    /** Sets {@link SiteSettings#gzip()}. */
    public Builder gzip(boolean value) {
      this.gzip = value;
      return this;
    }

    /** Sets {@link SiteSettings#gzipMinSize()}. */
    public Builder gzipMinSize(int value) {
      this.gzipMinSize = value;
      return this;
    }

    /** Sets {@link SiteSettings#sessionTimeout()}. */
    public Builder sessionTimeout(Duration value) {
      this.sessionTimeout = value;
      return this;
    }

    /** Sets {@link SiteSettings#sessionCookie()}. */
    public Builder sessionCookie(String value) {
      this.sessionCookie = value;
      return this;
    }

    /** Sets {@link SiteSettings#minSendRate()}. */
    public Builder minSendRate(long value) {
      this.minSendRate = value;
      return this;
    }

    /** Sets {@link SiteSettings#sendRateWindow()}. */
    public Builder sendRateWindow(Duration value) {
      this.sendRateWindow = value;
      return this;
    }

    /** Sets {@link SiteSettings#maxDrain()}. */
    public Builder maxDrain(long value) {
      this.maxDrain = value;
      return this;
    }

    /** The settings. */
    public SiteSettings build() {
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
          sessionTimeout,
          sessionCookie,
          minSendRate,
          sendRateWindow,
          maxDrain);
    }
  }
}
