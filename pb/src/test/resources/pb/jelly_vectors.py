"""Writes jelly_vectors.txt: values jellied by Twisted, for JellyTest.

Run with Debian's Python (python3-twisted): /usr/bin/python3 jelly_vectors.py > jelly_vectors.txt
Each line is a name, a tab, and the hex of the Banana bytes (pb dialect) of Twisted's jelly of a
value, as PB would send it.
"""
import decimal
import io

from twisted.spread import banana, jelly, pb


class Point(pb.Copyable):
    def __init__(self, x, y, label):
        self.x = x
        self.y = y
        self.label = label

    def getTypeToCopy(self):
        return b"braid.test.Point"


class Secret(pb.Copyable):
    def getStateToCopy(self):
        return {"value": 1}


def encode(sexp):
    b = banana.Banana()
    b.connectionMade()
    b._selectDialect(b"pb")
    out = io.BytesIO()
    b._encode(sexp, out.write)
    return out.getvalue().hex()


def jellied(value):
    # A PB broker as the invoker, as when PB sends it, so Copyables send their copy tags.
    broker = pb.Broker()
    return encode(broker.serialize(value))


shared = [1, 2]
circular = []
circular.append(circular)
looped = {"name": "loop"}
looped["self"] = looped
tuple_in_list = ([],)
tuple_in_list[0].append(tuple_in_list)
same_point = Point(1, 2, "p")

VALUES = [
    ("none", None),
    ("true", True),
    ("false", False),
    ("zero", 0),
    ("huge", 2**200),
    ("huge-neg", -(2**200) - 1),
    ("int-min", -(2**63)),
    ("float", 2.25),
    ("nan", float("nan")),
    ("inf", float("inf")),
    ("minus-inf", float("-inf")),
    ("bytes", b"\x00\xffbin"),
    ("empty-bytes", b""),
    ("unicode", "h\u00e9llo"),
    ("empty-unicode", ""),
    ("non-bmp", "\U0001F600 and \u20ac"),
    ("vocab-word-bytes", b"None"),
    ("list", [1, "a", b"b", None]),
    ("empty-list", []),
    ("tuple", (1, (2, 3), ())),
    ("dict", {"a": 1, b"b": [2]}),
    ("empty-dict", {}),
    ("set", {7}),
    ("frozenset", frozenset([8])),
    ("decimal", decimal.Decimal("-12.345")),
    ("shared", [shared, shared]),
    ("circular-list", circular),
    ("circular-dict", looped),
    ("circular-tuple", tuple_in_list),
    ("copyable", Point(3, -4, "here")),
    ("shared-copyable", [same_point, same_point]),
    ("nested", [[[[["deep"]]]]]),
]

for name, value in VALUES:
    print(f"{name}\t{jellied(value)}")
# Names a peer may send that Braid must refuse: Twisted's own types, a class, a module.
print(f"unregistered\t{jellied(Secret())}")
print(f"class\t{encode([b'class', b'os.system'])}")
print(f"module\t{encode([b'module', b'os'])}")
print(f"function\t{encode([b'function', b'os.system'])}")
print(f"dangling\t{encode([b'list', [b'dereference', 9]])}")
