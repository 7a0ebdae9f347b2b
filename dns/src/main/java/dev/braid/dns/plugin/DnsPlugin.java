package dev.braid.dns.plugin;

import dev.braid.defer.Deferred;
import dev.braid.dns.AddressBlock;
import dev.braid.dns.Authority;
import dev.braid.dns.DnsDatagramServer;
import dev.braid.dns.DnsLimits;
import dev.braid.dns.DnsStreamServer;
import dev.braid.dns.TransferPolicy;
import dev.braid.dns.ZoneFileException;
import dev.braid.dns.ZoneSet;
import dev.braid.net.Addresses;
import dev.braid.net.DatagramTransport;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.plugin.BraidPlugin;
import dev.braid.plugin.ListeningLog;
import dev.braid.reactor.Reactor;
import dev.braid.service.DatagramServerEndpointService;
import dev.braid.service.MultiService;
import dev.braid.service.Service;
import dev.braid.service.StreamServerEndpointService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Zone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid dns}: an authoritative DNS server for zones in BIND master files. */
@Command(
    name = "dns",
    mixinStandardHelpOptions = true,
    description =
        "Authoritative DNS server for zones in BIND master files, over UDP and TCP (EDNS0,"
            + " truncation and TCP fallback, wildcards, delegations with glue, zone transfers"
            + " with TSIG). SIGHUP reloads the zone files; a file with an error keeps its old"
            + " zone serving.")
public final class DnsPlugin implements BraidPlugin {
  @Option(
      names = "--zone",
      paramLabel = "ORIGIN=FILE",
      required = true,
      description =
          "Serve the zone ORIGIN from the master file FILE (repeatable), e.g."
              + " example.org=zones/example.org.")
  private List<String> zones;

  @Option(
      names = "--listen",
      paramLabel = "ENDPOINT",
      description =
          "Where to answer (repeatable): udp:PORT[:interface=ADDR] for UDP, any stream endpoint"
              + " (tcp:PORT, ...) for TCP (default: udp:5353 and tcp:5353).")
  private List<String> listen;

  @Option(
      names = "--udp-payload",
      paramLabel = "BYTES",
      defaultValue = "1232",
      description =
          "Largest UDP response and the EDNS0 payload size advertised, 512..65535 (default:"
              + " ${DEFAULT-VALUE}).")
  private int udpPayload;

  @Option(
      names = "--tcp-idle",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "Close a TCP connection after this long without a query (default: ${DEFAULT-VALUE}).")
  private long tcpIdle;

  @Option(
      names = "--allow-transfer",
      paramLabel = "ADDRESS[/BITS]",
      description =
          "Let unsigned AXFR/IXFR queries from these addresses transfer zones (repeatable),"
              + " e.g. 192.0.2.0/24 or ::1 (default: none; see --tsig-key).")
  private List<String> allowTransfer;

  @Option(
      names = "--tsig-key",
      paramLabel = "[ALG:]NAME:SECRET|@FILE",
      description =
          "A TSIG key (RFC 8945) that may transfer zones from any address and gets signed"
              + " answers (repeatable): ALG is hmac-sha256 (the default; dig's own default is"
              + " hmac-md5, so name it), hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1 or"
              + " hmac-md5; SECRET is base64. @FILE reads the key from FILE, so the secret is not"
              + " on the command line.")
  private List<String> tsigKeys;

  private Reactor reactor;
  private Authority authority;

  @Override
  public Service service(Reactor reactor) {
    if (tcpIdle < 1) {
      throw new IllegalArgumentException("--tcp-idle must be at least 1 second");
    }
    DnsLimits limits =
        DnsLimits.defaults().withUdpPayload(udpPayload).withTcpIdle(Duration.ofSeconds(tcpIdle));
    this.reactor = reactor;
    this.authority = new Authority(loadZones(), limits, transferPolicy());
    List<String> endpoints =
        listen == null || listen.isEmpty() ? List.of("udp:5353", "tcp:5353") : listen;
    MultiService root = new MultiService("dns");
    ListeningLog listeningLog =
        new ListeningLog(
            () -> LoggerFactory.getLogger(DnsPlugin.class),
            (endpoint, address) ->
                "listening on " + Addresses.display(address) + " (" + endpoint + ")");
    for (int i = 0; i < endpoints.size(); i++) {
      String endpoint = endpoints.get(i);
      String name = "listen #" + (i + 1) + " " + endpoint;
      if (endpoint.toLowerCase(Locale.ROOT).startsWith("udp:")) {
        var service =
            new DatagramServerEndpointService(
                name,
                Endpoints.datagramServerFromString(reactor, endpoint),
                new DnsDatagramServer(authority));
        root.addService(service);
        listeningLog.add(endpoint, () -> service.port().map(DatagramTransport::hostAddress));
      } else {
        var service =
            new StreamServerEndpointService(
                name,
                Endpoints.serverFromString(reactor, endpoint),
                DnsStreamServer.factory(authority, reactor));
        root.addService(service);
        listeningLog.add(endpoint, () -> service.port().map(ListeningPort::address));
      }
    }
    root.addService(listeningLog);
    return root;
  }

  private TransferPolicy transferPolicy() {
    TransferPolicy policy = TransferPolicy.none();
    for (String block : allowTransfer == null ? List.<String>of() : allowTransfer) {
      try {
        policy = policy.withAllowFrom(AddressBlock.parse(block));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--allow-transfer: " + e.getMessage(), e);
      }
    }
    for (String key : tsigKeys == null ? List.<String>of() : tsigKeys) {
      String spec = key;
      if (key.startsWith("@")) {
        try {
          spec = Files.readString(Path.of(key.substring(1)), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new IllegalArgumentException("--tsig-key " + key + ": cannot read: " + e, e);
        }
      }
      try {
        policy = policy.withKey(spec);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--tsig-key: " + e.getMessage(), e);
      }
    }
    return policy;
  }

  /**
   * SIGHUP: loads every zone file again on a worker thread, then answers from the new zones; a zone
   * whose file fails to load keeps serving its old contents, with the error logged (file and line).
   * Queries being answered, and transfers being written, finish with the zones they started with.
   */
  @Override
  public Optional<Deferred<Void>> reload() {
    if (authority == null) {
      return Optional.empty();
    }
    ZoneSet old = authority.zones();
    return Optional.of(
        reactor
            .deferToThread(() -> reloadZones(old))
            .addCallback(
                next -> {
                  authority.replaceZones(next);
                  return null;
                }));
  }

  /** The authority the service answers from (for tests), once {@link #service} made it. */
  Authority authority() {
    return authority;
  }

  private ZoneSet reloadZones(ZoneSet old) {
    Logger log = LoggerFactory.getLogger(DnsPlugin.class);
    List<Zone> loaded = new ArrayList<>();
    int failed = 0;
    for (String spec : zones) {
      String origin = origin(spec);
      Optional<Zone> before = old.zone(name(origin));
      try {
        Zone zone = ZoneSet.load(origin, file(spec));
        long was = before.map(z -> z.getSOA().getSerial()).orElse(-1L);
        if (was != zone.getSOA().getSerial()) {
          log.info("DNS: zone {} reloaded, serial {}", zone.getOrigin(), zone.getSOA().getSerial());
        }
        loaded.add(zone);
      } catch (ZoneFileException e) {
        failed++;
        log.error("DNS: {}; zone {} keeps its old contents", e.getMessage(), origin);
        before.ifPresent(loaded::add);
      }
    }
    if (failed == zones.size()) {
      throw new IllegalStateException("no zone file could be loaded; every zone kept as it was");
    }
    return ZoneSet.of(loaded);
  }

  private static String origin(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException("--zone wants ORIGIN=FILE, not " + spec);
    }
    return spec.substring(0, eq);
  }

  private static Name name(String origin) {
    try {
      return Name.fromString(origin, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a zone name: " + origin, e);
    }
  }

  private static Path file(String spec) {
    return Path.of(spec.substring(spec.indexOf('=') + 1));
  }

  private ZoneSet loadZones() {
    // The logger is got here, not in a static field: the braid command makes an instance of every
    // plugin for its listing before it has set up logging.
    Logger log = LoggerFactory.getLogger(DnsPlugin.class);
    List<Zone> loaded = new ArrayList<>();
    for (String spec : zones) {
      String origin = origin(spec);
      try {
        Zone zone = ZoneSet.load(origin, file(spec));
        log.info("DNS: zone {} loaded, serial {}", zone.getOrigin(), zone.getSOA().getSerial());
        loaded.add(zone);
      } catch (ZoneFileException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return ZoneSet.of(loaded);
  }
}
