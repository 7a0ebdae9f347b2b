package dev.braid.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ListenQueue;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssl:} and {@code tls:} servers take a {@code backlog=N}, which reaches listen(2). */
@BraidTest
class TlsBacklogTest {
  private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

  @TempDir static Path dir;
  static Path certificates;
  static Path certKey;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = dir.resolve("live");
    Certs.selfSigned(certificates, "alpha.test");
    DevCertificates.localhost(dir);
    certKey = dir.resolve("localhost.pem");
  }

  @Test
  void sslAndTlsDescriptionsPassTheirBacklogToTheTcpPortBelow() {
    MemoryReactor reactor = new MemoryReactor();
    Endpoints.serverFromString(reactor, "ssl:8443:certKey=" + certKey + ":backlog=77")
        .listen(Echo.factory());
    Endpoints.serverFromString(reactor, "tls:8444:certificates=" + certificates + ":backlog=78")
        .listen(Echo.factory());
    Endpoints.serverFromString(reactor, "ssl:8445:certKey=" + certKey).listen(Echo.factory());
    assertThat(reactor.tcpServers().get(0).options().backlog()).isEqualTo(77);
    assertThat(reactor.tcpServers().get(1).options().backlog()).isEqualTo(78);
    assertThat(reactor.tcpServers().get(2).options().backlog())
        .isEqualTo(TcpListenOptions.DEFAULT_BACKLOG);
  }

  @Test
  void aBacklogThatIsNotAPositiveNumberIsASyntaxErrorNamingTheSslDescription() {
    MemoryReactor reactor = new MemoryReactor();
    String description = "ssl:8443:certKey=" + certKey + ":backlog=0";
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, description))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("ssl:8443")
        .hasMessageContaining("backlog must be a positive whole number, got \"0\"");
  }

  @Test
  void theBacklogReachesListenForSslTlsAndHaproxyOverSsl(ReactorTester t) throws Exception {
    assertThat(
            ListenQueue.listenedBacklog(
                t, "ssl:0:certKey=" + certKey + ":interface=127.0.0.1:backlog=21"))
        .isEqualTo(21);
    assertThat(
            ListenQueue.listenedBacklog(
                t, "tls:0:certificates=" + certificates + ":interface=127.0.0.1:backlog=22"))
        .isEqualTo(22);
    assertThat(
            ListenQueue.listenedBacklog(
                t, "haproxy:ssl:0:certKey=" + certKey + ":interface=127.0.0.1:backlog=23"))
        .isEqualTo(23);
    assertThat(ListenQueue.listenedBacklog(t, "ssl:0:certKey=" + certKey + ":interface=127.0.0.1"))
        .isEqualTo(Integer.parseInt(Files.readString(SOMAXCONN).strip()));
  }
}
