package dev.braid.web.client;

import static dev.braid.web.client.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP client looks host names up with its reactor's resolver. */
@BraidTest
class AgentResolverTest {
  @Test
  void aRequestToAHostNameGoesThroughTheReactorsResolver(ReactorTester t) throws Exception {
    List<String> asked = new ArrayList<>();
    t.reactor()
        .installResolver(
            host -> {
              asked.add(host);
              return Deferred.succeed(List.of(InetAddress.ofLiteral("127.0.0.1")));
            });
    var server = ScriptedServer.start(t.reactor(), e -> ok("found"));
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    Response response =
        t.await(agent.request("GET", URI.create("http://web.test:" + server.port() + "/x")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("found");
    assertThat(asked).containsExactly("web.test");
    assertThat(server.exchanges.getFirst().head().headers().get("Host"))
        .contains("web.test:" + server.port());
    t.await(agent.close());
    server.stop(t);
  }
}
