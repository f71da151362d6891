"""katalib.serve.uvicorn_server: a real server on loopback, started, used, stopped (ports, lifespan, failures)."""
import contextlib
import socket
import threading
import time

import pytest

from katalib.serve import uvicorn_server


def _app(events):
    from contextlib import asynccontextmanager

    from fastapi import FastAPI

    @asynccontextmanager
    async def lifespan(app):
        events.append("startup")
        app.state.loaded = "model"
        yield
        events.append("shutdown")

    app = FastAPI(lifespan=lifespan)

    @app.get("/ping")
    def ping():
        return {"pong": True, "thread": threading.current_thread().name}

    @app.get("/state")
    def state():
        return {"loaded": app.state.loaded}

    return app


def _refused(url: str) -> bool:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    with contextlib.closing(socket.socket()) as s:
        s.settimeout(2)
        return s.connect_ex((host, int(port))) != 0


def test_server_answers_on_a_free_loopback_port_and_runs_lifespan_once():
    import httpx

    events = []
    with uvicorn_server(_app(events)) as url:
        assert url.startswith("http://127.0.0.1:"), url
        assert events == ["startup"], "startup must have run before the URL is handed out"
        r = httpx.get(f"{url}/ping", timeout=5)
        assert r.status_code == 200 and r.json()["pong"] is True
        assert httpx.get(f"{url}/state", timeout=5).json() == {"loaded": "model"}
    assert events == ["startup", "shutdown"], events
    assert _refused(url), f"{url} still accepts connections after the block"


def test_two_servers_run_side_by_side_on_different_ports():
    import httpx

    with uvicorn_server(_app([])) as a, uvicorn_server(_app([])) as b:
        assert a != b
        assert httpx.get(f"{a}/ping", timeout=5).status_code == 200
        assert httpx.get(f"{b}/ping", timeout=5).status_code == 200


def test_concurrent_requests_are_all_answered():
    import httpx
    from concurrent.futures import ThreadPoolExecutor

    with uvicorn_server(_app([])) as url:
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: httpx.get(f"{url}/ping", timeout=10).status_code, range(32)))
    assert codes == [200] * 32


def test_server_stops_when_the_block_raises():
    events = []
    with pytest.raises(KeyError):
        with uvicorn_server(_app(events)) as url:
            raise KeyError("boom")
    assert events == ["startup", "shutdown"]
    assert _refused(url)


def test_startup_failure_is_a_runtime_error_naming_the_cause():
    from contextlib import asynccontextmanager

    from fastapi import FastAPI

    @asynccontextmanager
    async def lifespan(app):
        raise FileNotFoundError("model.safetensors is missing")
        yield

    start = time.monotonic()
    with pytest.raises(RuntimeError, match="did not start") as info:
        with uvicorn_server(FastAPI(lifespan=lifespan), timeout=10):
            pass
    assert "model.safetensors is missing" in str(info.value), str(info.value)
    assert time.monotonic() - start < 8, "a failed startup should be reported at once, not after the timeout"


def test_an_import_string_that_does_not_import_fails_clearly():
    with pytest.raises(RuntimeError, match="did not start"):
        with uvicorn_server("no_such_module_xyz:app", timeout=10):
            pass


def test_only_loopback_hosts_are_accepted():
    with pytest.raises(ValueError, match="loopback"):
        with uvicorn_server(_app([]), host="0.0.0.0"):
            pass
