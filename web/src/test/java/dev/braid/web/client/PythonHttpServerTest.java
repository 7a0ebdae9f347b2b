package dev.braid.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import dev.braid.web.WebTests;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a real peer: Python's {@code http.server}, run as a subprocess. */
@BraidTest
class PythonHttpServerTest {
  @TempDir Path dir;

  @Test
  void filesServedByPythonAreDownloadedAndMissingOnesAre404(ReactorTester t) throws Exception {
    byte[] content = "x".repeat(100_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Files.write(dir.resolve("file.txt"), content);
    int port = RealPeer.freePort();
    WebTests.pythonHttpServer(t.reactor(), dir, port);
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    URI file = URI.create("http://127.0.0.1:" + port + "/file.txt");
    Response response = t.await(WebTests.whenUp(t, agent, file, 200));
    assertThat(response.status()).isEqualTo(200);
    assertThat(t.await(response.readBody(1 << 20)).toByteArray()).isEqualTo(content);

    Response missing =
        t.await(agent.request("GET", URI.create("http://127.0.0.1:" + port + "/nope")));
    assertThat(missing.status()).isEqualTo(404);
    t.await(missing.readBody(1 << 20));

    Response head = t.await(agent.request("HEAD", file));
    assertThat(head.headers().get("Content-Length")).contains("100000");
    assertThat(t.await(head.readBody(10)).isEmpty()).isTrue();
    t.await(agent.close());
  }
}
