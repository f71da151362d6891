"""Day 35 — Serving a model: a safe model file, a FastAPI app, a Dockerfile and a recorded curl demo.

The model is a penguin-species classifier (softmax regression on the four body measurements of
the real Palmer penguins data). Provided: `SoftmaxModel` (weights + names, `predict_proba`) and
`train_model`. You write the rest. Heavy libraries (fastapi, pydantic, safetensors, sklearn,
httpx) are imported inside the functions that need them.
"""
import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
MAX_INSTANCES = 64            # more instances in one request: 422
MAX_BODY_BYTES = 16 * 1024    # a larger request body: 413
MODEL_PATH_ENV = "MODEL_PATH"  # create_app() reads the model path from here when none is given


# ---------------------------------------------------------------- provided: the model

@dataclass
class SoftmaxModel:
    """A trained softmax-regression classifier (provided).

    Attributes:
        mean, scale: float64 (n_features,), the standardisation (x - mean) / scale.
        weights: float64 (n_features, n_classes); bias: float64 (n_classes,).
        classes: the class names, in column order of predict_proba.
        features: the feature names, in column order of X.
        version: a free-form model version string.
    """
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    classes: tuple
    features: tuple = FEATURES
    version: str = "1"
    metadata: dict = field(default_factory=dict)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, float64 (n, n_classes); rows sum to 1 (a numerically stable softmax)."""
        X = np.asarray(X, dtype=np.float64)
        logits = ((X - self.mean) / self.scale) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X) -> list:
        """The most probable class name for every row of X."""
        return [self.classes[i] for i in self.predict_proba(X).argmax(axis=1)]


def train_model(frame, seed: int = 0) -> SoftmaxModel:
    """Fit a standardised multinomial logistic regression on the penguins frame (provided).

    Rows with a missing measurement are dropped. Returns a SoftmaxModel.
    """
    from sklearn.linear_model import LogisticRegression

    data = frame.dropna(subset=list(FEATURES) + ["species"])
    X = data[list(FEATURES)].to_numpy(dtype=np.float64)
    y = data["species"].to_numpy()
    mean, scale = X.mean(axis=0), X.std(axis=0)
    clf = LogisticRegression(C=1.0, max_iter=1000, random_state=seed).fit((X - mean) / scale, y)
    return SoftmaxModel(mean=mean, scale=scale, weights=clf.coef_.T.astype(np.float64).copy(),
                        bias=clf.intercept_.astype(np.float64).copy(), classes=tuple(str(c) for c in clf.classes_),
                        version="penguins-logreg-1")


# ---------------------------------------------------------------- Task 1: a safe model file

def save_model(model: SoftmaxModel, path) -> Path:
    """Write `model` to `path` as a safetensors file.

    The four arrays (mean, scale, weights, bias) are tensors; classes, features and version go in
    the file's string metadata (JSON-encoded). No pickle anywhere.

    Returns:
        the Path written.
    """
    # BEGIN SOLUTION (task 1) safetensors.numpy.save_file(tensors, path, metadata={...: str})
    from safetensors.numpy import save_file

    path = Path(path)
    tensors = {name: np.ascontiguousarray(getattr(model, name), dtype=np.float64)
               for name in ("mean", "scale", "weights", "bias")}
    metadata = {"classes": json.dumps(list(model.classes)), "features": json.dumps(list(model.features)),
                "version": str(model.version)}
    save_file(tensors, str(path), metadata=metadata)
    return path
    # END SOLUTION


def load_model(path) -> SoftmaxModel:
    """Read a model written by `save_model` (no unpickling: safetensors only).

    Raises:
        FileNotFoundError: no file at `path`.
    """
    # BEGIN SOLUTION (task 1) safetensors.safe_open(path, framework="np"): .keys(), .get_tensor(), .metadata()
    from safetensors import safe_open

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {path}")
    with safe_open(str(path), framework="np") as f:
        tensors = {name: f.get_tensor(name) for name in f.keys()}
        meta = f.metadata() or {}
    return SoftmaxModel(mean=tensors["mean"], scale=tensors["scale"], weights=tensors["weights"],
                        bias=tensors["bias"], classes=tuple(json.loads(meta["classes"])),
                        features=tuple(json.loads(meta["features"])), version=meta.get("version", ""))
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: request and response schemas

def make_schemas():
    """The pydantic models of the API, returned as a namespace with four classes:

    - `Penguin`: the four measurements (FEATURES), each a finite float > 0; unknown fields rejected.
    - `PredictRequest`: `instances`, a list of 1 to MAX_INSTANCES `Penguin`s.
    - `Prediction`: `species` (str) and `probabilities` (dict class name -> float).
    - `PredictResponse`: `predictions` (list of `Prediction`, one per instance, same order) and
      `model_version` (str).
    """
    # BEGIN SOLUTION (task 2) pydantic BaseModel + Field(gt=0, allow_inf_nan=False), ConfigDict(extra="forbid"), Field(min_length=, max_length=)
    from types import SimpleNamespace

    from pydantic import BaseModel, ConfigDict, Field

    class Penguin(BaseModel):
        model_config = ConfigDict(extra="forbid")
        bill_length_mm: float = Field(gt=0, allow_inf_nan=False, examples=[39.1])
        bill_depth_mm: float = Field(gt=0, allow_inf_nan=False, examples=[18.7])
        flipper_length_mm: float = Field(gt=0, allow_inf_nan=False, examples=[181.0])
        body_mass_g: float = Field(gt=0, allow_inf_nan=False, examples=[3750.0])

    class PredictRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        instances: list[Penguin] = Field(min_length=1, max_length=MAX_INSTANCES)

    class Prediction(BaseModel):
        species: str
        probabilities: dict[str, float]

    class PredictResponse(BaseModel):
        predictions: list[Prediction]
        model_version: str

    return SimpleNamespace(Penguin=Penguin, PredictRequest=PredictRequest, Prediction=Prediction,
                           PredictResponse=PredictResponse)
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: the app

def create_app(model_path=None, *, max_body_bytes: int = MAX_BODY_BYTES):
    """The FastAPI app.

    Args:
        model_path: the safetensors file; None reads it from the MODEL_PATH environment variable
            (this is how the Docker image's command starts it: `uvicorn serving:create_app --factory`).
        max_body_bytes: a request body larger than this gets 413 (also when it comes chunked,
            without a Content-Length header).

    The model is loaded once, at startup (a lifespan handler), never per request; a missing file
    makes startup fail. Routes: `GET /health` -> {"status": "ok", "model_version": ...};
    `POST /predict` (PredictRequest -> PredictResponse). Bad input gets 422 with the pydantic error
    details, never a 500.
    """
    # BEGIN SOLUTION (task 3) FastAPI(lifespan=..., max_body_size=...), the model in app.state, an exception handler for RequestValidationError
    from contextlib import asynccontextmanager

    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    S = make_schemas()
    if model_path is None:
        model_path = os.environ.get(MODEL_PATH_ENV, "model.safetensors")

    @asynccontextmanager
    async def lifespan(app):
        app.state.model = load_model(model_path)
        yield

    app = FastAPI(title="Penguin species", version="1.0", lifespan=lifespan, max_body_size=max_body_bytes)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        # FastAPI's default handler echoes the input back; a NaN or Infinity in it cannot be
        # written as JSON and the 422 would become a 500. Keep where, what and why.
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": detail})

    @app.get("/health")
    def health(request: Request) -> dict:
        return {"status": "ok", "model_version": request.app.state.model.version}

    @app.post("/predict", response_model=S.PredictResponse)
    def predict(body: S.PredictRequest, request: Request):
        model = request.app.state.model
        X = np.array([[getattr(p, name) for name in model.features] for p in body.instances], dtype=np.float64)
        proba = model.predict_proba(X)
        predictions = [{"species": model.classes[int(row.argmax())],
                        "probabilities": {c: float(p) for c, p in zip(model.classes, row)}} for row in proba]
        return {"predictions": predictions, "model_version": model.version}

    return app
    # END SOLUTION




# ---------------------------------------------------------------- Task 4: the Docker build context

def write_build_context(folder, model_path) -> Path:
    """Write a Docker build context into `folder` and return the Dockerfile's path.

    The folder gets: this module (serving.py), the model file (model.safetensors), a
    requirements.txt with pinned versions of what the server needs, and a Dockerfile that passes
    hadolint: a pinned slim Python base image, `pip install --no-cache-dir -r requirements.txt`,
    a non-root user, EXPOSE 8000, and an exec-form CMD that starts
    `uvicorn serving:create_app --factory --host 0.0.0.0 --port 8000`.
    """
    # BEGIN SOLUTION (task 4) shutil.copy(__file__ and the model), then write requirements.txt and the Dockerfile text
    import shutil
    from importlib.metadata import version

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(__file__), folder / "serving.py")
    shutil.copy(Path(model_path), folder / "model.safetensors")
    pins = [f"{name}=={version(name)}" for name in ("fastapi", "uvicorn", "pydantic", "numpy", "safetensors")]
    (folder / "requirements.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    dockerfile = folder / "Dockerfile"
    dockerfile.write_text(
        "# Penguin species API: docker build -t penguins-api . && docker run -p 8000:8000 penguins-api\n"
        "FROM python:3.11.10-slim\n"
        "WORKDIR /app\n"
        "COPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
        "COPY serving.py model.safetensors ./\n"
        "RUN useradd --create-home --uid 10001 app\n"
        "USER app\n"
        "ENV MODEL_PATH=/app/model.safetensors\n"
        "EXPOSE 8000\n"
        'CMD ["uvicorn", "serving:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]\n',
        encoding="utf-8")
    return dockerfile
    # END SOLUTION


# ---------------------------------------------------------------- Task 5: the curl demo, recorded

def record_curl_demo(base_url: str, cast_path, good: dict, bad: dict) -> Path:
    """Record a real terminal session of curl against the running server as an asciinema cast.

    The session shows, each command printed before it runs (`$ curl ...`):
    1. `GET {base_url}/health`;
    2. `POST {base_url}/predict` with the JSON body `good`, answered 200;
    3. `POST {base_url}/predict` with the JSON body `bad`, answered 422,
    and after each response body a line `HTTP <status code>` (curl's `-w`).

    Recorded with `python -m asciinema rec --command <script> <cast_path>` (asciicast v2).
    Returns the cast's Path.
    """
    # BEGIN SOLUTION (task 5) build a shell script of echo + curl -s -w lines; subprocess.run([sys.executable, "-m", "asciinema", "rec", ...])
    cast_path = Path(cast_path)
    lines = []
    for method, route, body in (("GET", "/health", None), ("POST", "/predict", good), ("POST", "/predict", bad)):
        cmd = ["curl", "-s", "-w", r"\nHTTP %{http_code}\n", "-X", method]
        if body is not None:
            cmd += ["-H", "Content-Type: application/json", "-d", json.dumps(body)]
        cmd.append(f"{base_url}{route}")
        text = shlex.join(cmd)
        lines += [f"echo {shlex.quote('$ ' + text)}", text]
    env = dict(os.environ, ASCIINEMA_CONFIG_HOME=str(cast_path.parent / ".asciinema"))
    subprocess.run([sys.executable, "-m", "asciinema", "rec", "--quiet", "--overwrite",
                    "--command", "\n".join(lines), str(cast_path)],
                   stdin=subprocess.DEVNULL, env=env, check=True, timeout=60)
    return cast_path
    # END SOLUTION


# ---------------------------------------------------------------- Task 6 (stretch): latency under load

def load_test(base_url: str, payload: dict, n_requests: int = 50, concurrency: int = 8) -> dict:
    """Send `n_requests` POST /predict requests with `payload`, `concurrency` at a time.

    Returns:
        {"n": n_requests, "errors": number of responses that were not 200 (or failed),
         "p50_ms": median latency, "p95_ms": 95th percentile latency, "rps": requests per second}
    """
    # BEGIN SOLUTION (task 6) a ThreadPoolExecutor of httpx.post calls, time.perf_counter around each; np.percentile
    import time
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def one(_):
        start = time.perf_counter()
        try:
            ok = httpx.post(f"{base_url}/predict", json=payload, timeout=30).status_code == 200
        except httpx.HTTPError:
            ok = False
        return time.perf_counter() - start, ok

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(n_requests)))
    total = time.perf_counter() - start
    latencies = np.array([t for t, _ in results]) * 1000
    return {"n": n_requests, "errors": sum(not ok for _, ok in results),
            "p50_ms": float(np.percentile(latencies, 50)), "p95_ms": float(np.percentile(latencies, 95)),
            "rps": n_requests / total}
    # END SOLUTION
