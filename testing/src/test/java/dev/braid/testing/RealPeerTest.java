package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RealPeer: a real program as a test's peer. */
@BraidTest
class RealPeerTest {

  @Test
  void aMissingPeerFailsTheTestNamingTheDebianPackageToInstall(ReactorTester t) {
    assertThatThrownBy(
            () ->
                RealPeer.start(
                    t.reactor(), "braid-test-no-such-peer", List.of("no-such-peer-program")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no-such-peer-program")
        .hasMessageContaining("apt-get install braid-test-no-such-peer");
  }

  @Test
  void thePeersLinesAndExitArriveAsDeferredsOnTheReactor(ReactorTester t) throws Exception {
    RealPeer peer = RealPeer.start(t.reactor(), "sh", "-c", "read line; echo got $line; exit 3");

    peer.send("ping\n");

    assertThat(t.await(peer.lineContaining("got"))).isEqualTo("got ping");
    assertThat(t.await(peer.exited())).isEqualTo(3);
    assertThat(peer.output()).isEqualTo("got ping");
  }

  @Test
  void freePortIsALoopbackPortNothingListensOn() throws Exception {
    int port = RealPeer.freePort();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }
}
