package dev.braid.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A service that listens on an endpoint while it runs. */
@BraidTest
class StreamServerEndpointServiceTest {

  @Test
  void listensWhileRunningAndStopsListeningOnStop(ReactorTester t) {
    Reactor reactor = t.reactor();
    StreamServerEndpointService service =
        new StreamServerEndpointService(
            "echo",
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1"),
            Echo.factory());
    t.await(service.startService());
    ListeningPort port = service.port().orElseThrow();
    assertThat(((InetSocketAddress) port.address()).getPort()).isPositive();
    t.await(service.stopService());
    assertThat(service.port()).isEmpty();
  }

  @Test
  void aPortInUseFailsTheStartWithTheBindErrorInATree(ReactorTester t) {
    Reactor reactor = t.reactor();
    MultiService root = new MultiService("root");
    StreamServerEndpointService first =
        new StreamServerEndpointService(
            "first",
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1"),
            Echo.factory());
    t.await(first.startService());
    int taken = ((InetSocketAddress) first.port().orElseThrow().address()).getPort();
    StreamServerEndpointService before =
        new StreamServerEndpointService(
            "before",
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1"),
            Echo.factory());
    StreamServerEndpointService clash =
        new StreamServerEndpointService(
            "clash",
            Endpoints.serverFromString(reactor, "tcp:" + taken + ":interface=127.0.0.1"),
            Echo.factory());
    root.addService(before);
    root.addService(clash);
    Throwable error = t.awaitFailure(root.startService());
    assertThat(error).isInstanceOf(BindException.class).hasMessageContaining("tcp:" + taken);
    assertThat(root.running()).isFalse();
    assertThat(before.port()).isEmpty();
    t.await(first.stopService());
  }
}
