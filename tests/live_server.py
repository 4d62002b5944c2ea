"""The live server of the browser and Open311 tests, safe on in-memory SQLite.

With in-memory SQLite every thread of Django's threaded live server shares the test's one connection; two
requests at the same moment (a page and the JSON it fetches) can then block each other for ever. So on
in-memory SQLite the server still accepts connections on threads but runs one request at a time; on
PostgreSQL each thread has its own connection and nothing changes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases


class OneRequestAtATime(ThreadedWSGIServer):
    def set_app(self, application: Callable[..., Iterable[bytes]]) -> None:
        lock = threading.Lock()

        def serialized(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)  # a streamed body reads the database too: drain it under the lock
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        super().set_app(serialized)


def install() -> None:
    threaded = testcases.LiveServerThread._create_server

    def create_server(self: testcases.LiveServerThread, connections_override: Any = None) -> Any:
        if not connections_override:
            return threaded(self, connections_override=connections_override)
        return OneRequestAtATime(
            (self.host, self.port),
            testcases.QuietWSGIRequestHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )

    testcases.LiveServerThread._create_server = create_server  # type: ignore[method-assign]
