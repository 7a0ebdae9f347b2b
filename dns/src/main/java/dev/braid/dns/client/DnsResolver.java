package dev.braid.dns.client;

import dev.braid.defer.Deferred;
import dev.braid.defer.DeferredList;
import dev.braid.defer.Outcome;
import dev.braid.net.Resolver;
import dev.braid.reactor.Reactor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A {@link Resolver} that asks name servers with a {@link DnsClient} and keeps the answers for
 * their TTL: install it on a reactor ({@code reactor.installResolver(DnsResolver.create(reactor,
 * options))}) and every connection by name on that reactor (endpoints, the HTTP client, SOCKS) goes
 * through it instead of the JVM's resolver.
 *
 * <p>A name is asked for A and AAAA at once; the addresses come IPv4 first, then IPv6, as the JVM
 * orders them by default. A CNAME chain in the answer is followed (at most 8 links, never round a
 * loop). A name with no addresses fails with {@link UnknownHostException}; so does a name no server
 * answered for, with the reason.
 *
 * <p><b>The cache.</b> Each (name, type) answer is kept for the smallest TTL of the records used,
 * at most {@link ResolverOptions#maxTtl()}; a name that does not exist or has no such records is
 * kept for the SOA's negative TTL (RFC 2308: the smaller of its TTL and its minimum field), at most
 * {@link ResolverOptions#maxNegativeTtl()}. At most {@link ResolverOptions#maxCacheEntries()}
 * answers are kept, the least recently used going first. Lookups of a name already being asked wait
 * for that query instead of sending another, so a burst of lookups is one query on the wire (and a
 * spoofer gets one chance, not many). Failures (timeouts, SERVFAIL) are not cached.
 *
 * <p>Reactor thread only.
 */
public final class DnsResolver implements Resolver {
  private static final int MAX_CNAMES = 8;

  private final Reactor reactor;
  private final DnsClient client;
  private final Map<Key, Cached> cache;
  private final Map<Key, List<Deferred<List<InetAddress>>>> asking = new HashMap<>();

  private DnsResolver(Reactor reactor, DnsClient client) {
    this.reactor = reactor;
    this.client = client;
    int max = client.options().maxCacheEntries();
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
            return size() > max;
          }
        };
  }

  /** A resolver on {@code reactor} asking as {@code options} says. */
  public static DnsResolver create(Reactor reactor, ResolverOptions options) {
    return new DnsResolver(reactor, DnsClient.create(reactor, options));
  }

  /** A resolver on {@code reactor} asking the name servers of /etc/resolv.conf. */
  public static DnsResolver system(Reactor reactor) {
    return create(reactor, ResolverOptions.fromResolvConf(ResolverOptions.RESOLV_CONF));
  }

  /** How many answers the cache holds now. */
  public int cacheSize() {
    return cache.size();
  }

  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    Name name;
    try {
      name = Name.fromString(host.endsWith(".") ? host : host + ".");
    } catch (TextParseException e) {
      return Deferred.fail(unknown(host, "not a host name: " + e.getMessage()));
    }
    List<Deferred<List<InetAddress>>> both = List.of(lookup(name, Type.A), lookup(name, Type.AAAA));
    return DeferredList.of(both, DeferredList.Option.CONSUME_ERRORS)
        .addCallback(
            outcomes -> {
              List<InetAddress> addresses = new ArrayList<>();
              Throwable error = null;
              for (Outcome<List<InetAddress>> outcome : outcomes) {
                switch (outcome) {
                  case Outcome.Success<List<InetAddress>>(var found) -> addresses.addAll(found);
                  case Outcome.Failure<List<InetAddress>>(var e) -> error = e;
                }
              }
              if (!addresses.isEmpty()) {
                return addresses;
              }
              throw error == null
                  ? unknown(host, "no addresses")
                  : unknown(host, error.getMessage());
            });
  }

  /**
   * The addresses of {@code type} at {@code name}: from the cache, the query under way, or a new
   * one.
   */
  private Deferred<List<InetAddress>> lookup(Name name, int type) {
    Key key = new Key(name.toString().toLowerCase(Locale.ROOT), type);
    Cached cached = cache.get(key);
    long now = reactor.nanoTime();
    if (cached != null) {
      if (now - cached.expires() < 0) {
        return Deferred.succeed(cached.addresses());
      }
      cache.remove(key);
    }
    Deferred<List<InetAddress>> mine = new Deferred<>();
    List<Deferred<List<InetAddress>>> waiting = asking.get(key);
    if (waiting != null) {
      waiting.add(mine);
      return mine;
    }
    waiting = new ArrayList<>(List.of(mine));
    asking.put(key, waiting);
    client
        .query(name, type)
        .addCallbacks(
            response -> {
              Cached entry;
              try {
                entry = entry(name, type, response);
              } catch (UnknownHostException e) {
                for (Deferred<List<InetAddress>> d : asking.remove(key)) {
                  d.errback(e);
                }
                return null;
              }
              if (entry.expires() - reactor.nanoTime() > 0) {
                cache.put(key, entry);
              }
              for (Deferred<List<InetAddress>> d : asking.remove(key)) {
                d.callback(entry.addresses());
              }
              return null;
            },
            error -> {
              for (Deferred<List<InetAddress>> d : asking.remove(key)) {
                d.errback(error);
              }
              return null;
            });
    return mine;
  }

  /** What {@code response} says about {@code type} at {@code name}, and until when. */
  private Cached entry(Name name, int type, Message response) throws UnknownHostException {
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      throw unknown(name.toString(true), "the name server answered " + Rcode.string(rcode));
    }
    List<InetAddress> addresses = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    Name current = name;
    List<Record> answers = response.getSection(Section.ANSWER);
    for (int links = 0; links <= MAX_CNAMES; links++) {
      Name owner = current;
      Name next = null;
      for (Record r : answers) {
        if (!r.getName().equals(owner)) {
          continue;
        }
        if (r instanceof CNAMERecord cname && type != Type.CNAME) {
          next = cname.getTarget();
          ttl = Math.min(ttl, r.getTTL());
        } else if (r.getType() == type) {
          ttl = Math.min(ttl, r.getTTL());
          switch (r) {
            case ARecord a -> addresses.add(a.getAddress());
            case AAAARecord aaaa -> addresses.add(aaaa.getAddress());
            default -> {}
          }
        }
      }
      if (!addresses.isEmpty() || next == null || next.equals(name)) {
        break;
      }
      current = next;
    }
    long capSeconds;
    if (addresses.isEmpty()) {
      long negative = 0;
      for (Record r : response.getSection(Section.AUTHORITY)) {
        if (r instanceof SOARecord soa) {
          negative = Math.min(soa.getTTL(), soa.getMinimum());
        }
      }
      capSeconds = Math.min(negative, client.options().maxNegativeTtl().toSeconds());
    } else {
      capSeconds = Math.min(ttl, client.options().maxTtl().toSeconds());
    }
    return new Cached(List.copyOf(addresses), reactor.nanoTime() + capSeconds * 1_000_000_000L);
  }

  private static UnknownHostException unknown(String host, String why) {
    return new UnknownHostException(host + ": " + why);
  }

  private record Key(String name, int type) {}

  private record Cached(List<InetAddress> addresses, long expires) {}
}
