"""Day 35 — Serving a model: safetensors file, pydantic schemas, FastAPI app (422/413, never 500),
a real uvicorn server, a hadolint-clean Dockerfile whose command really starts the app, the curl demo cast."""
import asyncio
import contextlib
import json
import os
import pickle
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from katalib import kata
from katalib.serve import uvicorn_server

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
ADELIE = {"bill_length_mm": 39.1, "bill_depth_mm": 18.7, "flipper_length_mm": 181.0, "body_mass_g": 3750.0}
GENTOO = {"bill_length_mm": 47.5, "bill_depth_mm": 15.0, "flipper_length_mm": 218.0, "body_mass_g": 4950.0}
CHINSTRAP = {"bill_length_mm": 50.0, "bill_depth_mm": 19.5, "flipper_length_mm": 196.0, "body_mass_g": 3900.0}
GOOD = {"instances": [GENTOO, ADELIE, CHINSTRAP]}   # not in class order, three different answers


@pytest.fixture(scope="module")
def serving():
    return kata.load("day35", "serving")


@pytest.fixture(scope="module")
def model(serving):
    from katalib import datasets

    return serving.train_model(datasets.load_seaborn("penguins"), seed=0)


@pytest.fixture
def model_file(serving, model, tmp_path):
    path = tmp_path / "penguins.safetensors"
    serving.save_model(model, path)
    assert path.is_file(), f"save_model(model, {path.name!r}) wrote no file at that path"
    return path


def _expected(model, instances):
    X = np.array([[p[f] for f in model.features] for p in instances], dtype=float)
    return model.predict(X), model.predict_proba(X)


@contextlib.contextmanager
def _no_unpickling():
    """pickle, joblib and torch.load raise while the learner's code loads the model."""
    def banned(*args, **kwargs):
        raise AssertionError("the model was unpickled (pickle/joblib/torch.load): load it from the safetensors file")

    patches = [(pickle, "load"), (pickle, "loads"), (pickle, "Unpickler")]
    for mod_name, attr in (("joblib", "load"), ("torch", "load"), ("skops.io", "load")):
        if mod_name in sys.modules:
            patches.append((sys.modules[mod_name], attr))
    with pytest.MonkeyPatch.context() as mp:
        for mod, attr in patches:
            mp.setattr(mod, attr, banned)
        yield


def _client(serving, path, **kwargs):
    from fastapi.testclient import TestClient

    with _no_unpickling():
        app = serving.create_app(path, **kwargs)
    return TestClient(app, raise_server_exceptions=False)


# ---------------------------------------------------------------- Task 1: the safe model file

def _safetensors_header(path):
    raw = Path(path).read_bytes()
    assert len(raw) > 8, f"{Path(path).name} is {len(raw)} bytes: not a safetensors file"
    (n,) = struct.unpack("<Q", raw[:8])
    try:
        assert 0 < n <= len(raw) - 8
        return json.loads(raw[8:8 + n])
    except (AssertionError, ValueError):
        head = raw[:2]
        pickled = " (it starts like a pickle)" if head[:1] == b"\x80" else ""
        pytest.fail(f"save_model wrote a file that is not safetensors{pickled}: use safetensors.numpy.save_file",
                    pytrace=False)


@pytest.mark.task(1)
def test_save_model_writes_a_safetensors_file_with_the_four_arrays(serving, model, model_file):
    header = _safetensors_header(model_file)
    names = {k for k in header if k != "__metadata__"}
    assert names == {"mean", "scale", "weights", "bias"}, (
        f"the safetensors file holds the tensors {sorted(names)}, expected mean, scale, weights and bias")
    from safetensors.numpy import load_file

    arrays = load_file(str(model_file))
    for name in ("mean", "scale", "weights", "bias"):
        np.testing.assert_array_equal(arrays[name], getattr(model, name), err_msg=f"tensor {name!r} differs from model.{name}")
    meta = header.get("__metadata__") or {}
    assert {"classes", "features", "version"} <= set(meta), (
        f"the file's metadata has keys {sorted(meta)}, expected classes, features and version (JSON strings)")
    assert json.loads(meta["classes"]) == list(model.classes), f"metadata classes = {meta['classes']!r}"
    assert json.loads(meta["features"]) == list(model.features), f"metadata features = {meta['features']!r}"


@pytest.mark.task(1)
def test_load_model_round_trips_an_unusual_model_without_unpickling(serving, tmp_path, rng):
    original = serving.SoftmaxModel(
        mean=rng.normal(size=4), scale=rng.uniform(1, 3, size=4), weights=rng.normal(size=(4, 3)),
        bias=rng.normal(size=3), classes=("Gentoo", "Adelie", "Chinstrap"),
        features=("flipper_length_mm", "bill_length_mm", "body_mass_g", "bill_depth_mm"), version="v7-test")
    path = tmp_path / "weights.bin"   # the extension should not matter
    serving.save_model(original, path)
    with _no_unpickling():
        loaded = serving.load_model(path)
    assert isinstance(loaded, serving.SoftmaxModel), f"load_model returned {type(loaded).__name__}, expected SoftmaxModel"
    assert tuple(loaded.classes) == original.classes, f"classes came back as {loaded.classes}, expected {original.classes} (order kept)"
    assert tuple(loaded.features) == original.features, f"features came back as {loaded.features}"
    assert loaded.version == "v7-test", f"version came back as {loaded.version!r}"
    X = rng.normal(size=(6, 4)) * 10 + 40
    np.testing.assert_array_equal(loaded.predict_proba(X), original.predict_proba(X),
                                  err_msg="the loaded model predicts differently from the saved one")


@pytest.mark.task(1)
def test_load_model_of_a_missing_file_raises_file_not_found(serving, tmp_path):
    with pytest.raises(FileNotFoundError):
        serving.load_model(tmp_path / "nope.safetensors")


# ---------------------------------------------------------------- Task 2: schemas

def _schemas(serving):
    S = serving.make_schemas()
    for name in ("Penguin", "PredictRequest", "Prediction", "PredictResponse"):
        assert hasattr(S, name), f"make_schemas() has no {name!r}; return a namespace with the four classes"
    return S


def _with(**change):
    p = dict(ADELIE)
    p.update(change)
    return {"instances": [p]}


BAD_BODIES = [
    pytest.param(_with(bill_length_mm=-1.0), id="negative"),
    pytest.param(_with(flipper_length_mm=0.0), id="zero"),
    pytest.param(_with(body_mass_g=float("nan")), id="nan"),
    pytest.param(_with(body_mass_g=float("inf")), id="infinity"),
    pytest.param(_with(bill_depth_mm="deep"), id="a-word"),
    pytest.param({"instances": [{k: v for k, v in ADELIE.items() if k != "body_mass_g"}]}, id="missing-field"),
    pytest.param(_with(island="Dream"), id="unknown-field"),
    pytest.param({"instances": []}, id="no-instances"),
    pytest.param({"instances": [ADELIE] * 65}, id="65-instances"),
    pytest.param({"penguins": [ADELIE]}, id="wrong-key"),
]


@pytest.mark.task(2)
@pytest.mark.parametrize("body", BAD_BODIES)
def test_predict_request_rejects_bad_input(serving, body):
    from pydantic import ValidationError

    S = _schemas(serving)
    with pytest.raises(ValidationError):
        S.PredictRequest.model_validate(body)


@pytest.mark.task(2)
def test_predict_request_accepts_valid_batches_up_to_the_limit(serving):
    S = _schemas(serving)
    assert serving.MAX_INSTANCES == 64
    request = S.PredictRequest.model_validate({"instances": [ADELIE, {**GENTOO, "body_mass_g": 5000}] * 32})
    assert len(request.instances) == 64
    assert request.instances[1].body_mass_g == 5000.0
    S.PredictResponse.model_validate({"predictions": [{"species": "Adelie", "probabilities": {"Adelie": 1.0}}],
                                      "model_version": "1"})


# ---------------------------------------------------------------- Task 3: the app

@pytest.mark.task(3)
def test_health_and_predict_answer_with_the_models_predictions(serving, model, model_file):
    species, proba = _expected(model, GOOD["instances"])
    with _client(serving, model_file) as client:
        health = client.get("/health")
        assert health.status_code == 200, f"GET /health -> {health.status_code} {health.text[:200]}"
        assert health.json().get("status") == "ok", f"GET /health returned {health.json()}, expected status 'ok'"
        r = client.post("/predict", json=GOOD)
    assert r.status_code == 200, f"POST /predict with three valid penguins -> {r.status_code}: {r.text[:300]}"
    body = r.json()
    assert body.get("model_version") == model.version, f"model_version {body.get('model_version')!r}, expected {model.version!r}"
    preds = body.get("predictions")
    assert isinstance(preds, list) and len(preds) == 3, f"expected 3 predictions (one per instance), got {preds!r}"
    got = [p["species"] for p in preds]
    assert got == species, f"POST /predict said {got}, the model says {species} (same order as the instances)"
    for p, row in zip(preds, proba):
        expected = dict(zip(model.classes, row))
        assert set(p["probabilities"]) == set(model.classes), f"probabilities keys {sorted(p['probabilities'])}"
        for c in model.classes:
            assert p["probabilities"][c] == pytest.approx(expected[c], abs=1e-9), (
                f"P({c}) = {p['probabilities'][c]}, expected {expected[c]}")
    assert len(set(got)) == 3


@pytest.mark.task(3)
@pytest.mark.parametrize("raw", [
    pytest.param(json.dumps(_with(bill_length_mm=-5.0)).encode(), id="negative"),
    pytest.param(b'{"instances": [{"bill_length_mm": NaN, "bill_depth_mm": 18.7, "flipper_length_mm": 181, "body_mass_g": 3750}]}', id="NaN-literal"),
    pytest.param(b'{"instances": [{"bill_length_mm": 1e999, "bill_depth_mm": 18.7, "flipper_length_mm": 181, "body_mass_g": 3750}]}', id="overflow-to-infinity"),
    pytest.param(b'{"instances": [{"bill_length_mm": 39', id="truncated-json"),
    pytest.param(b"[1, 2, 3]", id="a-list"),
    pytest.param(b"null", id="null"),
    pytest.param(b"", id="empty-body"),
    pytest.param(json.dumps(_with(bill_depth_mm="deep")).encode(), id="a-word"),
    pytest.param(json.dumps({"instances": [ADELIE] * 65}).encode(), id="too-many-instances"),
])
def test_bad_input_gets_422_with_a_useful_message_never_500(serving, model_file, raw):
    with _client(serving, model_file) as client:
        r = client.post("/predict", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code != 500, (
        f"POST /predict with {raw[:80]!r} crashed the server (500): {r.text[:300]}. FastAPI's default 422 "
        "echoes the input back, and NaN/Infinity cannot be written as JSON: add a RequestValidationError handler")
    assert r.status_code == 422, f"POST /predict with {raw[:80]!r} -> {r.status_code}, expected 422: {r.text[:300]}"
    detail = r.json().get("detail")
    assert detail, f"the 422 response should say what is wrong in 'detail', got {r.text[:300]}"


@pytest.mark.task(3)
def test_the_422_message_names_the_bad_field(serving, model_file):
    with _client(serving, model_file) as client:
        r = client.post("/predict", json=_with(flipper_length_mm=-181.0))
    assert r.status_code == 422
    assert "flipper_length_mm" in r.text, f"the 422 body should name the field that is wrong: {r.text[:300]}"


@pytest.mark.task(3)
def test_an_oversized_body_gets_413(serving, model_file):
    big = json.dumps({"instances": [ADELIE] * 60, "padding": "x" * 20_000}).encode()
    with _client(serving, model_file, max_body_bytes=4096) as client:
        r = client.post("/predict", content=big, headers={"Content-Type": "application/json"})
        ok = client.post("/predict", json=GOOD)
    assert r.status_code == 413, f"a {len(big)}-byte body with max_body_bytes=4096 -> {r.status_code}, expected 413"
    assert ok.status_code == 200, f"a small valid body after the big one -> {ok.status_code}"


@pytest.mark.task(3)
def test_an_oversized_chunked_body_without_content_length_gets_413(serving, model_file):
    def chunks():
        yield b'{"instances": ['
        for _ in range(200):
            yield (json.dumps(ADELIE) + ",").encode()
        yield json.dumps(ADELIE).encode() + b"]}"

    with _client(serving, model_file, max_body_bytes=4096) as client:
        r = client.post("/predict", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413, (
        f"a chunked body of ~20 kB (no Content-Length header) with max_body_bytes=4096 -> {r.status_code}, "
        "expected 413: count the bytes as they arrive, not only the declared length")


@pytest.mark.task(3)
def test_model_is_loaded_once_at_startup(serving, model, model_file):
    client = _client(serving, model_file)
    with _no_unpickling(), client:
        moved = model_file.with_suffix(".moved")
        model_file.rename(moved)   # gone before the first request: only a model loaded at startup still answers
        codes = [client.post("/predict", json=GOOD).status_code for _ in range(3)]
        health = client.get("/health").status_code
    assert codes == [200] * 3 and health == 200, (
        f"with the model file removed after startup, POST /predict -> {codes}, GET /health -> {health}: "
        "load the model once when the app starts (a lifespan handler), not per request")


@pytest.mark.task(3)
def test_a_missing_model_file_makes_startup_fail(serving, tmp_path):
    from fastapi.testclient import TestClient

    with pytest.raises(Exception) as info:
        with TestClient(serving.create_app(tmp_path / "missing.safetensors")):
            pass
    assert not isinstance(info.value, NotImplementedError), str(info.value)


@pytest.mark.task(3)
def test_create_app_reads_the_model_path_from_the_environment(serving, model_file, monkeypatch):
    monkeypatch.setenv("MODEL_PATH", str(model_file))
    with _client(serving, None) as client:
        r = client.get("/health")
    assert r.status_code == 200, f"create_app() with MODEL_PATH set -> GET /health {r.status_code}"


def _resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


@pytest.mark.task(3)
def test_openapi_schema_describes_the_api(serving, model_file):
    with _client(serving, model_file) as client:
        r = client.get("/openapi.json")
    assert r.status_code == 200, f"GET /openapi.json -> {r.status_code}"
    spec = r.json()
    assert "get" in spec["paths"].get("/health", {}), f"no GET /health in the schema: {sorted(spec['paths'])}"
    post = spec["paths"].get("/predict", {}).get("post")
    assert post, f"no POST /predict in the schema: {sorted(spec['paths'])}"
    body = _resolve(spec, post["requestBody"]["content"]["application/json"]["schema"])
    items = _resolve(spec, body["properties"]["instances"]["items"])
    assert body["properties"]["instances"].get("maxItems") == 64, "instances should declare maxItems 64 in the schema"
    assert set(items["properties"]) == set(FEATURES), f"a Penguin's properties are {sorted(items['properties'])}"
    assert set(items.get("required", [])) == set(FEATURES), "all four measurements should be required"
    for f in FEATURES:
        assert items["properties"][f].get("exclusiveMinimum") == 0, f"{f} should be declared > 0 (Field(gt=0))"
    ok = _resolve(spec, post["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"predictions", "model_version"} <= set(ok.get("properties", {})), (
        f"the 200 response schema has {sorted(ok.get('properties', {}))}: declare response_model=PredictResponse")


# ---------------------------------------------------------------- Task 3: a real uvicorn server

class _Recorder:
    """ASGI wrapper: records every HTTP request (method, path, user agent, status) and the peak in flight."""

    def __init__(self, app, delay=0.0):
        self.app, self.delay, self.seen, self.inflight, self.peak = app, delay, [], 0, 0
        self.lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        entry = {"method": scope["method"], "path": scope["path"],
                 "agent": headers.get(b"user-agent", b"").decode(), "status": None}
        with self.lock:
            self.inflight += 1
            self.peak = max(self.peak, self.inflight)

        async def tracked(message):
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            await send(message)

        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            await self.app(scope, receive, tracked)
        finally:
            with self.lock:
                self.inflight -= 1
                self.seen.append(entry)


@pytest.mark.task(3)
@pytest.mark.timeout(90)
def test_a_real_uvicorn_server_answers_concurrent_requests(serving, model, model_file):
    import httpx
    from concurrent.futures import ThreadPoolExecutor

    species, _ = _expected(model, GOOD["instances"])
    with _no_unpickling():
        app = serving.create_app(model_file, max_body_bytes=4096)
    with uvicorn_server(app) as url:
        with ThreadPoolExecutor(8) as pool:
            responses = list(pool.map(lambda _: httpx.post(f"{url}/predict", json=GOOD, timeout=30), range(24)))
        big = httpx.post(f"{url}/predict", content=b"{" + b" " * 10_000 + b"}", timeout=30,
                         headers={"Content-Type": "application/json"})
        bad = httpx.post(f"{url}/predict", json=_with(body_mass_g=-1), timeout=30)
    codes = [r.status_code for r in responses]
    assert codes == [200] * 24, f"24 concurrent POST /predict on a real server -> {codes}"
    assert all([p["species"] for p in r.json()["predictions"]] == species for r in responses)
    assert big.status_code == 413, f"an oversized body over the wire -> {big.status_code}, expected 413"
    assert bad.status_code == 422, f"a negative mass over the wire -> {bad.status_code}, expected 422"


# ---------------------------------------------------------------- Task 4: the Docker build context

def _tool(name):
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"`{name}` is not installed: run `make setup` (it comes with the pinned requirements)"
    return found


def _instructions(text):
    """(INSTRUCTION, arguments) per Dockerfile line, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


@pytest.fixture
def build_context(serving, model_file, outdir):
    dockerfile = serving.write_build_context(outdir / "image", model_file)
    dockerfile = Path(dockerfile)
    assert dockerfile == outdir / "image" / "Dockerfile", f"write_build_context returned {dockerfile}, expected <folder>/Dockerfile"
    return dockerfile


@pytest.mark.task(4)
def test_dockerfile_passes_hadolint(build_context):
    result = subprocess.run([_tool("hadolint"), "--no-color", "--failure-threshold", "warning", str(build_context)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"hadolint found problems in the Dockerfile:\n{result.stdout}{result.stderr}"


@pytest.mark.task(4)
def test_dockerfile_is_a_sound_image_recipe(build_context):
    folder = build_context.parent
    steps = _instructions(build_context.read_text(encoding="utf-8"))
    words = [w for w, _ in steps]
    assert words and words[0] in ("FROM", "ARG"), f"a Dockerfile starts with FROM, got {words[:1]}"
    base = next(a for w, a in steps if w == "FROM").split()[0]
    assert ":" in base and not base.endswith(":latest") and "python" in base, (
        f"FROM {base}: use a pinned Python image tag (e.g. python:3.11-slim), never latest or no tag")
    for w, a in steps:
        if w in ("COPY", "ADD"):
            parts = json.loads(a) if a.startswith("[") else a.split()
            for src in [p for p in parts if not p.startswith("--")][:-1]:
                assert (folder / src).exists() or src == ".", (
                    f"`{w} {a}` copies {src!r}, which is not in the build context {sorted(p.name for p in folder.iterdir())}")
    users = [a for w, a in steps if w == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "run the server as a non-root USER"
    assert any(w == "EXPOSE" and "8000" in a.split() for w, a in steps), "EXPOSE 8000"
    cmd = [a for w, a in steps if w in ("CMD", "ENTRYPOINT")]
    assert cmd and cmd[-1].startswith("["), "the CMD should be in exec form: CMD [\"uvicorn\", ...]"
    assert (folder / "serving.py").is_file() and (folder / "model.safetensors").is_file(), (
        f"the build context should hold serving.py and model.safetensors, it has {sorted(p.name for p in folder.iterdir())}")
    reqs = [l.strip() for l in (folder / "requirements.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    names = {re.split(r"[=<>~!\[ ]", l)[0].lower() for l in reqs}
    assert {"fastapi", "uvicorn", "safetensors", "numpy"} <= names, f"requirements.txt lists {sorted(names)}"
    unpinned = [l for l in reqs if "==" not in l]
    assert not unpinned, f"pin every requirement with == (reproducible image): {unpinned}"


def _free_port():
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.task(4)
@pytest.mark.timeout(90)
def test_the_images_command_starts_a_working_server(build_context, tmp_path):
    import httpx

    steps = _instructions(build_context.read_text(encoding="utf-8"))
    cmd = json.loads([a for w, a in steps if w in ("CMD", "ENTRYPOINT")][-1])
    assert "uvicorn" in Path(cmd[0]).name or cmd[:3] == ["python", "-m", "uvicorn"], f"the CMD should run uvicorn: {cmd}"
    args = cmd[3:] if cmd[:3] == ["python", "-m", "uvicorn"] else cmd[1:]
    assert "--host" in args and args[args.index("--host") + 1] == "0.0.0.0", (
        f"in a container the server must listen on 0.0.0.0 (--host 0.0.0.0), CMD is {cmd}")
    port = _free_port()   # here: run the same command on loopback and a free port, from the build context
    args[args.index("--host") + 1] = "127.0.0.1"
    if "--port" in args:
        args[args.index("--port") + 1] = str(port)
    else:
        args += ["--port", str(port)]
    env = {**os.environ, "MODEL_PATH": str(build_context.parent / "model.safetensors")}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", *args], cwd=build_context.parent, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        url, deadline, health = f"http://127.0.0.1:{port}", time.monotonic() + 45, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"{url}/health", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        output = lambda: (tmp_path / "server.log").read_text()[-1500:]  # noqa: E731
        assert health is not None, f"`{' '.join(cmd)}` (run from the build context) never answered:\n{output()}"
        assert health.status_code == 200, f"GET /health -> {health.status_code}"
        r = httpx.post(f"{url}/predict", json=GOOD, timeout=10)
        assert r.status_code == 200, f"POST /predict on the image's command -> {r.status_code}: {r.text[:300]}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


# ---------------------------------------------------------------- Task 5: the recorded curl demo

def _read_cast(path):
    path = Path(path)
    assert path.is_file(), f"record_curl_demo did not write {path.name}"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines, f"{path.name} is empty"
    header = json.loads(lines[0])
    assert isinstance(header, dict) and header.get("version") == 2, (
        f"the first line of an asciicast v2 file is a header with version 2, got {lines[0][:120]!r}")
    assert header.get("width") and header.get("height"), "the cast header has no terminal width/height"
    events = [json.loads(l) for l in lines[1:] if l.strip()]
    assert events, "the cast holds no events: nothing was recorded"
    times = [e[0] for e in events]
    assert all(isinstance(e, list) and len(e) == 3 and isinstance(e[0], (int, float)) for e in events)
    assert times == sorted(times), "event times in a cast never go backwards"
    return "".join(e[2] for e in events if e[1] == "o").replace("\r\n", "\n")


def _json_objects(text):
    decoder, found = json.JSONDecoder(), []
    for i, ch in enumerate(text):
        if ch == "{":
            try:
                obj, _ = decoder.raw_decode(text, i)
            except ValueError:
                continue
            if isinstance(obj, dict):
                found.append(obj)
    return found


@pytest.mark.task(5)
@pytest.mark.timeout(90)
def test_curl_demo_is_a_real_recorded_session(serving, model, model_file, outdir):
    _tool("asciinema")
    assert shutil.which("curl"), "curl is not installed (apt-get install curl)"
    species, _ = _expected(model, GOOD["instances"])
    bad = _with(body_mass_g=-3750.0)
    with _no_unpickling():
        recorder = _Recorder(serving.create_app(model_file))
    with uvicorn_server(recorder) as url:
        cast = serving.record_curl_demo(url, outdir / "demo.cast", GOOD, bad)
    output = _read_cast(Path(cast))
    curl_calls = [e for e in recorder.seen if e["agent"].startswith("curl/")]
    got = [(e["method"], e["path"], e["status"]) for e in curl_calls]
    for want in [("GET", "/health", 200), ("POST", "/predict", 200), ("POST", "/predict", 422)]:
        assert want in got, f"the server saw these curl requests {got}; missing {want}: record real curl calls"
    assert len(re.findall(r"^\$ curl ", output, flags=re.M)) >= 3, (
        f"print each command before it runs ('$ curl ...'); the recorded output was:\n{output[:1500]}")
    objects = _json_objects(output)
    assert any(o.get("status") == "ok" for o in objects), f"the /health answer is not in the recording:\n{output[:1500]}"
    preds = [o for o in objects if "predictions" in o]
    assert preds, f"no /predict answer in the recording:\n{output[:1500]}"
    assert [p["species"] for p in preds[0]["predictions"]] == species, (
        f"the recorded prediction {preds[0]} does not match the model ({species})")
    assert any("detail" in o for o in objects), "the 422 answer (with its detail) is not in the recording"
    codes = re.findall(r"^HTTP (\d{3})\s*$", output, flags=re.M)
    assert codes[:3] == ["200", "200", "422"], f"after each body a line 'HTTP <code>' (curl -w); found {codes}"


# ---------------------------------------------------------------- Task 6 (stretch): latency under load

@pytest.mark.task(6)
@pytest.mark.stretch
@pytest.mark.timeout(90)
def test_load_test_measures_latency_of_real_concurrent_requests(serving, model_file):
    with _no_unpickling():
        recorder = _Recorder(serving.create_app(model_file), delay=0.05)
    with uvicorn_server(recorder) as url:
        stats = serving.load_test(url, GOOD, n_requests=24, concurrency=6)
        failing = serving.load_test(url, _with(body_mass_g=-1), n_requests=5, concurrency=2)
    posts = [e for e in recorder.seen if e["method"] == "POST" and e["path"] == "/predict"]
    assert len(posts) == 29, f"the server saw {len(posts)} POST /predict, expected 24 + 5"
    assert {"n", "errors", "p50_ms", "p95_ms", "rps"} <= set(stats), f"load_test returned keys {sorted(stats)}"
    assert stats["n"] == 24 and stats["errors"] == 0, f"load_test -> {stats}"
    assert failing["errors"] == 5, f"5 requests answered 422 should count as 5 errors, got {failing}"
    assert recorder.peak >= 3, f"at most {recorder.peak} requests were in flight at once: send them concurrently"
    assert 50 <= stats["p50_ms"] <= stats["p95_ms"] < 10_000, (
        f"every request took at least 50 ms on this server, p50 <= p95: got p50={stats['p50_ms']}, p95={stats['p95_ms']} (milliseconds?)")
    assert stats["rps"] > 0
