"""A Twisted PB server for Braid's interop tests: the shop root on one port and a portal on
another, both on 127.0.0.1; prints "PORTS <root> <portal>", then serves until killed.
"""
import sys

from twisted.internet import reactor
from twisted.spread import pb

sys.path.insert(0, sys.path[0])
from shop import ShopRoot, shop_portal  # noqa: E402

root = reactor.listenTCP(0, pb.PBServerFactory(ShopRoot()), interface="127.0.0.1")
logins = reactor.listenTCP(0, pb.PBServerFactory(shop_portal()), interface="127.0.0.1")
print(f"PORTS {root.getHost().port} {logins.getHost().port}", flush=True)
reactor.run()
