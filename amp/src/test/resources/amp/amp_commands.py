"""The AMP commands Braid's interop tests and benchmark use, declared the Twisted way.

The Java side declares the same commands as records (dev.braid.amp.InteropCommands).
"""
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"quotient", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION"}


ITEM = [
    (b"id", amp.Integer()),
    (b"name", amp.Unicode()),
    (b"scores", amp.ListOf(amp.Float())),
]

ALL_TYPES = [
    (b"integer", amp.Integer()),
    (b"unicode", amp.Unicode()),
    (b"string", amp.String()),
    (b"floating", amp.Float()),
    (b"flag", amp.Boolean()),
    (b"when", amp.DateTime()),
    (b"decimal", amp.Decimal()),
    (b"integers", amp.ListOf(amp.Integer())),
    (b"texts", amp.ListOf(amp.Unicode())),
    (b"items", amp.AmpList(ITEM)),
    (b"matrix", amp.ListOf(amp.ListOf(amp.Integer()))),
    (b"maybe", amp.Unicode(optional=True)),
]


class Echo(amp.Command):
    arguments = ALL_TYPES
    response = ALL_TYPES


class Slow(amp.Command):
    arguments = [(b"token", amp.Unicode())]
    response = [(b"token", amp.Unicode())]


class Release(amp.Command):
    arguments = []
    response = []


class Boom(amp.Command):
    arguments = []
    response = []


class Missing(amp.Command):
    arguments = []
    response = []


class Notify(amp.Command):
    arguments = [(b"message", amp.Unicode())]
    requiresAnswer = False


class Notes(amp.Command):
    arguments = []
    response = [(b"notes", amp.ListOf(amp.Unicode()))]


class SwitchToEcho(amp.ProtocolSwitchCommand):
    arguments = []
    response = []
