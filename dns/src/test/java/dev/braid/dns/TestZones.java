package dev.braid.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xbill.DNS.Zone;

/** The example.org zone the DNS tests answer from, written to a master file. */
final class TestZones {
  static final String EXAMPLE_ORG =
      """
      $ORIGIN example.org.
      $TTL 3600
      @        IN SOA ns1 hostmaster ( 2026120701 7200 900 1209600 300 )
               IN NS  ns1
               IN NS  ns2.elsewhere.net.
               IN MX  10 mail
      ns1      IN A    192.0.2.53
      mail     IN A    192.0.2.25
               IN AAAA 2001:db8::25
      www      IN A    192.0.2.80
               IN AAAA 2001:db8::80
      alias    IN CNAME www
      chain1   IN CNAME chain2
      chain2   IN CNAME alias
      loop1    IN CNAME loop2
      loop2    IN CNAME loop1
      away     IN CNAME www.elsewhere.net.
      dangling IN CNAME nothing
      *.wild   IN A    192.0.2.99
      _sip._tcp IN SRV 0 5 5060 www
      big      IN TXT  "%s"
      sub      IN NS   ns.sub
      ns.sub   IN A    192.0.2.54
      $GENERATE 1-3 host$ IN A 198.51.100.$
      """
          .formatted(("x".repeat(200) + "\" \"").repeat(4) + "end");

  private TestZones() {}

  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  static Zone exampleOrg(Path dir) throws IOException {
    return ZoneSet.load("example.org", write(dir, "example.org.zone", EXAMPLE_ORG));
  }
}
