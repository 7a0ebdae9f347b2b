package dev.braid.pb.example;

import dev.braid.cred.LoginResult;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.cred.UnhandledCredentials;
import dev.braid.defer.Deferred;
import dev.braid.net.ProtocolFactory;
import dev.braid.pb.CacheObserver;
import dev.braid.pb.Cacheable;
import dev.braid.pb.Pb;
import dev.braid.pb.PbConfig;
import dev.braid.pb.Referenceable;
import dev.braid.pb.Remote;
import dev.braid.pb.RemoteCache;
import dev.braid.pb.RemoteErrors;
import dev.braid.pb.jelly.JellyTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example shop: {@code items()} lists the catalogue as copied {@link Item}s, {@code stock()}
 * gives the {@link Stock} as a Cacheable (each client's copy follows every sale), {@code basket()}
 * gives a {@link Basket} by reference, whose {@code add(name)} takes one from the stock and fails
 * with {@code shop.OutOfStock} when there is none. Behind a portal, each user's avatar is their own
 * basket, with {@code whoami()}. Reactor thread only.
 */
public final class Shop implements Referenceable {
  /**
   * An item of the catalogue, copied to the peer under the copy tag {@code shop.Item}.
   *
   * @param name what it is
   * @param price its price in cents
   */
  public record Item(String name, long price) {}

  /** Something the shop does not sell; travels as {@code shop.OutOfStock}. */
  public static final class OutOfStock extends Exception {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public OutOfStock(String message) {
      super(message);
    }
  }

  /** The settings that make {@link Item}, {@link OutOfStock} and {@link Stock} travel. */
  public static final PbConfig CONFIG =
      PbConfig.defaults()
          .withTypes(JellyTypes.builder().record("shop.Item", Item.class).build())
          .withErrors(
              RemoteErrors.defaults().with("shop.OutOfStock", OutOfStock.class, OutOfStock::new))
          .withCache("shop.Stock", StockCopy::new);

  /** How many of each item are left, copied to each client that asks and kept up to date. */
  public static final class Stock implements Cacheable {
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final List<CacheObserver> observers = new ArrayList<>();

    /** A stock of nothing yet. */
    public Stock() {}

    @Override
    public String cacheType() {
      return "shop.Stock";
    }

    @Override
    public Object stateFor(CacheObserver observer) {
      observers.add(observer);
      return new LinkedHashMap<>(counts);
    }

    @Override
    public void stoppedObserving(CacheObserver observer) {
      observers.remove(observer);
    }

    /** How many copies are observed. */
    public int observerCount() {
      return observers.size();
    }

    /** Sets how many {@code name} are left, and tells every copy. */
    public void set(String name, long count) {
      counts.put(name, count);
      observers.forEach(o -> o.callRemote("changed", name, count));
    }

    /** How many {@code name} are left. */
    public long count(String name) {
      return counts.getOrDefault(name, 0L);
    }
  }

  /** A client's copy of the {@link Stock}. */
  public static final class StockCopy implements RemoteCache {
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** A copy waiting for its state. */
    public StockCopy() {}

    @Override
    public void setState(Object state) {
      ((Map<?, ?>) state).forEach((k, v) -> counts.put((String) k, (Long) v));
    }

    /** The owner's update: {@code name} has {@code count} left. */
    @Remote
    public void changed(String name, long count) {
      counts.put(name, count);
    }

    /** How many of each item are left, as last told. */
    public Map<String, Long> counts() {
      return Map.copyOf(counts);
    }
  }

  private final Map<String, Item> catalogue = new LinkedHashMap<>();
  private final Stock stock = new Stock();

  /** A shop selling 10 pens, 5 notebooks and 2 lamps. */
  public Shop() {
    stock.set("pen", 10);
    stock.set("notebook", 5);
    stock.set("lamp", 2);
    for (Item item :
        List.of(new Item("pen", 150), new Item("notebook", 400), new Item("lamp", 2500))) {
      catalogue.put(item.name(), item);
    }
  }

  /** The catalogue. */
  @Remote
  public List<Item> items() {
    return List.copyOf(catalogue.values());
  }

  /** The stock, as a Cacheable. */
  @Remote
  public Stock stock() {
    return stock;
  }

  /** A new, empty basket. */
  @Remote
  public Basket basket() {
    return new Basket(this, "anonymous");
  }

  /** A basket: what one client has chosen. */
  public static final class Basket implements Referenceable {
    private final Shop shop;
    private final String owner;
    private final List<Item> chosen = new ArrayList<>();

    Basket(Shop shop, String owner) {
      this.shop = shop;
      this.owner = owner;
    }

    /** Takes one {@code name} from the stock; returns how many items the basket holds. */
    @Remote
    public int add(String name) throws OutOfStock {
      Item item = shop.catalogue.get(name);
      if (item == null) {
        throw new OutOfStock("the shop sells no " + name);
      }
      long left = shop.stock.count(name);
      if (left == 0) {
        throw new OutOfStock("no " + name + " left");
      }
      shop.stock.set(name, left - 1);
      chosen.add(item);
      return chosen.size();
    }

    /** The total price in cents. */
    @Remote
    public long total() {
      return chosen.stream().mapToLong(Item::price).sum();
    }

    /** Whose basket this is. */
    @Remote
    public String whoami() {
      return owner;
    }
  }

  /** The service without logins: every connection gets this shop as its root object. */
  public static ProtocolFactory factory() {
    return Pb.serverFactory(CONFIG, new Shop());
  }

  /**
   * The service behind {@code portal}: a client logs in (PB's challenge-response, or anonymously
   * with an anonymous checker) and gets the avatar the portal's realm makes; with {@link #realm()}
   * that is its own basket.
   */
  public static ProtocolFactory factory(Portal portal) {
    return Pb.serverFactory(CONFIG, portal);
  }

  /** A realm whose avatars are baskets of a new shop, one per login, owned by the user. */
  public static Realm realm() {
    return new Baskets(new Shop());
  }

  /** A realm whose avatars are baskets of one shop. */
  private record Baskets(Shop shop) implements Realm {
    @Override
    public <A> Deferred<LoginResult<A>> requestAvatar(
        String avatarId, Optional<Object> mind, Class<A> type) {
      if (!type.isAssignableFrom(Basket.class)) {
        return Deferred.fail(new UnhandledCredentials("the shop's avatars are baskets"));
      }
      return Deferred.succeed(
          new LoginResult<>(avatarId, type.cast(new Basket(shop, avatarId)), () -> {}));
    }
  }
}
