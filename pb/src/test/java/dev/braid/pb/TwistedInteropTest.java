package dev.braid.pb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Credentials;
import dev.braid.cred.UnauthorizedLogin;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.pb.example.Shop;
import dev.braid.pb.jelly.PyNone;
import dev.braid.pb.jelly.Tuple;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Braid's PB against Twisted's ({@code python3-twisted} under {@code /usr/bin/python3}) over TCP on
 * 127.0.0.1: Twisted's client ({@code pb/pb_client.py}) calls a Braid shop and logs in to a Braid
 * portal, and Braid's client calls Twisted's shop and portal ({@code pb/pb_server.py}). Both shops
 * have the same remote methods ({@link ShopRoot}, {@code pb/shop.py}).
 */
@BraidTest
class TwistedInteropTest {
  private static final String PYTHON = "/usr/bin/python3";

  static String script(String name) {
    try {
      return Path.of(TwistedInteropTest.class.getResource("/pb/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ListeningPort listen(ReactorTester tester, ProtocolFactory factory)
      throws IOException {
    return tester
        .reactor()
        .listenTcp(0, factory, TcpListenOptions.defaults().withInterface("127.0.0.1"));
  }

  private static int port(ListeningPort port) {
    return ((InetSocketAddress) port.address()).getPort();
  }

  @Test
  void aTwistedClientCallsABraidShopAndLogsInToABraidPortal(ReactorTester tester) throws Exception {
    List<String> events = new ArrayList<>();
    List<Broker> brokers = new ArrayList<>();
    ListeningPort shop =
        listen(
            tester,
            Pb.serverFactory(
                ShopRoot.CONFIG,
                broker -> {
                  brokers.add(broker);
                  return new ShopRoot(broker);
                }));
    ProtocolFactory portal = Pb.serverFactory(ShopRoot.CONFIG, ShopRoot.portal(events));
    ListeningPort logins =
        listen(
            tester,
            peer -> {
              Broker broker = (Broker) portal.buildProtocol(peer);
              brokers.add(broker);
              return broker;
            });

    RealPeer client =
        RealPeer.start(
            tester.reactor(),
            "python3-twisted",
            List.of(
                PYTHON,
                "-u",
                script("pb_client.py"),
                String.valueOf(port(shop)),
                String.valueOf(port(logins))));
    int exit = tester.await(client.exited());

    assertThat(exit).as(client.output()).isZero();
    assertThat(client.output()).contains("OK");
    for (Broker broker : brokers) {
      tester.await(broker.whenLost());
    }
    assertThat(events).containsExactly("login alice with a mind", "logout alice");
    tester.await(shop.stopListening());
    tester.await(logins.stopListening());
  }

  @Test
  void aBraidClientCallsATwistedShopAndLogsInToATwistedPortal(ReactorTester tester)
      throws Exception {
    RealPeer server =
        RealPeer.start(
            tester.reactor(), "python3-twisted", List.of(PYTHON, "-u", script("pb_server.py")));
    String[] ports = tester.await(server.lineContaining("PORTS")).strip().split(" ");
    RemoteReference root =
        tester.await(
            Pb.getRootObject(
                Endpoints.clientFromString(tester.reactor(), "tcp:127.0.0.1:" + ports[1]),
                ShopRoot.CONFIG));

    for (Object value : values()) {
      assertThat(tester.await(root.callRemote("echo", value)))
          .as("echo %s", value)
          .isEqualTo(value);
    }
    List<Object> circular = new ArrayList<>();
    circular.add(circular);
    List<?> back = (List<?>) tester.await(root.callRemote("echo", circular));
    assertThat(back.getFirst()).isSameAs(back);
    List<Long> shared = List.of(1L);
    List<?> pair = (List<?>) tester.await(root.callRemote("echo", List.of(shared, shared)));
    assertThat(pair.get(0)).isSameAs(pair.get(1));

    RemoteReference counter = tester.await(root.callRemote(RemoteReference.class, "counter"));
    assertThat(tester.await(counter.callRemote("add", 5))).isEqualTo(5L);
    assertThat(tester.await(root.callRemote("isMine", counter))).isEqualTo(true);
    ShopRoot.Counter own = new ShopRoot.Counter();
    assertThat(tester.await(root.callRemote("callBack", own, 7))).isEqualTo(7L);
    assertThat(own.total).isEqualTo(7);

    assertThat(
            tester.await(
                root.callRemote(ShopRoot.Item.class, "cheaper", new ShopRoot.Item("pen", 3))))
        .isEqualTo(new ShopRoot.Item("pen", 2));

    Shop.StockCopy stock = tester.await(root.callRemote(Shop.StockCopy.class, "stock"));
    assertThat(stock.counts()).isEqualTo(Map.of("pen", 0L));
    assertThat(tester.await(root.callRemote("restock", "pen", 5))).isEqualTo(5L);
    assertThat(stock.counts()).isEqualTo(Map.of("pen", 5L));
    assertThat(tester.await(root.callRemote("stock"))).isSameAs(stock);
    assertThat(tester.await(root.callRemote("observers"))).isEqualTo(1L);
    root.broker().release(stock);
    assertThat(tester.await(root.callRemote("observers"))).isEqualTo(0L);

    long before = tester.await(root.callRemote(Long.class, "references"));
    counter.release();
    assertThat(tester.await(root.callRemote(Long.class, "references"))).isEqualTo(before - 1);

    assertThat(tester.awaitFailure(root.callRemote("buy", "pen")))
        .isInstanceOf(ShopRoot.OutOfStock.class)
        .hasMessage("no more pen");
    RemoteError undeclared = (RemoteError) tester.awaitFailure(root.callRemote("fail"));
    assertThat(undeclared.remoteType()).isEqualTo("builtins.ValueError");
    assertThat(undeclared.remoteMessage()).isEqualTo("broken");
    assertThat(undeclared.is("builtins.Exception")).isTrue();
    assertThat(tester.awaitFailure(root.callRemote("nothing")))
        .isInstanceOf(NoSuchRemoteMethod.class);

    var slow = root.callRemote("slow");
    assertThat(tester.await(root.callRemote("echo", "quick"))).isEqualTo("quick");
    assertThat(slow.called()).isFalse();
    assertThat(tester.await(root.callRemote("release"))).isEqualTo(1L);
    assertThat(tester.await(slow)).isEqualTo("done");

    RemoteReference portal =
        tester.await(
            Pb.getRootObject(
                Endpoints.clientFromString(tester.reactor(), "tcp:127.0.0.1:" + ports[2]),
                ShopRoot.CONFIG));
    assertThat(
            tester.awaitFailure(
                Pb.login(
                    portal, Credentials.UsernamePassword.of("alice", "guess"), Optional.empty())))
        .isInstanceOf(UnauthorizedLogin.class);
    RemoteReference avatar =
        tester.await(
            Pb.login(
                portal,
                Credentials.UsernamePassword.of("alice", "secret"),
                Optional.of(new ShopRoot.Counter())));
    assertThat(tester.await(avatar.callRemote("whoami"))).isEqualTo("alice");

    root.broker().disconnect();
    avatar.broker().disconnect();
    tester.await(root.broker().whenLost());
    tester.await(avatar.broker().whenLost());
    server.destroy();
  }

  /** Every jellyable type, with edge values. */
  static List<Object> values() {
    Map<Object, Object> dict = new LinkedHashMap<>();
    dict.put("a", 1L);
    dict.put(ByteString.ascii("b"), List.of(2L));
    dict.put(3L, Tuple.of(4L));
    return List.of(
        PyNone.NONE,
        true,
        false,
        0L,
        -1L,
        (long) Integer.MAX_VALUE + 1,
        Long.MIN_VALUE,
        BigInteger.TWO.pow(63),
        BigInteger.TWO.pow(400).negate(),
        BigInteger.TWO.pow(447),
        -0.0,
        1.5,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        ByteString.EMPTY,
        ByteString.of((byte) 0, (byte) 0xff),
        ByteString.ascii("None"),
        "",
        "\u00e9t\u00e9",
        "\uD83D\uDE00\uD800\uDF48",
        "x".repeat(100_000),
        List.of(),
        List.of(1L, List.of(2L, List.of(3L))),
        Tuple.of(),
        Tuple.of(1L, "a", Tuple.of(ByteString.ascii("b"))),
        Map.of(),
        dict,
        Set.of(1L, 2L),
        new BigDecimal("-3.14"),
        new ShopRoot.Item("pen", 3));
  }
}
