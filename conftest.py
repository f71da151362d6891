"""Shared fixtures of ml-katas: seeds, output folders and the real datasets.

Offline settings are set here (not in CI env), so every way of running the tests gets them.
Datasets are read once per session and every test gets its own copy: a learner who mutates a
frame cannot break another test. Missing data is an error with instructions, never a skip.
"""
import os
import shutil
from pathlib import Path

for _key, _value in {
    "MPLBACKEND": "Agg",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "WANDB_MODE": "offline",
    "WANDB_SILENT": "true",
    "TOKENIZERS_PARALLELISM": "false",
    "DVC_NO_ANALYTICS": "1",
    # One thread per test process: `make test` runs two xdist workers on two cores, and two threads
    # each oversubscribe the machine (3-10x slower, and less reproducible). Set before numpy/torch load.
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}.items():
    os.environ.setdefault(_key, _value)

import pytest  # noqa: E402

from katalib import datasets, days  # noqa: E402

pytest_plugins = ["katalib.plugin"]

SEED = 20241124


@pytest.fixture
def seed() -> int:
    """The seed every random source of a test uses."""
    return SEED


@pytest.fixture
def rng(seed):
    import numpy as np

    return np.random.default_rng(seed)


@pytest.fixture
def torch(seed):
    """The torch module, seeded with `seed` and limited to one thread (imported only by tests that ask)."""
    import torch as _torch

    _torch.set_num_threads(1)
    _torch.manual_seed(seed)
    return _torch


@pytest.fixture
def outdir(request, tmp_path):
    """A fresh, empty folder for a test's deliverables. After a run on the learner's own code the
    files are also copied to out/<dayNN>/ so they can be looked at and committed (KATAS_OUT_DIR: copy
    them to <KATAS_OUT_DIR>/<dayNN>/ instead, whoever's code ran)."""
    folder = tmp_path / "out"
    folder.mkdir()
    yield folder
    day = days.day_of_path(request.path)
    keep = os.environ.get("KATAS_OUT_DIR") or (
        days.ROOT / "out" if os.environ.get("KATAS_TARGET", "katas") == "katas" else None)
    if day is not None and keep and any(folder.iterdir()):
        shutil.copytree(folder, Path(keep) / day.id, dirs_exist_ok=True)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened (without importing matplotlib for tests that never did)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _copy(value):
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    if isinstance(value, (str, bytes, int, float, bool, type(None))):  # immutable: nothing to protect
        return value
    return value.copy()


def _dataset_fixture(name, loader, *args):
    @pytest.fixture(scope="session", name=f"_{name}_original")
    def original():
        return loader(*args)

    @pytest.fixture(name=name)
    def fresh(request):
        return _copy(request.getfixturevalue(f"_{name}_original"))

    fresh.__doc__ = f"A fresh copy of {loader.__name__}{args or ''} (katalib.datasets)."
    return original, fresh


_DATASETS = {
    "titanic": (datasets.load_titanic, "train"),
    "titanic_test": (datasets.load_titanic, "test"),
    "california_housing": (datasets.load_california_housing,),
    "house_prices": (datasets.load_house_prices, "train"),
    "house_prices_test": (datasets.load_house_prices, "test"),
    "mall_customers": (datasets.load_mall_customers,),
    "telco_churn": (datasets.load_telco_churn,),
    "iris": (datasets.load_iris,),
    "mnist_test": (datasets.load_mnist, "test"),
    "mnist_train": (datasets.load_mnist, "train"),
    "cifar10_train": (datasets.load_cifar10, "train"),
    "cifar10_test": (datasets.load_cifar10, "test"),
    "imdb": (datasets.load_imdb,),
    "kddcup99": (datasets.load_kddcup99,),
    "tips": (datasets.load_seaborn, "tips"),
    "penguins": (datasets.load_seaborn, "penguins"),
    "diamonds": (datasets.load_seaborn, "diamonds"),
    "mpg": (datasets.load_seaborn, "mpg"),
    "flights": (datasets.load_seaborn, "flights"),
}
for _name, (_loader, *_args) in _DATASETS.items():
    globals()[f"_{_name}_original"], globals()[_name] = _dataset_fixture(_name, _loader, *_args)
