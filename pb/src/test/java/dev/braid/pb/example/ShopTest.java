package dev.braid.pb.example;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cred.Credentials;
import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.Portal;
import dev.braid.defer.Deferred;
import dev.braid.pb.Broker;
import dev.braid.pb.Pb;
import dev.braid.pb.RemoteReference;
import dev.braid.testing.BraidTest;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The example shop of {@code braid pb}, through Braid's client in memory. */
@BraidTest
class ShopTest {
  private static <T> T call(LoopbackPump pump, Deferred<T> d) {
    pump.flush();
    return successResultOf(d);
  }

  private static RemoteReference root(LoopbackPump pump) {
    pump.flush();
    return successResultOf(((Broker) pump.client()).rootObject());
  }

  @Test
  void theCatalogueIsCopiedABasketAddsUpAndTheCachedStockFollowsEverySale() {
    LoopbackPump pump = Loopback.connect(Shop.factory(), Pb.clientFactory(Shop.CONFIG));
    RemoteReference shop = root(pump);
    assertThat(call(pump, shop.callRemote("items")))
        .isEqualTo(
            List.of(
                new Shop.Item("pen", 150),
                new Shop.Item("notebook", 400),
                new Shop.Item("lamp", 2500)));
    Shop.StockCopy stock = call(pump, shop.callRemote(Shop.StockCopy.class, "stock"));
    assertThat(stock.counts()).isEqualTo(Map.of("pen", 10L, "notebook", 5L, "lamp", 2L));
    RemoteReference basket = call(pump, shop.callRemote(RemoteReference.class, "basket"));
    call(pump, basket.callRemote("add", "pen"));
    call(pump, basket.callRemote("add", "lamp"));
    assertThat(call(pump, basket.callRemote("add", "lamp"))).isEqualTo(3L);
    assertThat(call(pump, basket.callRemote("total"))).isEqualTo(5150L);
    assertThat(stock.counts()).isEqualTo(Map.of("pen", 9L, "notebook", 5L, "lamp", 0L));
    Deferred<Object> none = basket.callRemote("add", "lamp");
    Deferred<Object> missing = basket.callRemote("add", "boat");
    pump.flush();
    assertThat(failureResultOf(none, Shop.OutOfStock.class)).hasMessage("no lamp left");
    assertThat(failureResultOf(missing, Shop.OutOfStock.class))
        .hasMessage("the shop sells no boat");
  }

  @Test
  void behindAPortalEachUserGetsTheirOwnBasket() {
    Portal portal =
        Portal.create(Shop.realm(), List.of(InMemoryChecker.of(Map.of("alice", "secret"))));
    LoopbackPump pump = Loopback.connect(Shop.factory(portal), Pb.clientFactory(Shop.CONFIG));
    RemoteReference root = root(pump);
    RemoteReference basket =
        call(
            pump,
            Pb.login(root, Credentials.UsernamePassword.of("alice", "secret"), Optional.empty()));
    assertThat(call(pump, basket.callRemote("whoami"))).isEqualTo("alice");
  }
}
