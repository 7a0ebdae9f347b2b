package dev.braid.dns.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.dns.Authority;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/**
 * {@code braid dns} on SIGHUP ({@link DnsPlugin#reload()}): the zone files are read again and
 * answered from; a file that no longer loads keeps its zone's old contents, with the error logged
 * naming file and line; when no file loads, the reload fails and everything stays as it was.
 */
@BraidTest
class DnsPluginReloadTest {
  @TempDir Path dir;

  static String zone(long serial, String address) {
    return """
        $ORIGIN %s.
        $TTL 300
        @   IN SOA ns hostmaster ( %d 3600 600 86400 300 )
            IN NS  ns
        ns  IN A   192.0.2.53
        www IN A   %s
        """
        .formatted("%s", serial, address);
  }

  Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text.formatted(name));
    return file;
  }

  static String www(Authority authority, String origin) throws IOException {
    Record q = Record.newRecord(Name.fromString("www." + origin + "."), Type.A, DClass.IN);
    byte[] reply = authority.respond(Message.newQuery(q).toWire(), false).orElseThrow();
    Message m = new Message(reply);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    return ((ARecord) m.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress();
  }

  DnsPlugin plugin(ReactorTester t, Path... files) {
    DnsPlugin plugin = new DnsPlugin();
    List<String> args = new java.util.ArrayList<>();
    for (Path file : files) {
      args.addAll(List.of("--zone", file.getFileName() + "=" + file));
    }
    new CommandLine(plugin).parseArgs(args.toArray(String[]::new));
    plugin.service(t.reactor());
    return plugin;
  }

  @Test
  void aReloadAnswersFromTheNewFiles(ReactorTester t) throws IOException {
    Path file = write("one.test", zone(1, "192.0.2.1"));
    DnsPlugin plugin = plugin(t, file);
    assertThat(www(plugin.authority(), "one.test")).isEqualTo("192.0.2.1");
    write("one.test", zone(2, "192.0.2.2"));
    t.await(plugin.reload().orElseThrow());
    assertThat(www(plugin.authority(), "one.test")).isEqualTo("192.0.2.2");
  }

  @Test
  void aBrokenFileKeepsItsOldZoneWhileTheOthersReload(ReactorTester t) throws IOException {
    Path one = write("one.test", zone(1, "192.0.2.1"));
    Path two = write("two.test", zone(1, "192.0.2.1"));
    DnsPlugin plugin = plugin(t, one, two);
    write("one.test", zone(2, "192.0.2.2") + "bad IN A not-an-address\n");
    write("two.test", zone(2, "192.0.2.2"));
    t.await(plugin.reload().orElseThrow());
    assertThat(www(plugin.authority(), "one.test")).isEqualTo("192.0.2.1");
    assertThat(www(plugin.authority(), "two.test")).isEqualTo("192.0.2.2");
    List<LoggedErrors.Entry> logged = LoggedErrors.flush();
    assertThat(logged).hasSize(1);
    assertThat(logged.getFirst().message())
        .contains(one.toString() + ":7")
        .contains("zone one.test keeps its old contents");
  }

  @Test
  void whenNoFileLoadsTheReloadFailsAndNothingChanges(ReactorTester t) throws IOException {
    Path file = write("one.test", zone(1, "192.0.2.1"));
    DnsPlugin plugin = plugin(t, file);
    Files.delete(file);
    Throwable error = t.awaitFailure(plugin.reload().orElseThrow());
    assertThat(error).hasMessageContaining("no zone file could be loaded");
    assertThat(www(plugin.authority(), "one.test")).isEqualTo("192.0.2.1");
    assertThat(LoggedErrors.flush()).hasSize(1);
  }

  @Test
  void aPluginNotStartedHasNothingToReload() {
    assertThat(new DnsPlugin().reload()).isEmpty();
  }
}
