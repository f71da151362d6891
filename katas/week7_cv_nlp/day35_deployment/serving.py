# day35 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day35 task 1: implement save_model() in katas/week7_cv_nlp/day35_deployment/serving.py — safetensors.numpy.save_file(tensors, path, metadata={...: str}) (README Task 1; `make hint DAY=35`)')


def load_model(path) -> SoftmaxModel:
    """Read a model written by `save_model` (no unpickling: safetensors only).

    Raises:
        FileNotFoundError: no file at `path`.
    """
    raise NotImplementedError('day35 task 1: implement load_model() in katas/week7_cv_nlp/day35_deployment/serving.py — safetensors.safe_open(path, framework="np"): .keys(), .get_tensor(), .metadata() (README Task 1; `make hint DAY=35`)')


# ---------------------------------------------------------------- Task 2: request and response schemas

def make_schemas():
    """The pydantic models of the API, returned as a namespace with four classes:

    - `Penguin`: the four measurements (FEATURES), each a finite float > 0; unknown fields rejected.
    - `PredictRequest`: `instances`, a list of 1 to MAX_INSTANCES `Penguin`s.
    - `Prediction`: `species` (str) and `probabilities` (dict class name -> float).
    - `PredictResponse`: `predictions` (list of `Prediction`, one per instance, same order) and
      `model_version` (str).
    """
    raise NotImplementedError('day35 task 2: implement make_schemas() in katas/week7_cv_nlp/day35_deployment/serving.py — pydantic BaseModel + Field(gt=0, allow_inf_nan=False), ConfigDict(extra="forbid"), Field(min_length=, max_length=) (README Task 2; `make hint DAY=35`)')


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
    raise NotImplementedError('day35 task 3: implement create_app() in katas/week7_cv_nlp/day35_deployment/serving.py — FastAPI(lifespan=..., max_body_size=...), the model in app.state, an exception handler for RequestValidationError (README Task 3; `make hint DAY=35`)')




# ---------------------------------------------------------------- Task 4: the Docker build context

def write_build_context(folder, model_path) -> Path:
    """Write a Docker build context into `folder` and return the Dockerfile's path.

    The folder gets: this module (serving.py), the model file (model.safetensors), a
    requirements.txt with pinned versions of what the server needs, and a Dockerfile that passes
    hadolint: a pinned slim Python base image, `pip install --no-cache-dir -r requirements.txt`,
    a non-root user, EXPOSE 8000, and an exec-form CMD that starts
    `uvicorn serving:create_app --factory --host 0.0.0.0 --port 8000`.
    """
    raise NotImplementedError('day35 task 4: implement write_build_context() in katas/week7_cv_nlp/day35_deployment/serving.py — shutil.copy(__file__ and the model), then write requirements.txt and the Dockerfile text (README Task 4; `make hint DAY=35`)')


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
    raise NotImplementedError('day35 task 5: implement record_curl_demo() in katas/week7_cv_nlp/day35_deployment/serving.py — build a shell script of echo + curl -s -w lines; subprocess.run([sys.executable, "-m", "asciinema", "rec", ...]) (README Task 5; `make hint DAY=35`)')


# ---------------------------------------------------------------- Task 6 (stretch): latency under load

def load_test(base_url: str, payload: dict, n_requests: int = 50, concurrency: int = 8) -> dict:
    """Send `n_requests` POST /predict requests with `payload`, `concurrency` at a time.

    Returns:
        {"n": n_requests, "errors": number of responses that were not 200 (or failed),
         "p50_ms": median latency, "p95_ms": 95th percentile latency, "rps": requests per second}
    """
    raise NotImplementedError('day35 task 6: implement load_test() in katas/week7_cv_nlp/day35_deployment/serving.py — a ThreadPoolExecutor of httpx.post calls, time.perf_counter around each; np.percentile (README Task 6; `make hint DAY=35`)')
