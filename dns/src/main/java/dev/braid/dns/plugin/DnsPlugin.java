package dev.braid.dns.plugin;

import dev.braid.dns.Authority;
import dev.braid.dns.DnsDatagramServer;
import dev.braid.dns.DnsLimits;
import dev.braid.dns.DnsStreamServer;
import dev.braid.dns.ZoneFileException;
import dev.braid.dns.ZoneSet;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.plugin.BraidPlugin;
import dev.braid.reactor.Reactor;
import dev.braid.service.DatagramServerEndpointService;
import dev.braid.service.MultiService;
import dev.braid.service.Service;
import dev.braid.service.StreamServerEndpointService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Zone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid dns}: an authoritative DNS server for zones in BIND master files. */
@Command(
    name = "dns",
    mixinStandardHelpOptions = true,
    description =
        "Authoritative DNS server for zones in BIND master files, over UDP and TCP (EDNS0,"
            + " truncation and TCP fallback, wildcards, delegations with glue).")
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

  @Override
  public Service service(Reactor reactor) {
    if (tcpIdle < 1) {
      throw new IllegalArgumentException("--tcp-idle must be at least 1 second");
    }
    DnsLimits limits =
        DnsLimits.defaults().withUdpPayload(udpPayload).withTcpIdle(Duration.ofSeconds(tcpIdle));
    Authority authority = new Authority(loadZones(), limits);
    List<String> endpoints =
        listen == null || listen.isEmpty() ? List.of("udp:5353", "tcp:5353") : listen;
    MultiService root = new MultiService("dns");
    for (int i = 0; i < endpoints.size(); i++) {
      String endpoint = endpoints.get(i);
      String name = "listen #" + (i + 1) + " " + endpoint;
      if (endpoint.toLowerCase(Locale.ROOT).startsWith("udp:")) {
        root.addService(
            new DatagramServerEndpointService(
                name,
                Endpoints.datagramServerFromString(reactor, endpoint),
                new DnsDatagramServer(authority)));
      } else {
        root.addService(
            new StreamServerEndpointService(
                name,
                Endpoints.serverFromString(reactor, endpoint),
                DnsStreamServer.factory(authority, reactor)));
      }
    }
    return root;
  }

  private ZoneSet loadZones() {
    // The logger is got here, not in a static field: the braid command makes an instance of every
    // plugin for its listing before it has set up logging.
    Logger log = LoggerFactory.getLogger(DnsPlugin.class);
    List<Zone> loaded = new ArrayList<>();
    for (String spec : zones) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new IllegalArgumentException("--zone wants ORIGIN=FILE, not " + spec);
      }
      try {
        Zone zone = ZoneSet.load(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
        log.info("DNS: zone {} loaded, serial {}", zone.getOrigin(), zone.getSOA().getSerial());
        loaded.add(zone);
      } catch (ZoneFileException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return ZoneSet.of(loaded);
  }
}
