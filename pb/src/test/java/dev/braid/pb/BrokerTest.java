package dev.braid.pb;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Credentials;
import dev.braid.cred.UnauthorizedLogin;
import dev.braid.defer.Deferred;
import dev.braid.net.ProtocolFactory;
import dev.braid.pb.banana.BananaEncoder;
import dev.braid.pb.banana.BananaItem;
import dev.braid.pb.example.Shop;
import dev.braid.pb.jelly.PyNone;
import dev.braid.pb.jelly.Tuple;
import dev.braid.testing.BraidTest;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import dev.braid.testing.StringTransport;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Braid's broker against itself, in memory: calls, references, copies, errors, logins, closes. */
@BraidTest
class BrokerTest {
  static final PbConfig CONFIG = ShopRoot.CONFIG;

  private static ProtocolFactory client() {
    return Pb.clientFactory(CONFIG);
  }

  /** A Braid client connected to a Braid shop, which is put in {@code shops[0]}. */
  private static LoopbackPump connectShop(ShopRoot[] shops) {
    return Loopback.connect(
        Pb.serverFactory(CONFIG, broker -> shops[0] = new ShopRoot(broker)), client());
  }

  private static RemoteReference root(LoopbackPump pump) {
    pump.flush();
    return successResultOf(((Broker) pump.client()).rootObject());
  }

  private static <T> T call(LoopbackPump pump, Deferred<T> d) {
    pump.flush();
    return successResultOf(d);
  }

  @Test
  void everyJellyableValueComesBackAsSent() {
    LoopbackPump pump = Loopback.connect(Pb.serverFactory(CONFIG, ShopRoot::new), client());
    RemoteReference root = root(pump);
    List<Object> circular = new ArrayList<>();
    circular.add(circular);
    Map<Object, Object> dict = new LinkedHashMap<>();
    dict.put("k", List.of(1L));
    dict.put(Tuple.of(1L, "t"), ByteString.ascii("v"));
    for (Object value :
        List.of(
            PyNone.NONE,
            true,
            0L,
            Long.MIN_VALUE,
            BigInteger.TWO.pow(400).negate(),
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            "",
            "\uD83D\uDE00",
            ByteString.EMPTY,
            ByteString.ascii("answer"),
            List.of(),
            Tuple.of(),
            dict,
            Set.of(3L),
            new ShopRoot.Item("pen", 3))) {
      assertThat(call(pump, root.callRemote("echo", value))).isEqualTo(value);
    }
    List<?> back = (List<?>) call(pump, root.callRemote("echo", circular));
    assertThat(back.getFirst()).isSameAs(back);
    assertThat(
            call(
                pump, root.callRemote(ShopRoot.Item.class, "cheaper", new ShopRoot.Item("pen", 3))))
        .isEqualTo(new ShopRoot.Item("pen", 2));
    assertThat(call(pump, root.callRemote("greet", new Object[] {"ann"}, Map.of("greeting", "hi"))))
        .isEqualTo("hi ann");
  }

  @Test
  void referencesGoBothWaysAndAreForgottenWhenReleased() {
    ShopRoot[] shops = new ShopRoot[1];
    LoopbackPump pump = connectShop(shops);
    RemoteReference root = root(pump);
    Broker server = (Broker) pump.server();
    RemoteReference counter = call(pump, root.callRemote(RemoteReference.class, "counter"));
    assertThat(call(pump, counter.callRemote(Long.class, "add", 5))).isEqualTo(5L);
    assertThat(call(pump, root.callRemote("isMine", counter))).isEqualTo(true);
    RemoteReference again = call(pump, root.callRemote(RemoteReference.class, "counter"));
    assertThat(again).isEqualTo(counter);
    assertThat(server.localObjectCount()).isEqualTo(2);

    ShopRoot.Counter mine = new ShopRoot.Counter();
    assertThat(call(pump, root.callRemote("callBack", mine, 7))).isEqualTo(7L);
    assertThat(mine.total).isEqualTo(7);

    counter.release();
    pump.flush();
    assertThat(server.localObjectCount()).isEqualTo(2);
    again.release();
    pump.flush();
    assertThat(server.localObjectCount()).isEqualTo(1);
  }

  @Test
  void aCacheableIsCopiedOnceAndItsCopyFollowsUpdatesUntilReleased() {
    ShopRoot[] shops = new ShopRoot[1];
    LoopbackPump pump = connectShop(shops);
    RemoteReference root = root(pump);
    Broker client = (Broker) pump.client();
    Broker server = (Broker) pump.server();
    Shop.StockCopy stock = call(pump, root.callRemote(Shop.StockCopy.class, "stock"));
    assertThat(stock.counts()).isEqualTo(Map.of("pen", 0L));
    assertThat(call(pump, root.callRemote("stock"))).isSameAs(stock);
    assertThat(call(pump, root.callRemote("restock", "pen", 2))).isEqualTo(2L);
    assertThat(stock.counts()).isEqualTo(Map.of("pen", 2L));
    assertThat(call(pump, root.callRemote("echo", stock))).isSameAs(stock);
    assertThat(server.cachedObjectCount()).isEqualTo(1);
    client.release(stock);
    pump.flush();
    assertThat(server.cachedObjectCount()).isZero();
    assertThat(shops[0].stock.observerCount()).isZero();
  }

  @Test
  void errorsArriveAsRegisteredExceptionsOrRemoteErrors() {
    LoopbackPump pump = Loopback.connect(Pb.serverFactory(CONFIG, ShopRoot::new), client());
    RemoteReference root = root(pump);
    Deferred<Object> buy = root.callRemote("buy", "pen");
    Deferred<Object> fail = root.callRemote("fail");
    Deferred<Object> missing = root.callRemote("nothing");
    Deferred<Object> wrongType = root.callRemote("buy", 5);
    pump.flush();
    assertThat(failureResultOf(buy, ShopRoot.OutOfStock.class)).hasMessage("no more pen");
    RemoteError broken = failureResultOf(fail, RemoteError.class);
    assertThat(broken.remoteType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(broken.remoteMessage()).isEqualTo("broken");
    assertThat(broken.is("java.lang.RuntimeException")).isTrue();
    assertThat(failureResultOf(missing, NoSuchRemoteMethod.class)).hasMessageContaining("nothing");
    assertThat(failureResultOf(wrongType, RemoteError.class).remoteMessage())
        .contains("argument 1: expected java.lang.String, got int 5");
  }

  @Test
  void aCallAnsweredLateDoesNotHoldUpOthersAndDisconnectFailsWhatIsPending() {
    ShopRoot[] shops = new ShopRoot[1];
    LoopbackPump pump = connectShop(shops);
    RemoteReference root = root(pump);
    Deferred<Object> slow = root.callRemote("slow");
    Deferred<Object> quick = root.callRemote("echo", 1);
    pump.flush();
    assertNoResult(slow);
    assertThat(successResultOf(quick)).isEqualTo(1L);
    shops[0].late.getFirst().callback("done");
    pump.flush();
    assertThat(successResultOf(slow)).isEqualTo("done");

    Deferred<Object> never = root.callRemote("slow");
    List<String> told = new ArrayList<>();
    root.notifyOnDisconnect(() -> told.add("lost"));
    pump.flush();
    ((Broker) pump.client()).disconnect();
    pump.flush();
    failureResultOf(never, PbConnectionLost.class);
    assertThat(told).containsExactly("lost");
    failureResultOf(root.callRemote("echo", 1), PbConnectionLost.class);
    shops[0].late.getLast().callback("too late");
  }

  @Test
  void aRightPasswordLogsInAWrongOneIsRefusedAndLogoutFollowsRelease() {
    List<String> events = new ArrayList<>();
    ProtocolFactory server = Pb.serverFactory(CONFIG, ShopRoot.portal(events));
    LoopbackPump pump = Loopback.connect(server, client());
    RemoteReference root = root(pump);

    Deferred<RemoteReference> wrong =
        Pb.login(root, Credentials.UsernamePassword.of("alice", "guess"), Optional.empty());
    pump.flush();
    failureResultOf(wrong, UnauthorizedLogin.class);

    Deferred<RemoteReference> right =
        Pb.login(
            root,
            Credentials.UsernamePassword.of("alice", "secret"),
            Optional.of(new ShopRoot.Counter()));
    RemoteReference avatar = call(pump, right);
    assertThat(call(pump, avatar.callRemote("whoami"))).isEqualTo("alice");
    assertThat(events).containsExactly("login alice with a mind");
    avatar.release();
    pump.flush();
    assertThat(events).containsExactly("login alice with a mind", "logout alice");
  }

  @Test
  void aDisconnectLogsTheAvatarOut() {
    List<String> events = new ArrayList<>();
    LoopbackPump pump =
        Loopback.connect(Pb.serverFactory(CONFIG, ShopRoot.portal(events)), client());
    RemoteReference root = root(pump);
    call(
        pump, Pb.login(root, Credentials.UsernamePassword.of("alice", "secret"), Optional.empty()));
    ((Broker) pump.client()).disconnect();
    pump.flush();
    assertThat(events).containsExactly("login alice", "logout alice");
  }

  // ------------------------------------------------------------------ bad input

  private static StringTransport connectedServer() {
    Broker server = Broker.server(CONFIG, ShopRoot::new);
    StringTransport transport = new StringTransport();
    transport.makeConnection(server);
    transport.receive(new BananaEncoder().encodeToBytes(BananaItem.Bytes.of("pb"), false));
    transport.clear();
    return transport;
  }

  private static ByteString message(BananaItem objectId, BananaItem args) {
    return new BananaEncoder()
        .encodeToBytes(
            BananaItem.Items.of(
                BananaItem.Bytes.of("message"),
                BananaItem.Int.of(1),
                objectId,
                BananaItem.Bytes.of("echo"),
                BananaItem.Int.of(1),
                args,
                BananaItem.Items.of(BananaItem.Bytes.of("dictionary"))),
            true);
  }

  private static BananaItem tupleOf(BananaItem item) {
    return BananaItem.Items.of(BananaItem.Bytes.of("tuple"), item);
  }

  @Test
  void anUnregisteredClassInArgumentsIsAnsweredWithAnErrorAndClosesTheConnection() {
    StringTransport transport = connectedServer();
    transport.receive(
        message(
            BananaItem.Bytes.of("root"),
            tupleOf(BananaItem.Items.of(BananaItem.Bytes.of("os.system"), BananaItem.Items.of()))));
    assertThat(transport.written().utf8()).contains("twisted.spread.jelly.InsecureJelly");
    assertThat(transport.written().utf8()).contains("unregistered type name os.system");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void aReferenceToAnObjectNeverSentClosesTheConnection() {
    StringTransport transport = connectedServer();
    transport.receive(
        message(
            BananaItem.Bytes.of("root"),
            tupleOf(BananaItem.Items.of(BananaItem.Bytes.of("local"), BananaItem.Int.of(42)))));
    assertThat(transport.written().utf8()).contains("local object 42, which was never sent");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void aCallToAnObjectNeverSentIsAnsweredInvalidObjectId() {
    StringTransport transport = connectedServer();
    transport.receive(message(BananaItem.Int.of(42), tupleOf(BananaItem.Int.of(1))));
    assertThat(transport.written().utf8()).contains("Invalid Object ID");
    assertThat(transport.disconnecting()).isFalse();
  }

  @Test
  void anOversizePrefixOrDeepNestingClosesTheConnection() {
    StringTransport prefix = connectedServer();
    prefix.receive(ByteString.wrapOwned(new byte[65]));
    assertThat(prefix.disconnecting()).isTrue();

    StringTransport deep = connectedServer();
    byte[] nested = new byte[2 * 201];
    for (int i = 0; i < nested.length; i += 2) {
      nested[i] = 1;
      nested[i + 1] = (byte) 0x80;
    }
    deep.receive(ByteString.wrapOwned(nested));
    assertThat(deep.disconnecting()).isTrue();
  }

  @Test
  void aPeerThatCallsAndDoesNotReadTheAnswersIsNotReadEither() {
    StringTransport transport = connectedServer();
    transport.setPeerStalled(true);
    ByteString big =
        message(BananaItem.Bytes.of("root"), tupleOf(BananaItem.Bytes.of("x".repeat(40_000))));
    transport.receive(big);
    assertThat(transport.readingPaused()).isFalse();
    transport.receive(big);
    assertThat(transport.readingPaused()).isTrue();
    transport.drainWriteBuffer();
    assertThat(transport.readingPaused()).isFalse();
  }

  @Test
  void aWrongVersionOrAnAnswerToNoCallClosesTheConnection() {
    StringTransport version = connectedServer();
    version.receive(
        new BananaEncoder()
            .encodeToBytes(
                BananaItem.Items.of(BananaItem.Bytes.of("version"), BananaItem.Int.of(5)), true));
    assertThat(version.disconnecting()).isTrue();

    StringTransport answer = connectedServer();
    answer.receive(
        new BananaEncoder()
            .encodeToBytes(
                BananaItem.Items.of(
                    BananaItem.Bytes.of("answer"), BananaItem.Int.of(9), BananaItem.Int.of(1)),
                true));
    assertThat(answer.disconnecting()).isTrue();
  }
}
