package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.braid.defer.Deferred;
import dev.braid.net.DatagramProtocol;
import dev.braid.net.DatagramTransport;
import dev.braid.net.ReactorUdp.UdpListenOptions;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

@BraidTest
class UdpPortTest {
  private static final UdpListenOptions LOCAL =
      UdpListenOptions.defaults().withInterface("127.0.0.1");

  /** Echoes each datagram to its sender; "boom" throws instead. */
  private static final class Echo implements DatagramProtocol {
    DatagramTransport transport;
    final Deferred<Void> stopped = new Deferred<>();

    @Override
    public void startProtocol(DatagramTransport transport) {
      this.transport = transport;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
      if (StandardCharsets.UTF_8.decode(data.duplicate()).toString().equals("boom")) {
        throw new IllegalStateException("boom datagram");
      }
      ByteBuffer copy = ByteBuffer.allocate(data.remaining());
      copy.put(data).flip();
      transport.write(copy, from);
    }

    @Override
    public void stopProtocol() {
      stopped.callback(null);
    }
  }

  /** Hands each datagram received to the next waiting Deferred (or queues it). */
  private static final class Receiver implements DatagramProtocol {
    DatagramTransport transport;
    final Queue<String> received = new ArrayDeque<>();
    final Queue<Deferred<String>> waiting = new ArrayDeque<>();
    Deferred<Void> refused = new Deferred<>();

    @Override
    public void startProtocol(DatagramTransport transport) {
      this.transport = transport;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
      String text = StandardCharsets.UTF_8.decode(data).toString();
      Deferred<String> next = waiting.poll();
      if (next != null) {
        next.callback(text);
      } else {
        received.add(text);
      }
    }

    @Override
    public void connectionRefused() {
      refused.callback(null);
    }

    Deferred<String> next() {
      String ready = received.poll();
      if (ready != null) {
        return Deferred.succeed(ready);
      }
      Deferred<String> d = new Deferred<>();
      waiting.add(d);
      return d;
    }
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void datagramsAreEchoedBetweenTwoBraidPorts(ReactorTester tester) throws IOException {
    Echo echo = new Echo();
    DatagramTransport server = tester.reactor().listenUdp(0, echo, LOCAL);
    Receiver client = new Receiver();
    DatagramTransport clientPort = tester.reactor().listenUdp(0, client, LOCAL);

    clientPort.write(utf8("one"), server.hostAddress());
    clientPort.write(utf8("two"), server.hostAddress());

    assertThat(tester.await(client.next())).isEqualTo("one");
    assertThat(tester.await(client.next())).isEqualTo("two");
    assertThat(clientPort.droppedDatagrams()).isZero();
    tester.await(server.stopListening());
    assertThat(echo.stopped.called()).isTrue();
    tester.await(clientPort.stopListening());
  }

  @Test
  void pythonSocketPeerGetsItsDatagramEchoed(ReactorTester tester) throws Exception {
    DatagramTransport server = tester.reactor().listenUdp(0, new Echo(), LOCAL);
    String script =
        "import socket,sys\n"
            + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
            + "s.settimeout(20)\n"
            + "s.sendto(b'hello from python',('127.0.0.1',int(sys.argv[1])))\n"
            + "data,addr=s.recvfrom(1000)\n"
            + "print(data.decode())\n";
    RealPeer.Result done =
        tester.await(
            RealPeer.command(
                    "/usr/bin/python3",
                    "-c",
                    script,
                    String.valueOf(server.hostAddress().getPort()))
                .debianPackage("python3")
                .run(tester.reactor(), Duration.ofSeconds(30)));

    String output = done.out();
    assertThat(output).isEqualTo("hello from python\n");
    assertThat(done.exit()).isZero();
    tester.await(server.stopListening());
  }

  @Test
  void connectedPortWritesToItsPeerAndHearsPortUnreachable(ReactorTester tester)
      throws IOException {
    DatagramTransport server = tester.reactor().listenUdp(0, new Echo(), LOCAL);
    Receiver client = new Receiver();
    DatagramTransport clientPort = tester.reactor().listenUdp(0, client, LOCAL);

    clientPort.connect(server.hostAddress());
    clientPort.write(utf8("connected"));
    assertThat(tester.await(client.next())).isEqualTo("connected");
    assertThat(clientPort.connectedAddress()).contains(server.hostAddress());

    tester.await(server.stopListening());
    clientPort.write(utf8("anyone?"));
    tester.await(client.refused);
    assertThat(clientPort.connectedAddress()).contains(server.hostAddress());
    tester.await(clientPort.stopListening());
  }

  @Test
  void anExceptionInDatagramReceivedIsLoggedAndThePortGoesOn(ReactorTester tester)
      throws IOException {
    DatagramTransport server = tester.reactor().listenUdp(0, new Echo(), LOCAL);
    Receiver client = new Receiver();
    DatagramTransport clientPort = tester.reactor().listenUdp(0, client, LOCAL);

    clientPort.write(utf8("boom"), server.hostAddress());
    clientPort.write(utf8("still here"), server.hostAddress());

    assertThat(tester.await(client.next())).isEqualTo("still here");
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
    tester.await(server.stopListening());
    tester.await(clientPort.stopListening());
  }

  @Test
  void multicastGroupMembersReceiveUntilTheyLeave(ReactorTester tester) throws IOException {
    InetAddress group = InetAddress.ofLiteral("239.255.77.77");
    NetworkInterface lo = NetworkInterface.getByName("lo");
    assumeThat(lo).as("no network interface named lo").isNotNull();
    assumeThat(loopbackMulticastWorks(group, lo))
        .as("this kernel/container does not deliver multicast on the loopback interface")
        .isTrue();

    Receiver member = new Receiver();
    DatagramTransport memberPort = tester.reactor().listenUdp(0, member);
    memberPort.joinGroup(group, lo);
    Receiver sender = new Receiver();
    DatagramTransport senderPort = tester.reactor().listenUdp(0, sender, LOCAL);
    senderPort.setOutgoingInterface(lo);
    senderPort.setLoopbackMode(true);
    senderPort.setTTL(1);
    InetSocketAddress groupAddress =
        new InetSocketAddress(group, memberPort.hostAddress().getPort());

    senderPort.write(utf8("to the group"), groupAddress);
    assertThat(tester.await(member.next())).isEqualTo("to the group");

    memberPort.leaveGroup(group, lo);
    senderPort.write(utf8("after leaving"), groupAddress);
    // A unicast datagram sent after the multicast one: when it arrives, the other would have too.
    senderPort.write(
        utf8("marker"), new InetSocketAddress("127.0.0.1", memberPort.hostAddress().getPort()));
    assertThat(tester.await(member.next())).isEqualTo("marker");
    tester.await(memberPort.stopListening());
    tester.await(senderPort.stopListening());
  }

  /** Plain JDK: does a datagram sent to {@code group} over {@code lo} come back to a member? */
  private static boolean loopbackMulticastWorks(InetAddress group, NetworkInterface lo) {
    try (MulticastSocket member = new MulticastSocket(0);
        DatagramChannel sender = DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
      member.joinGroup(new InetSocketAddress(group, 0), lo);
      member.setSoTimeout(5000);
      sender.setOption(java.net.StandardSocketOptions.IP_MULTICAST_IF, lo);
      sender.send(utf8("probe"), new InetSocketAddress(group, member.getLocalPort()));
      DatagramPacket packet = new DatagramPacket(new byte[16], 16);
      member.receive(packet);
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
