"""Twisted's side of Braid's AMP benchmark (AmpLoopbackBenchmark): a Twisted AMP server and a
Twisted AMP client in one process over 127.0.0.1, timing the same Sum command two ways: one call
at a time, and 100 calls in flight. Prints calls per second for each.

Usage: /usr/bin/python3 bench/amp/twisted_amp_bench.py [SECONDS_PER_MEASUREMENT]
"""
import sys
import time

from twisted.internet import defer, protocol, reactor, task
from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Server(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}


@defer.inlineCallbacks
def measure(client, seconds, in_flight):
    calls = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if in_flight == 1:
            yield client.callRemote(Sum, a=calls, b=1)
        else:
            yield defer.gatherResults(
                [client.callRemote(Sum, a=i, b=1) for i in range(in_flight)]
            )
        calls += in_flight
    return calls / (time.perf_counter() - start)


@defer.inlineCallbacks
def main(seconds):
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Server), interface="127.0.0.1")
    endpoint = TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port)
    client = yield connectProtocol(endpoint, amp.AMP())
    yield measure(client, 1.0, 1)  # warm-up
    for name, in_flight in (("sequential", 1), ("pipelined (100 in flight)", 100)):
        rates = []
        for _ in range(5):
            rate = yield measure(client, seconds, in_flight)
            rates.append(rate)
        rates.sort()
        print(f"{name}: median {rates[2]:.0f} calls/s (min {rates[0]:.0f}, max {rates[4]:.0f})")
    client.transport.loseConnection()
    yield port.stopListening()


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    task.react(lambda r: main(seconds))
