"""A real uvicorn server on the loopback interface, for the days that serve a model over HTTP.

`uvicorn_server(app)` starts `uvicorn.Server` in a background thread on a free port of 127.0.0.1,
waits until it accepts connections (the app's startup/lifespan code has run), yields the base URL
("http://127.0.0.1:PORT") and, on leaving the block, asks the server to exit and waits for it: the
app's shutdown code runs and the port is closed again. The socket is bound here (port 0, the OS
picks a free one) and handed to uvicorn, so two tests never race for the same port.

A server that cannot start (the app's startup raised, the app string does not import) fails
with RuntimeError naming the cause, instead of a test hanging on a port nobody listens on.
Nothing here reaches beyond the machine: only loopback addresses are accepted.
"""
from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from typing import Any, Iterator

LOOPBACK = ("127.0.0.1", "::1", "localhost")


class _Collect(logging.Handler):
    """Keeps the server's error log lines, to name the cause when startup fails."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f" {type(exc).__name__}: {exc}"
        self.lines.append(text.strip())


@contextlib.contextmanager
def uvicorn_server(app: Any, *, host: str = "127.0.0.1", timeout: float = 20,
                   log_level: str = "warning", **config: Any) -> Iterator[str]:
    """Run `app` (an ASGI app, or an import string "module:attr") on a real uvicorn server.

    Args:
        app: the ASGI application (a FastAPI app) or its import string.
        host: a loopback address ("127.0.0.1" by default, "::1" for IPv6).
        timeout: seconds to wait for the server to start, and again for it to stop.
        log_level: uvicorn's log level (quiet by default; access lines are off).
        **config: further `uvicorn.Config` keywords (e.g. `limit_concurrency`).

    Yields:
        the base URL, e.g. "http://127.0.0.1:51234" (IPv6: "http://[::1]:51234").

    Raises:
        ValueError: host is not a loopback address.
        RuntimeError: the server did not start (the cause is in the message) or did not stop in time.
    """
    import uvicorn

    if host not in LOOPBACK:
        raise ValueError(f"uvicorn_server serves on loopback only (127.0.0.1 or ::1), got host={host!r}")
    if host == "localhost":
        host = "127.0.0.1"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, 0))
    except OSError:
        sock.close()
        raise
    port = sock.getsockname()[1]
    url = f"http://[{host}]:{port}" if family == socket.AF_INET6 else f"http://{host}:{port}"

    config.setdefault("access_log", False)
    config.setdefault("timeout_graceful_shutdown", max(1, int(timeout / 2)))
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level, **config))
    errors = _Collect()
    loggers = [logging.getLogger(name) for name in ("uvicorn.error",)]
    for logger in loggers:
        logger.addHandler(errors)
    failure: list[BaseException] = []

    def run():
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # SystemExit on startup failure, or the app failed to import
            failure.append(exc)

    thread = threading.Thread(target=run, name=f"uvicorn-{port}", daemon=True)
    try:
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                timed_out = thread.is_alive()
                server.should_exit = True
                thread.join(timeout)
                cause = "; ".join(errors.lines[-3:]) or (
                    f"{type(failure[0]).__name__}: {failure[0]}" if failure else "no error was logged")
                reason = (f"it did not start within {timeout} s" if timed_out
                          else "it stopped during startup")
                raise RuntimeError(f"the uvicorn server for {app!r} on {url} did not start: {reason} ({cause})")
            time.sleep(0.01)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(5)
        for logger in loggers:
            logger.removeHandler(errors)
        sock.close()
    if thread.is_alive():
        raise RuntimeError(f"the uvicorn server on {url} did not stop within {timeout} s")
