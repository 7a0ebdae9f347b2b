"""The shop service of Braid's PB interop tests, in Twisted: the same remote methods as the Java
ShopRoot, so each side's client runs against the other side's server.
"""
from twisted.cred import checkers, portal
from twisted.internet import defer
from twisted.spread import pb


class OutOfStock(pb.Error):
    """A declared error: the caller may expect it."""


class Item(pb.Copyable, pb.RemoteCopy):
    """A copied value, sent and received under the copy tag shop.Item."""

    def __init__(self, name="", price=0):
        self.name = name
        self.price = price

    def getTypeToCopy(self):
        return b"shop.Item"

    def __eq__(self, other):
        return isinstance(other, Item) and (self.name, self.price) == (other.name, other.price)

    def __repr__(self):
        return f"Item({self.name!r}, {self.price!r})"


pb.setUnjellyableForClass(b"shop.Item", Item)


class Stock(pb.Cacheable):
    """Counts of items, cached by each client and kept up to date as they change."""

    def __init__(self):
        self.counts = {"pen": 0}
        self.observers = []

    def getTypeToCopyFor(self, perspective):
        return b"shop.Stock"

    def getStateToCacheAndObserveFor(self, perspective, observer):
        self.observers.append(observer)
        return dict(self.counts)

    def stoppedObserving(self, perspective, observer):
        self.observers.remove(observer)

    def restock(self, name, n):
        self.counts[name] = self.counts.get(name, 0) + n
        for observer in self.observers:
            observer.callRemote("changed", name, self.counts[name])
        return self.counts[name]


class StockCopy(pb.RemoteCache):
    """A client's copy of the Stock."""

    def setCopyableState(self, state):
        self.counts = {k.decode() if isinstance(k, bytes) else k: v for k, v in state.items()}

    def observe_changed(self, name, count):
        self.counts[name] = count


pb.setUnjellyableForClass(b"shop.Stock", StockCopy)


class Counter(pb.Referenceable):
    def __init__(self):
        self.total = 0

    def remote_add(self, n):
        self.total += n
        return self.total


class Shop(pb.Referenceable):
    def __init__(self, broker):
        self.broker = broker
        self.counter = Counter()
        self.stock = Stock()
        self.late = []

    def remote_echo(self, value):
        return value

    def remote_counter(self):
        return self.counter

    def remote_isMine(self, reference):
        return reference is self.counter

    def remote_callBack(self, other, n):
        return other.callRemote("add", n)

    def remote_cheaper(self, item):
        return Item(item.name, item.price - 1)

    def remote_buy(self, name):
        raise OutOfStock(f"no more {name}")

    def remote_fail(self):
        raise ValueError("broken")

    def remote_slow(self):
        d = defer.Deferred()
        self.late.append(d)
        return d

    def remote_release(self):
        late, self.late = self.late, []
        for d in late:
            d.callback("done")
        return len(late)

    def remote_stock(self):
        return self.stock

    def remote_restock(self, name, n):
        return self.stock.restock(name, n)

    def remote_observers(self):
        return len(self.stock.observers)

    def remote_references(self):
        return len(self.broker.localObjects)


class ShopRoot(pb.Root):
    def rootObject(self, broker):
        return Shop(broker)


class Avatar(pb.Avatar):
    def __init__(self, name):
        self.name = name

    def perspective_whoami(self):
        return self.name


class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        name = avatarId.decode() if isinstance(avatarId, bytes) else avatarId
        return pb.IPerspective, Avatar(name), lambda: None


def shop_portal():
    checker = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"secret")
    return portal.Portal(Realm(), [checker])
