"""A Twisted AMP client that calls StartTLS on a Braid server, then Sum over TLS.

Usage: amp_tls_client.py PORT CA_CERT.pem
Prints the server certificate's common name and OK; exits non-zero on any failure.
"""
import sys

from twisted.internet import defer, ssl, task
from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol
from twisted.protocols import amp

from amp_commands import Sum


async def main(reactor):
    port = int(sys.argv[1])
    with open(sys.argv[2], "rb") as f:
        authority = ssl.Certificate.loadPEM(f.read())
    p = await connectProtocol(TCP4ClientEndpoint(reactor, "127.0.0.1", port), amp.AMP())
    before = await p.callRemote(Sum, a=1, b=2)
    assert before == {"total": 3}, before
    await p.callRemote(amp.StartTLS, tls_verifyAuthorities=[authority])
    after = await p.callRemote(Sum, a=2**40, b=-1)
    assert after == {"total": 2**40 - 1}, after
    peer = p.transport.getPeerCertificate()
    print(peer.get_subject().CN)
    print("OK")
    p.transport.loseConnection()


task.react(lambda r: defer.ensureDeferred(main(r)))
