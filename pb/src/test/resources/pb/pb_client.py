"""A Twisted PB client for Braid's interop tests: calls the shop root at 127.0.0.1:<root port>
and logs in at <portal port>, checks every answer, prints "OK" and exits 0, or prints what went
wrong and exits 1.

Usage: pb_client.py <root port> <portal port>
"""
import decimal
import gc
import math
import sys

from twisted.cred import credentials, error
from twisted.internet import defer, reactor, task
from twisted.spread import flavors, pb

sys.path.insert(0, sys.path[0])
from shop import Counter, Item  # noqa: E402


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def same(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


def failure_of(d):
    """A list of the failure (a CopiedFailure for a remote error) d fails with."""
    def succeeded(v):
        raise AssertionError(f"expected a failure, got {v!r}")

    return d.addCallbacks(succeeded, lambda f: [f])


@defer.inlineCallbacks
def run(root_port, portal_port):
    factory = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", root_port, factory)
    root = yield factory.getRootObject()

    values = [
        None, True, False, 0, 1, -1, 2**31 - 1, 2**31, -(2**31) - 1, 2**63, -(2**400), 2**447,
        0.0, -0.0, 1.5, float("inf"), float("-inf"), float("nan"), 1e308,
        b"", b"\x00\xff", b"None", "", "\u00e9t\u00e9", "\U0001F600\U00010348", "x" * 100000,
        [], [1, [2, [3, [4]]]], (), (1, "a", (b"b",)), {}, {"a": 1, b"b": 2, 3: (4,)},
        {1, 2}, decimal.Decimal("-3.14"),
    ]
    for value in values:
        back = yield root.callRemote("echo", value)
        check(same(back, value), f"echo({value!r:.60}) gave {back!r:.60}")
    back = yield root.callRemote("echo", frozenset([5]))
    check(back == {5}, f"a frozenset came back as {back!r}")

    shared = [1]
    back = yield root.callRemote("echo", [shared, shared])
    check(back[0] is back[1], "a shared list came back as two lists")
    circular = []
    circular.append(circular)
    back = yield root.callRemote("echo", circular)
    check(back[0] is back, "a circular list came back not circular")
    looped = {"name": "loop"}
    looped["self"] = looped
    back = yield root.callRemote("echo", looped)
    check(back["self"] is back, "a circular dict came back not circular")

    counter = yield root.callRemote("counter")
    total = yield counter.callRemote("add", 5)
    check(total == 5, f"add(5) gave {total}")
    mine = yield root.callRemote("isMine", counter)
    check(mine is True, "a reference passed back was not the server's own object")
    own = Counter()
    total = yield root.callRemote("callBack", own, 7)
    check(total == 7 and own.total == 7, f"the server's call back gave {total}, {own.total}")

    item = yield root.callRemote("cheaper", Item("pen", 3))
    check(item == Item("pen", 2), f"cheaper gave {item!r}")

    stock = yield root.callRemote("stock")
    check(stock.counts == {"pen": 0}, f"the cached stock was {stock.counts}")
    total = yield root.callRemote("restock", "pen", 5)
    check(total == 5 and stock.counts == {"pen": 5}, f"after an update the copy was {stock.counts}")
    observers = yield root.callRemote("observers")
    check(observers == 1, f"{observers} observers")
    del stock
    gc.collect()
    observers = yield root.callRemote("observers")
    check(observers == 0, f"{observers} observers after the copy was dropped")

    before = yield root.callRemote("references")
    again = yield root.callRemote("counter")
    during = yield root.callRemote("references")
    check(during == before, f"a second reference made a new object: {before} {during}")
    del counter, again, mine
    gc.collect()
    after = yield root.callRemote("references")
    check(after == before - 1, f"releasing the counter left {after} objects, not {before - 1}")

    (failure,) = yield failure_of(root.callRemote("buy", "pen"))
    check(failure.type == b"shop.OutOfStock", f"a declared error arrived as {failure.type}")
    check(failure.value == "no more pen", f"its message was {failure.value!r}")
    (failure,) = yield failure_of(root.callRemote("fail"))
    check(b"Error" in failure.type or b"Exception" in failure.type, f"got {failure.type}")
    check(failure.value == "broken", f"an undeclared error said {failure.value!r}")
    (failure,) = yield failure_of(root.callRemote("nothing"))
    check(failure.check(flavors.NoSuchMethod) is not None, f"a missing method gave {failure.type}")

    slow = root.callRemote("slow")
    quick = yield root.callRemote("echo", "quick")
    check(not slow.called and quick == "quick", "a slow call held up a quick one")
    released = yield root.callRemote("release")
    answer = yield slow
    check(released == 1 and answer == "done", f"the late answer was {answer!r}")

    logins = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", portal_port, logins)
    (failure,) = yield failure_of(logins.login(credentials.UsernamePassword(b"alice", b"guess")))
    check(failure.check(error.UnauthorizedLogin) is not None, f"a wrong password gave {failure.type}")
    avatar = yield logins.login(credentials.UsernamePassword(b"alice", b"secret"), Counter())
    name = yield avatar.callRemote("whoami")
    check(name == "alice", f"whoami said {name!r}")

    factory.disconnect()
    logins.disconnect()


def main():
    root_port, portal_port = int(sys.argv[1]), int(sys.argv[2])
    outcome = []

    def done(_):
        outcome.append(True)
        print("OK", flush=True)

    def failed(f):
        outcome.append(False)
        print("FAILED", f.getTraceback(), flush=True)

    d = task.deferLater(reactor, 0, run, root_port, portal_port)
    d.addCallbacks(done, failed)
    d.addBoth(lambda _: reactor.callLater(0.1, reactor.stop))
    reactor.run()
    sys.exit(0 if outcome == [True] else 1)


if __name__ == "__main__":
    main()
