"""Start Apertium APy bound to 127.0.0.1 only.

APy has no bind-address option: apy.main() calls http_server.bind(port),
which listens on every interface. We wrap tornado's TCPServer.bind so every
call passes address='127.0.0.1', then hand over to APy's own main().
"""
import sys

import tornado.tcpserver

_bind = tornado.tcpserver.TCPServer.bind


def _loopback_bind(self, port, address=None, *args, **kwargs):
    return _bind(self, port, "127.0.0.1", *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _loopback_bind

from apertium_apy import apy  # noqa: E402  (must come after the patch)

sys.argv = ["apertium-apy"] + sys.argv[1:]
apy.main()
