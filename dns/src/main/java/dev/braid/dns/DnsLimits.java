package dev.braid.dns;

import java.time.Duration;

/**
 * The limits of a DNS server, with defaults ({@link #defaults()}).
 *
 * @param udpPayload the largest UDP response, in bytes, and the payload size the server advertises
 *     in its EDNS0 OPT record (default 1,232, the DNS flag day 2020 value that fits in one IPv6
 *     packet without fragmentation); a client without EDNS0 gets at most 512 bytes, a client that
 *     advertises less than this gets at most what it advertised (never below 512)
 * @param tcpIdle how long a TCP connection may stay without a query before it is closed (default 10
 *     seconds, RFC 7766 section 6.2.3)
 * @param maxCnameChain how many CNAMEs inside the zone one answer follows (default 8); a longer
 *     chain is answered as far as that and the resolver follows the rest
 * @param maxTcpBuffered how many response bytes a TCP client may leave unread before the server
 *     closes the connection (default 256 KiB), so a client that pipelines queries and never reads
 *     cannot grow the server's memory
 */
public record DnsLimits(int udpPayload, Duration tcpIdle, int maxCnameChain, long maxTcpBuffered) {
  /** Checks the values. */
  public DnsLimits {
    if (udpPayload < 512 || udpPayload > 65_535) {
      throw new IllegalArgumentException("udpPayload must be 512..65535, not " + udpPayload);
    }
    if (tcpIdle.isNegative() || tcpIdle.isZero()) {
      throw new IllegalArgumentException("tcpIdle must be positive, not " + tcpIdle);
    }
    if (maxCnameChain < 0) {
      throw new IllegalArgumentException("maxCnameChain must not be negative");
    }
    if (maxTcpBuffered < 65_537) {
      throw new IllegalArgumentException(
          "maxTcpBuffered must hold at least one response (65537 bytes), not " + maxTcpBuffered);
    }
  }

  /** 1,232 bytes over UDP, 10 seconds idle on TCP, 8 CNAMEs, 256 KiB unread on TCP. */
  public static DnsLimits defaults() {
    return new DnsLimits(1232, Duration.ofSeconds(10), 8, 256 * 1024);
  }

  /** These limits with another {@link #udpPayload}. */
  public DnsLimits withUdpPayload(int bytes) {
    return new DnsLimits(bytes, tcpIdle, maxCnameChain, maxTcpBuffered);
  }

  /** These limits with another {@link #tcpIdle}. */
  public DnsLimits withTcpIdle(Duration idle) {
    return new DnsLimits(udpPayload, idle, maxCnameChain, maxTcpBuffered);
  }

  /** These limits with another {@link #maxCnameChain}. */
  public DnsLimits withMaxCnameChain(int chain) {
    return new DnsLimits(udpPayload, tcpIdle, chain, maxTcpBuffered);
  }

  /** These limits with another {@link #maxTcpBuffered}. */
  public DnsLimits withMaxTcpBuffered(long bytes) {
    return new DnsLimits(udpPayload, tcpIdle, maxCnameChain, bytes);
  }
}
