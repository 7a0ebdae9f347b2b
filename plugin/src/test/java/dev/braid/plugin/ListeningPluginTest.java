package dev.braid.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.tls.DevCertificates;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorGroup;
import dev.braid.service.Service;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RecordingLogger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import picocli.CommandLine;

/** The line a listening plugin logs per endpoint: once, readable, saying TLS. */
@BraidTest
class ListeningPluginTest {
  @TempDir Path dir;

  /** An echo plugin whose listening lines go to {@link #log}. */
  static final class EchoPlugin extends ListeningPlugin {
    final RecordingLogger log = new RecordingLogger();

    @Override
    protected String defaultEndpoint() {
      return "tcp:0:interface=127.0.0.1";
    }

    @Override
    protected ProtocolFactory factory(Reactor reactor) {
      return peer -> new Echo();
    }

    @Override
    protected Logger logger() {
      return log;
    }
  }

  private static EchoPlugin plugin(String... args) {
    EchoPlugin plugin = new EchoPlugin();
    new CommandLine(plugin).parseArgs(args);
    return plugin;
  }

  @Test
  void theMessageWritesAddressesAsPeopleDoAndSaysWhenThePortIsTls() throws Exception {
    EchoPlugin plugin = new EchoPlugin();
    assertThat(
            plugin.listeningMessage(
                "tcp:8000", new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 8000)))
        .isEqualTo("listening on 0.0.0.0:8000 (tcp:8000)");
    assertThat(
            plugin.listeningMessage(
                "ssl:8443:certKey=a.pem", new InetSocketAddress(InetAddress.ofLiteral("::"), 8443)))
        .isEqualTo("listening on [::]:8443 with TLS (ssl:8443:certKey=a.pem)");
    assertThat(
            plugin.listeningMessage(
                "haproxy:tls:443:certificates=certs",
                new InetSocketAddress(InetAddress.ofLiteral("2001:db8:0:0:0:0:0:1"), 443)))
        .isEqualTo("listening on [2001:db8::1]:443 with TLS (haproxy:tls:443:certificates=certs)");
    assertThat(
            plugin.listeningMessage("unix:/run/e.sock", UnixDomainSocketAddress.of("/run/e.sock")))
        .isEqualTo("listening on /run/e.sock (unix:/run/e.sock)");
  }

  @Test
  void eachEndpointGetsOneLineOnceItListens(ReactorTester t) throws Exception {
    t.await(t.reactor().deferToThread(() -> DevCertificates.localhost(dir)));
    String tls = "ssl:0:interface=127.0.0.1:certKey=" + dir.resolve("localhost.pem");
    EchoPlugin plugin = plugin("--listen", "tcp:0:interface=127.0.0.1", "--listen", tls);
    Service service = plugin.service(t.reactor());
    t.await(service.startService());

    assertThat(plugin.log.at(Level.INFO))
        .hasSize(2)
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .matches("listening on 127\\.0\\.0\\.1:\\d+ \\(tcp:0:interface=127.0.0.1\\)"),
            second ->
                assertThat(second)
                    .startsWith("listening on 127.0.0.1:")
                    .endsWith(" with TLS (" + tls + ")"));
    t.await(service.stopService());
  }

  @Test
  void onAGroupOfReactorsATcpEndpointStillGetsOneLine() throws Exception {
    ReactorGroup group =
        ReactorGroup.builder()
            .reactors(2)
            .distribution(ReactorGroup.Distribution.REUSE_PORT)
            .build();
    group.start();
    try {
      EchoPlugin plugin = plugin();
      Reactor first = group.reactors().getFirst();
      Service service = first.blockingCallFromThread(() -> Deferred.succeed(plugin.service(group)));
      first.blockingCallFromThread(service::startService);
      assertThat(plugin.log.at(Level.INFO))
          .singleElement()
          .asString()
          .matches("listening on 127\\.0\\.0\\.1:\\d+ \\(tcp:0:interface=127.0.0.1\\)");
      first.blockingCallFromThread(service::stopService);
    } finally {
      group.stop();
      assertThat(group.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }
  }
}
