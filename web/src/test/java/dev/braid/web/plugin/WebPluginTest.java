package dev.braid.web.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ProtocolFactory;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.StringTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code braid web}'s options as the plugin builds its site from them, without sockets. */
@BraidTest
class WebPluginTest {
  @TempDir Path dir;

  private String get(String target, String... args) throws IOException {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), "[remote]");
    WebPlugin plugin = new WebPlugin();
    new CommandLine(plugin).parseArgs(args);
    ProtocolFactory site = plugin.factory(new MemoryReactor());
    StringTransport transport = new StringTransport();
    transport.makeConnection(site.buildProtocol(transport.peerAddress()));
    transport.receive("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    return transport.writtenUtf8();
  }

  @Test
  void dotFilesAreHiddenUnlessDotFilesIsGiven() throws IOException {
    assertThat(get("/.git/config", "--path", dir.toString())).startsWith("HTTP/1.1 404 ");
    assertThat(get("/.git/config", "--path", dir.toString(), "--dot-files"))
        .startsWith("HTTP/1.1 200 ")
        .endsWith("[remote]");
  }

  @Test
  void servingUrlsWriteAddressesAsPeopleDoAndSayHttpsForTls() throws Exception {
    assertThat(WebPlugin.url("tcp:8080", new InetSocketAddress(InetAddress.ofLiteral("::"), 8080)))
        .isEqualTo("http://[::]:8080/");
    assertThat(
            WebPlugin.url(
                "tcp:8080", new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 8080)))
        .isEqualTo("http://0.0.0.0:8080/");
    assertThat(
            WebPlugin.url(
                "ssl:8443:certKey=x.pem",
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 8443)))
        .isEqualTo("https://127.0.0.1:8443/");
    assertThat(
            WebPlugin.url(
                "haproxy:tls:443:certificates=d",
                new InetSocketAddress(InetAddress.ofLiteral("::1"), 443)))
        .isEqualTo("https://[::1]:443/");
    assertThat(
            WebPlugin.url(
                "tcp6:80",
                new InetSocketAddress(InetAddress.ofLiteral("2001:db8:0:0:1:0:0:5"), 80)))
        .isEqualTo("http://[2001:db8::1:0:0:5]:80/");
    assertThat(WebPlugin.url("unix:/run/web.sock", UnixDomainSocketAddress.of("/run/web.sock")))
        .isEqualTo("unix:/run/web.sock");
  }
}
