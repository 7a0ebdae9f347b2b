package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.ReactorUnix.UnixListenOptions;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listen backlog: the default is the kernel's {@code somaxconn}, and a {@code backlog=N} on
 * every stream server endpoint reaches {@code listen(2)} (read back from the kernel with {@code
 * ss}).
 */
@BraidTest
class ListenBacklogTest {
  @TempDir Path dir;

  private static int somaxconn() throws Exception {
    return Integer.parseInt(Files.readString(ListenBacklog.SOMAXCONN).strip());
  }

  @Test
  void theDefaultBacklogIsTheKernelsSomaxconn() throws Exception {
    int somaxconn = somaxconn();
    assertThat(TcpListenOptions.DEFAULT_BACKLOG).isEqualTo(somaxconn);
    assertThat(TcpListenOptions.defaults().backlog()).isEqualTo(somaxconn);
    assertThat(UnixListenOptions.defaults().backlog()).isEqualTo(somaxconn);
  }

  @Test
  void theSomaxconnFileIsReadAsANumberAnd4096StandsInWhenItHoldsNone() throws Exception {
    Path file = dir.resolve("somaxconn");
    Files.writeString(file, "65535\n");
    assertThat(ListenBacklog.read(file)).isEqualTo(65535);
    Files.writeString(file, "not a number\n");
    assertThat(ListenBacklog.read(file)).isEqualTo(4096);
    Files.writeString(file, "0\n");
    assertThat(ListenBacklog.read(file)).isEqualTo(4096);
    assertThat(ListenBacklog.read(dir.resolve("missing"))).isEqualTo(4096);
  }

  @Test
  void tcpAndUnixPortsListenWithTheKernelsSomaxconnByDefault(ReactorTester t) throws Exception {
    assertThat(ListenQueue.listenedBacklog(t, "tcp:0:interface=127.0.0.1")).isEqualTo(somaxconn());
    assertThat(ListenQueue.listenedBacklog(t, "unix:" + dir.resolve("d.sock")))
        .isEqualTo(somaxconn());
  }

  @Test
  void theBacklogParameterReachesListenForTcpTcp6UnixAndHaproxy(ReactorTester t) throws Exception {
    assertThat(ListenQueue.listenedBacklog(t, "tcp:0:interface=127.0.0.1:backlog=37"))
        .isEqualTo(37);
    assertThat(ListenQueue.listenedBacklog(t, "tcp6:0:interface=\\:\\:1:backlog=38")).isEqualTo(38);
    assertThat(ListenQueue.listenedBacklog(t, "unix:" + dir.resolve("b.sock") + ":backlog=39"))
        .isEqualTo(39);
    assertThat(ListenQueue.listenedBacklog(t, "haproxy:tcp:0:interface=127.0.0.1:backlog=40"))
        .isEqualTo(40);
    assertThat(
            ListenQueue.listenedBacklog(t, "haproxy:unix:" + dir.resolve("h.sock") + ":backlog=41"))
        .isEqualTo(41);
  }
}
