"""An HTTP adapter whose `close()` also wakes requests still waiting on their sockets.

`requests.Session.close()` closes idle pooled connections only. A lookup stuck waiting for the
headers of a hanging server holds its worker thread until the read timeout (30 s), and a
process whose run has ended (or was cancelled with Ctrl+C) would wait that long at exit for
the thread. This adapter remembers every connection it opens and, on close, shuts their sockets
down: a blocked read returns at once with an error, and the worker is free.
"""

from __future__ import annotations

import socket
import threading
import weakref
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class ClosingAdapter(HTTPAdapter):
    """HTTPAdapter whose connections can all be shut down from another thread."""

    def __init__(self, **kwargs: Any) -> None:
        self._open: weakref.WeakSet[HTTPConnection] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._closed = False
        super().__init__(**kwargs)

    def _track(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._open.add(connection)
            closed = self._closed
        if closed:  # opened while closing: shut it too
            _shut(connection)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        track = self._track

        class TrackedHTTP(HTTPConnection):
            def connect(self) -> None:
                super().connect()
                track(self)

        class TrackedHTTPS(HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                track(self)

        class HTTPPool(HTTPConnectionPool):
            ConnectionCls = TrackedHTTP

        class HTTPSPool(HTTPSConnectionPool):
            ConnectionCls = TrackedHTTPS

        self.poolmanager.pool_classes_by_scheme = {"http": HTTPPool, "https": HTTPSPool}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections = list(self._open)
        for connection in connections:
            _shut(connection)
        super().close()


def _shut(connection: HTTPConnection) -> None:
    sock = connection.sock
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed
