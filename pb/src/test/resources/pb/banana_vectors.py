"""Writes banana_vectors.txt: Banana encodings made by Twisted, for BananaParserTest.

Run with Debian's Python (python3-twisted): /usr/bin/python3 banana_vectors.py > banana_vectors.txt
Each line is a name, a tab, and the hex of what Twisted's Banana sends for that value (in the
"pb" dialect when the name starts with "pb-").
"""
import io

from twisted.spread import banana


def encoder(dialect):
    b = banana.Banana()
    b.connectionMade()
    b._selectDialect(dialect)
    return b


def encode(value, dialect=b"none"):
    out = io.BytesIO()
    encoder(dialect)._encode(value, out.write)
    return out.getvalue().hex()


VALUES = [
    ("zero", 0),
    ("one", 1),
    ("127", 127),
    ("128", 128),
    ("int-max", 2**31 - 1),
    ("long-min", 2**31),
    ("minus-one", -1),
    ("int-min", -(2**31)),
    ("longneg-min", -(2**31) - 1),
    ("huge", 2**300 + 12345),
    ("huge-neg", -(2**300) - 12345),
    ("largest", 2**448 - 1),
    ("float", 1.5),
    ("float-neg-zero", -0.0),
    ("float-inf", float("inf")),
    ("float-minus-inf", float("-inf")),
    ("float-nan", float("nan")),
    ("empty-string", b""),
    ("string", b"hello"),
    ("string-200", bytes(range(200))),
    ("empty-list", []),
    ("list", [1, b"two", 3.0, [], [[b"x"]]]),
    ("dialects", [b"pb", b"none"]),
]

for name, value in VALUES:
    print(f"{name}\t{encode(value)}")
print(f"pb-vocab\t{encode([b'message', b'None', b'answer', b'not a word'], b'pb')}")
print(f"pb-version\t{encode([b'version', 6], b'pb')}")
