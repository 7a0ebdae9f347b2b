"""A Twisted AMP server whose StartTLS responder secures the connection with a certificate.

Usage: amp_tls_server.py CERT_AND_KEY.pem  (listens on 127.0.0.1, prints its port)
"""
import sys

from twisted.internet import interfaces, protocol, reactor, ssl
from twisted.protocols import amp

from amp_commands import Sum


class Secure(amp.Command):
    response = [(b"secure", amp.Boolean())]


with open(sys.argv[1], "rb") as f:
    CERTIFICATE = ssl.PrivateCertificate.loadPEM(f.read())


class Server(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Secure.responder
    def secure(self):
        return {"secure": interfaces.ISSLTransport.providedBy(self.transport)}

    @amp.StartTLS.responder
    def start_tls(self):
        return {"tls_localCertificate": CERTIFICATE}


factory = protocol.Factory.forProtocol(Server)
port = reactor.listenTCP(0, factory, interface="127.0.0.1")
print(port.getHost().port)
sys.stdout.flush()
reactor.run()
