"""A Twisted AMP client for Braid's interop tests: calls a Braid AMP server's responders with
every argument type and checks the answers. Prints OK and exits 0, or prints what failed and
exits 1.

Usage: amp_client.py PORT
"""
import datetime
import decimal
import math
import sys
import traceback

from twisted.internet import defer, protocol, reactor
from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol
from twisted.protocols import amp

from amp_commands import Boom, Divide, Echo, Missing, Notes, Notify, Sum, SwitchToEcho


def tz(minutes):
    return datetime.timezone(datetime.timedelta(minutes=minutes))


# The first payload is also checked on the Java side, value by value.
PAYLOADS = [
    dict(
        integer=2**100,
        unicode="h\u00e9llo \U0001F600 \u4e16\u754c",
        string=b"\x00\xff\r\n",
        floating=1.5,
        flag=True,
        when=datetime.datetime(2024, 2, 29, 23, 59, 58, 123456, tz(5 * 60 + 30)),
        decimal=decimal.Decimal("-1234.5678"),
        integers=[0, -1, 2**64, -(2**80)],
        texts=["", "a", "\U0010FFFF"],
        items=[dict(id=1, name="one", scores=[0.5, -2.25]), dict(id=-2, name="", scores=[])],
        matrix=[[1, 2], [], [-3]],
        maybe="present",
    ),
    dict(
        integer=-(2**100),
        unicode="",
        string=b"",
        floating=float("nan"),
        flag=False,
        when=datetime.datetime(1, 1, 1, 0, 0, 0, 0, tz(-(12 * 60 + 45))),
        decimal=decimal.Decimal("Infinity"),
        integers=[],
        texts=[],
        items=[],
        matrix=[],
    ),
    dict(
        integer=0,
        unicode="x" * 1000,
        string=bytes(range(256)),
        floating=float("-inf"),
        flag=True,
        when=datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, datetime.timezone.utc),
        decimal=decimal.Decimal("1E+2"),
        integers=[-(2**63), 2**63 - 1],
        texts=["\u0000", "\ufeff"],
        items=[dict(id=0, name="z", scores=[float("inf"), 1e-300, 1e300])],
        matrix=[[]],
    ),
    dict(
        integer=-1,
        unicode="\U0001F4A9",
        string=b"x",
        floating=-0.0,
        flag=False,
        when=datetime.datetime(2000, 6, 15, 12, 0, 0, 1, tz(-1)),
        decimal=decimal.Decimal("-sNaN"),
        integers=[7],
        texts=["\u00e9"],
        items=[],
        matrix=[[0]],
    ),
    dict(
        integer=1,
        unicode="inf",
        string=b"nan",
        floating=float("inf"),
        flag=True,
        when=datetime.datetime(1970, 1, 1, 0, 0, 0, 0, tz(14 * 60)),
        decimal=decimal.Decimal("0.000001000"),
        integers=[1],
        texts=["True"],
        items=[],
        matrix=[],
    ),
]


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, decimal.Decimal) and isinstance(b, decimal.Decimal):
        return str(a) == str(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return type(a) == type(b) and a == b


def check(condition, what):
    if not condition:
        raise AssertionError(what)


@defer.inlineCallbacks
def run(port):
    endpoint = TCP4ClientEndpoint(reactor, "127.0.0.1", port)
    client = yield connectProtocol(endpoint, amp.AMP())

    total = yield client.callRemote(Sum, a=13, b=-20)
    check(total == {"total": -7}, f"Sum: {total}")

    quotient = yield client.callRemote(Divide, numerator=7, denominator=2)
    check(quotient == {"quotient": 3.5}, f"Divide: {quotient}")

    try:
        yield client.callRemote(Divide, numerator=1, denominator=0)
        check(False, "Divide by zero did not fail")
    except ZeroDivisionError as e:
        check("zero" in str(e), f"ZeroDivisionError description: {e}")

    for payload in PAYLOADS:
        echoed = yield client.callRemote(Echo, **payload)
        expected = dict(payload)
        expected.setdefault("maybe", None)
        check(same(echoed, expected), f"Echo: sent {payload!r}, got {echoed!r}")

    client.callRemote(Notify, message="fire and forget \U0001F680")
    notes = yield client.callRemote(Notes)
    check(notes == {"notes": ["fire and forget \U0001F680"]}, f"Notes: {notes}")

    try:
        yield client.callRemote(Missing)
        check(False, "Missing did not fail")
    except amp.UnhandledCommand:
        pass

    # A protocol switch, on a second connection.
    switcher = yield connectProtocol(endpoint, amp.AMP())
    echoed = defer.Deferred()

    class Collect(protocol.Protocol):
        def __init__(self):
            self.data = b""

        def connectionMade(self):
            self.transport.write(b"ping after switch")

        def dataReceived(self, data):
            self.data += data
            if self.data == b"ping after switch":
                echoed.callback(self.data)

    factory = protocol.ClientFactory.forProtocol(Collect)
    yield switcher.callRemote(SwitchToEcho, factory)
    yield echoed
    switcher.transport.loseConnection()

    # Last: an undeclared error, after which the Braid side closes the connection.
    lost = defer.Deferred()
    original = client.connectionLost

    def connection_lost(reason):
        original(reason)
        lost.callback(None)

    client.connectionLost = connection_lost
    try:
        yield client.callRemote(Boom)
        check(False, "Boom did not fail")
    except amp.UnknownRemoteError as e:
        check("Unknown Error" in str(e), f"Boom description: {e}")
    yield lost


def main():
    port = int(sys.argv[1])
    status = []

    def done(_):
        print("OK", flush=True)
        status.append(0)

    def failed(failure):
        print(failure.getTraceback(), flush=True)
        status.append(1)

    d = run(port)
    d.addCallbacks(done, failed)
    d.addBoth(lambda _: reactor.stop())
    reactor.run()
    return status[0] if status else 1


if __name__ == "__main__":
    sys.exit(main())
