package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.net.ReactorUnix.UnixListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UNIX domain stream sockets on the selector reactor, and the unix: endpoints. */
@BraidTest
class UnixSocketTest {
  @TempDir Path dir;

  private static ReactorUnix unix(ReactorTester t) {
    return (ReactorUnix) t.reactor();
  }

  /** Connects a Collector to {@code path} through the unix: client endpoint. */
  private static Collector connect(ReactorTester t, Path path) {
    return t.await(
        Endpoints.clientFromString(t.reactor(), "unix:" + path).connectProtocol(new Collector()));
  }

  private static void close(ReactorTester t, Collector client) {
    client.transport.loseConnection();
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void bytesEchoOverAUnixSocketAndStoppingRemovesTheSocketFile(ReactorTester t) {
    Path path = dir.resolve("echo.sock");
    ListeningPort port =
        t.await(Endpoints.serverFromString(t.reactor(), "unix:" + path).listen(Echo.factory()));
    assertThat(port.address()).isEqualTo(UnixDomainSocketAddress.of(path));
    assertThat(path).exists();

    Collector client = connect(t, path);
    assertThat(client.transport).isInstanceOf(UnixTransport.class);
    client.transport.write("hello over unix");
    assertThat(t.await(client.received(15)).utf8()).isEqualTo("hello over unix");
    close(t, client);

    t.await(port.stopListening());
    assertThat(path).doesNotExist();
  }

  @Test
  void aStaleSocketFileIsRemovedWhenTheLockfileIsFree(ReactorTester t) throws IOException {
    Path path = dir.resolve("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path));
    }
    assertThat(path).exists(); // closing a UNIX server socket leaves its file behind

    ListeningPort port =
        t.await(
            Endpoints.serverFromString(t.reactor(), "unix:" + path + ":lockfile=1")
                .listen(Echo.factory()));
    Collector client = connect(t, path);
    client.transport.write("alive");
    assertThat(t.await(client.received(5)).utf8()).isEqualTo("alive");
    close(t, client);
    t.await(port.stopListening());
    assertThat(path).doesNotExist();
  }

  @Test
  void withoutTheLockfileAnExistingSocketFileMakesListeningFail(ReactorTester t)
      throws IOException {
    Path path = dir.resolve("taken.sock");
    Files.createFile(path);
    assertThatThrownBy(() -> unix(t).listenUnix(path, Echo.factory(), UnixListenOptions.defaults()))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("cannot listen on unix:" + path);
    assertThat(path).exists();
  }

  @Test
  void aSecondListenerIsRefusedWhileTheFirstHoldsTheLock(ReactorTester t) throws IOException {
    Path path = dir.resolve("locked.sock");
    UnixListenOptions locked = UnixListenOptions.defaults().withLockfile(true);
    ListeningPort first = unix(t).listenUnix(path, Echo.factory(), locked);

    assertThatThrownBy(() -> unix(t).listenUnix(path, Echo.factory(), locked))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("another process is listening on unix:" + path);
    Collector client = connect(t, path);
    client.transport.write("first");
    assertThat(t.await(client.received(5)).utf8()).isEqualTo("first");
    close(t, client);
    t.await(first.stopListening());

    ListeningPort second = unix(t).listenUnix(path, Echo.factory(), locked);
    t.await(second.stopListening());
  }

  @Test
  void theModeParameterSetsTheSocketFilePermissions(ReactorTester t) throws IOException {
    Path path = dir.resolve("mode.sock");
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(t.reactor(), "unix:" + path + ":mode=0600:lockfile=1")
                .listen(Echo.factory()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
    t.await(port.stopListening());

    ListeningPort other =
        unix(t).listenUnix(path, Echo.factory(), UnixListenOptions.defaults().withMode(0640));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-r-----");
    t.await(other.stopListening());
  }

  @Test
  void peerCredentialsNameTheCurrentUserOnBothSides(ReactorTester t) throws IOException {
    Path path = dir.resolve("cred.sock");
    Collector serverSide = new Collector();
    ListeningPort port = unix(t).listenUnix(path, peer -> serverSide, UnixListenOptions.defaults());
    PosixFileAttributes owner = Files.readAttributes(path, PosixFileAttributes.class);

    Collector client = connect(t, path);
    t.await(serverSide.made);
    for (Transport transport : new Transport[] {client.transport, serverSide.transport}) {
      UnixDomainPrincipal peer = ((UnixTransport) transport).peerCredentials().orElseThrow();
      assertThat(peer.user().getName()).isEqualTo(owner.owner().getName());
      assertThat(peer.group().getName()).isEqualTo(owner.group().getName());
    }
    close(t, client);
    assertThat(t.await(serverSide.lost)).isInstanceOf(ConnectionDone.class);
    t.await(port.stopListening());
  }

  @Test
  void connectingToAMissingPathFailsNamingIt(ReactorTester t) {
    Path path = dir.resolve("nobody-here.sock");
    Throwable failure =
        t.awaitFailure(
            Endpoints.clientFromString(t.reactor(), "unix:" + path + ":timeout=5")
                .connectProtocol(new Collector()));
    assertThat(failure)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("cannot connect to unix:" + path);
  }

  @Test
  void badUnixEndpointParametersAreRejected(ReactorTester t) {
    Reactor reactor = t.reactor();
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "unix:/tmp/x:mode=999"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("mode must be an octal number");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "unix:/tmp/x:lockfile=yes"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("lockfile must be 0 or 1");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "unix:/tmp/x:mode=0600"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("unknown parameter \"mode\"");
  }

  @Test
  void aPythonAfUnixClientTalksToABraidUnixServer(ReactorTester t) throws IOException {
    Path path = dir.resolve("py.sock");
    ListeningPort port =
        unix(t).listenUnix(path, Echo.factory(), UnixListenOptions.defaults().withLockfile(true));
    String script =
        String.join(
            "\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "s.connect(sys.argv[1])",
            "msg = b'ping from python'",
            "s.sendall(msg)",
            "got = b''",
            "while len(got) < len(msg):",
            "    chunk = s.recv(100)",
            "    if not chunk: break",
            "    got += chunk",
            "s.close()",
            "sys.stdout.write(got.decode())");
    RealPeer.Result python =
        t.await(
            RealPeer.command("/usr/bin/python3", "-c", script, path.toString())
                .debianPackage("python3")
                .run(t.reactor(), Duration.ofSeconds(30)));
    String output = python.exit() + ":" + python.out();
    assertThat(output).isEqualTo("0:ping from python");
    t.await(port.stopListening());
  }

  @Test
  void listenOptionsRejectAModeBeyondThePermissionBits() {
    assertThatThrownBy(() -> UnixListenOptions.defaults().withMode(01777))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(UnixListenOptions.defaults().withMode(0754).mode().orElseThrow())
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr--"));
  }
}
