package dev.braid.pb;

import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.LoginResult;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.defer.Deferred;
import dev.braid.pb.example.Shop;
import dev.braid.pb.jelly.JellyTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shop service of the interop tests in Java: the same remote methods as {@code pb/shop.py}'s
 * {@code Shop}, so Twisted's client runs against it as against Twisted's server.
 */
final class ShopRoot implements Referenceable {
  record Item(String name, long price) {}

  static final class OutOfStock extends Exception {
    private static final long serialVersionUID = 1L;

    OutOfStock(String message) {
      super(message);
    }
  }

  static final PbConfig CONFIG =
      PbConfig.defaults()
          .withTypes(JellyTypes.builder().record("shop.Item", Item.class).build())
          .withErrors(
              RemoteErrors.defaults().with("shop.OutOfStock", OutOfStock.class, OutOfStock::new))
          .withCache("shop.Stock", Shop.StockCopy::new);

  static final class Counter implements Referenceable {
    long total;

    @Remote
    public long add(long n) {
      return total += n;
    }
  }

  private final Broker broker;
  final Counter counter = new Counter();
  final Shop.Stock stock = new Shop.Stock();
  final List<Deferred<String>> late = new ArrayList<>();

  ShopRoot(Broker broker) {
    this.broker = broker;
    stock.set("pen", 0);
  }

  @Remote
  public Object echo(Object value) {
    return value;
  }

  @Remote
  public Counter counter() {
    return counter;
  }

  @Remote
  public boolean isMine(Object reference) {
    return reference == counter;
  }

  @Remote
  public Deferred<Object> callBack(RemoteReference other, long n) {
    return other.callRemote("add", n);
  }

  @Remote
  public Item cheaper(Item item) {
    return new Item(item.name(), item.price() - 1);
  }

  @Remote
  public void buy(String name) throws OutOfStock {
    throw new OutOfStock("no more " + name);
  }

  @Remote
  public void fail() {
    throw new IllegalStateException("broken");
  }

  @Remote
  public Deferred<String> slow() {
    Deferred<String> d = new Deferred<>();
    late.add(d);
    return d;
  }

  @Remote
  public int release() {
    List<Deferred<String>> waiting = new ArrayList<>(late);
    late.clear();
    waiting.forEach(d -> d.callback("done"));
    return waiting.size();
  }

  @Remote
  public String greet(String name, @Remote.Keywords Map<String, Object> options) {
    return options.getOrDefault("greeting", "hello") + " " + name;
  }

  @Remote
  public Shop.Stock stock() {
    return stock;
  }

  @Remote
  public long restock(String name, long n) {
    long count = stock.count(name) + n;
    stock.set(name, count);
    return count;
  }

  @Remote
  public int observers() {
    return stock.observerCount();
  }

  @Remote
  public int references() {
    return broker.localObjectCount();
  }

  /** The avatar of a logged-in user. */
  static final class Avatar implements Referenceable {
    private final String name;

    Avatar(String name) {
      this.name = name;
    }

    @Remote
    public String whoami() {
      return name;
    }
  }

  /** A portal with the user alice (password secret), whose avatars are {@link Avatar}s. */
  static Portal portal(List<String> events) {
    Realm realm =
        new Realm() {
          @Override
          public <A> Deferred<LoginResult<A>> requestAvatar(
              String avatarId, Optional<Object> mind, Class<A> type) {
            events.add("login " + avatarId + (mind.isPresent() ? " with a mind" : ""));
            return Deferred.succeed(
                new LoginResult<>(
                    avatarId,
                    type.cast(new Avatar(avatarId)),
                    () -> events.add("logout " + avatarId)));
          }
        };
    return Portal.create(realm, List.of(InMemoryChecker.of(Map.of("alice", "secret"))));
  }
}
