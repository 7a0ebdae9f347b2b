package dev.braid.web.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.tls.DevCertificates;
import dev.braid.service.MultiService;
import dev.braid.service.StreamServerEndpointService;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code braid web} on a TLS port over a real socket, asked by curl with http:// and https://. */
@BraidTest(timeoutSeconds = 30)
class WebPluginTlsTest {
  @TempDir Path dir;

  @Test
  void curlSendingPlainHttpToTheTlsPortIsToldToUseHttps(ReactorTester t) throws Exception {
    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("hello.txt"), "hello over TLS\n");
    Path certs = dir.resolve("certs");
    t.await(t.reactor().deferToThread(() -> DevCertificates.localhost(certs)));
    WebPlugin plugin = new WebPlugin();
    new CommandLine(plugin)
        .parseArgs(
            "--path",
            site.toString(),
            "--listen",
            "ssl:0:interface=127.0.0.1:certKey=" + certs.resolve("localhost.pem"));
    MultiService service = (MultiService) plugin.service(t.reactor());
    t.await(service.startService());
    int port =
        service.children().stream()
            .filter(StreamServerEndpointService.class::isInstance)
            .map(s -> ((StreamServerEndpointService) s).port().orElseThrow())
            .map(p -> ((InetSocketAddress) p.address()).getPort())
            .findFirst()
            .orElseThrow();

    RealPeer plain =
        RealPeer.start(t.reactor(), "curl", "-sS", "-i", "http://127.0.0.1:" + port + "/hello.txt");
    assertThat(t.await(plain.exited())).as(plain.output()).isZero();
    assertThat(plain.output())
        .startsWith("HTTP/1.1 400 Bad Request")
        .contains("this port speaks HTTPS", "Use https://");

    RealPeer tls =
        RealPeer.start(
            t.reactor(),
            "curl",
            List.of(
                "curl",
                "-sS",
                "--cacert",
                certs.resolve("localhost-cert.pem").toString(),
                "--resolve",
                "localhost:" + port + ":127.0.0.1",
                "https://localhost:" + port + "/hello.txt"));
    assertThat(t.await(tls.exited())).as(tls.output()).isZero();
    assertThat(tls.output()).isEqualTo("hello over TLS");
    t.await(service.stopService());
  }
}
