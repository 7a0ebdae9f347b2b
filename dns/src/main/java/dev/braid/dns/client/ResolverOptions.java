package dev.braid.dns.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link DnsClient} and a {@link DnsResolver} ask and what they keep, with defaults.
 *
 * @param servers the name servers, asked in turn (at least one)
 * @param timeout how long one try waits for an answer (default 5 s, as resolv.conf's default)
 * @param attempts how many rounds over all the servers a query makes before it fails (default 2)
 * @param maxCacheEntries how many (name, type) answers the resolver keeps; the least recently used
 *     goes first (default 10,000), so a flood of distinct names cannot grow memory
 * @param maxTtl the longest an answer is kept, whatever TTL it came with (default 1 day)
 * @param maxNegativeTtl the longest a "no such name" or "no such records" answer is kept (default 1
 *     hour; RFC 2308 derives it from the zone's SOA, capped here)
 */
public record ResolverOptions(
    List<InetSocketAddress> servers,
    Duration timeout,
    int attempts,
    int maxCacheEntries,
    Duration maxTtl,
    Duration maxNegativeTtl) {
  /** The resolver configuration of the system. */
  public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  /** Checks the values. */
  public ResolverOptions {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a DNS client needs at least one name server");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
    }
    if (maxCacheEntries < 0) {
      throw new IllegalArgumentException("maxCacheEntries must not be negative");
    }
    if (maxTtl.isNegative() || maxNegativeTtl.isNegative()) {
      throw new IllegalArgumentException("TTL caps must not be negative");
    }
  }

  /** Asks {@code servers}, with the other defaults. */
  public static ResolverOptions of(List<InetSocketAddress> servers) {
    return new ResolverOptions(
        servers, Duration.ofSeconds(5), 2, 10_000, Duration.ofDays(1), Duration.ofHours(1));
  }

  /**
   * The name servers, {@code timeout:} and {@code attempts:} of a resolv.conf file ({@code
   * nameserver ADDRESS} lines, at most three as the system's resolver takes; {@code options
   * timeout:N attempts:N}), with the other defaults. A file without name servers, or one that
   * cannot be read, gives 127.0.0.1 port 53, as the system's resolver does. Search domains are not
   * used: names are asked as given.
   */
  public static ResolverOptions fromResolvConf(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      lines = List.of();
    }
    List<InetSocketAddress> servers = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(5);
    int attempts = 2;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String[] words = line.split("\\s+");
      if (words.length >= 2 && words[0].equals("nameserver") && servers.size() < 3) {
        String address = words[1].replaceFirst("%.*$", ""); // a zone index: fe80::1%eth0
        try {
          servers.add(new InetSocketAddress(InetAddress.ofLiteral(address), 53));
        } catch (IllegalArgumentException e) {
          // not an address: the system's resolver skips it too
        }
      } else if (words[0].equals("options")) {
        for (int i = 1; i < words.length; i++) {
          timeout = option(words[i], "timeout:", 1, 30).map(Duration::ofSeconds).orElse(timeout);
          attempts = option(words[i], "attempts:", 1, 5).orElse(attempts);
        }
      }
    }
    if (servers.isEmpty()) {
      servers.add(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 53));
    }
    return of(servers).withTimeout(timeout).withAttempts(attempts);
  }

  private static java.util.Optional<Integer> option(String word, String name, int min, int max) {
    if (!word.startsWith(name)) {
      return java.util.Optional.empty();
    }
    try {
      int value = Integer.parseInt(word.substring(name.length()));
      return java.util.Optional.of(Math.clamp(value, min, max));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** These options with another {@link #timeout}. */
  public ResolverOptions withTimeout(Duration value) {
    return new ResolverOptions(servers, value, attempts, maxCacheEntries, maxTtl, maxNegativeTtl);
  }

  /** These options with another {@link #attempts}. */
  public ResolverOptions withAttempts(int value) {
    return new ResolverOptions(servers, timeout, value, maxCacheEntries, maxTtl, maxNegativeTtl);
  }

  /** These options with another {@link #maxCacheEntries}. */
  public ResolverOptions withMaxCacheEntries(int value) {
    return new ResolverOptions(servers, timeout, attempts, value, maxTtl, maxNegativeTtl);
  }

  /** These options with other TTL caps. */
  public ResolverOptions withTtlCaps(Duration positive, Duration negative) {
    return new ResolverOptions(servers, timeout, attempts, maxCacheEntries, positive, negative);
  }
}
