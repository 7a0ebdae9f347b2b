"""A Twisted AMP server for Braid's interop tests: prints its port, then serves until killed.

Usage: amp_server.py  (listens on 127.0.0.1, port chosen by the system)
"""
import sys

from twisted.internet import defer, protocol, reactor
from twisted.protocols import amp

from amp_commands import Boom, Divide, Echo, Notes, Notify, Release, Slow, Sum, SwitchToEcho


class EchoProtocol(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Server(amp.AMP):
    def __init__(self):
        super().__init__()
        self.slow = []
        self.notes = []

    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Divide.responder
    def divide(self, numerator, denominator):
        return {"quotient": numerator / denominator}

    @Echo.responder
    def echo(self, **values):
        if values.get("maybe") is None:
            values.pop("maybe", None)
        return values

    @Slow.responder
    def slow_call(self, token):
        d = defer.Deferred()
        self.slow.append((d, token))
        return d

    @Release.responder
    def release(self):
        waiting, self.slow = self.slow, []
        for d, token in waiting:
            d.callback({"token": token})
        return {}

    @Boom.responder
    def boom(self):
        raise RuntimeError("boom")

    @Notify.responder
    def notify(self, message):
        self.notes.append(message)
        return {}

    @Notes.responder
    def get_notes(self):
        return {"notes": self.notes}

    @SwitchToEcho.responder
    def switch(self):
        return EchoProtocol()


def main():
    factory = protocol.Factory.forProtocol(Server)
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    print(port.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    sys.exit(main())
