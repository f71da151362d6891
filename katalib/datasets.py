"""Pinned, checksummed datasets (pooch) and typed loaders.

Every file is named in data/registry.json with its checksum and a canonical URL pinned to a commit.
A file is fetched once into the cache (KATAS_DATA_DIR, default data/cache) and checked on the way
in: a download whose checksum does not match is deleted, never cached. KATAS_DATA_MIRROR (a folder
laid out like the cache, or a base URL) is tried before the canonical URL.

    from katalib import datasets
    df = datasets.load_titanic()          # pandas DataFrame, Kaggle columns
    X, y = datasets.load_mnist("test")    # uint8 arrays (10000, 28, 28), (10000,)
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
from functools import cache
from pathlib import Path

from katalib import days

REGISTRY = days.ROOT / "data" / "registry.json"


class DatasetError(RuntimeError):
    """A dataset could not be fetched or failed its checksum."""


@cache
def registry() -> dict[str, dict]:
    return json.loads(REGISTRY.read_text(encoding="utf-8"))["datasets"]


def cache_dir() -> Path:
    env = os.environ.get("KATAS_DATA_DIR")
    return Path(env).expanduser().resolve() if env else days.ROOT / "data" / "cache"


def _mirror_candidates(file: str) -> list[str]:
    mirror = os.environ.get("KATAS_DATA_MIRROR", "").strip()
    if not mirror:
        return []
    if "://" in mirror and not mirror.startswith("file://"):
        return [mirror.rstrip("/") + "/" + file]
    folder = Path(mirror.removeprefix("file://")).expanduser()
    if not folder.is_absolute():
        folder = (days.ROOT / folder).resolve()
    return [str(folder / file)]


def _copy_from_folder(url: str, output_file, pooch_obj) -> None:
    """A pooch downloader for a local mirror folder: copy the file (pooch then checks its hash)."""
    source = Path(url)
    if not source.exists():
        raise FileNotFoundError(f"not in the mirror folder: {source}")
    with open(source, "rb") as src:
        if isinstance(output_file, (str, Path)):
            with open(output_file, "wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
            shutil.copyfileobj(src, output_file)


def _downloader(url: str, progress: bool):
    import pooch

    if "://" not in url:
        return _copy_from_folder
    return pooch.HTTPDownloader(progressbar=progress, timeout=30)


def fetch(file: str, *, progress: bool = False) -> Path:
    """The local path of a registered file, downloading it (mirror first) if it is not cached yet."""
    import pooch

    entries = registry()
    if file not in entries:
        raise DatasetError(f"{file!r} is not in {REGISTRY.relative_to(days.ROOT)}; registered: {', '.join(sorted(entries))}")
    entry = entries[file]
    target_dir = cache_dir() / Path(file).parent
    fname = Path(file).name
    cached = target_dir / fname
    urls = _mirror_candidates(file) + [u for u in (entry.get("url"), *entry.get("mirrors", [])) if u]
    errors = []
    for url in urls:
        try:
            path = pooch.retrieve(
                url, known_hash=entry["hash"], fname=fname, path=target_dir,
                downloader=_downloader(url, progress), progressbar=progress if "://" in url else False,
            )
            return Path(path)
        except ValueError as exc:  # pooch: checksum mismatch; the bad download is already deleted
            errors.append(f"{url}: checksum mismatch, file rejected ({exc})")
        except Exception as exc:  # network down, 404, truncated transfer, missing mirror file
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
        if cached.exists():  # never leave an unverified file behind
            cached.unlink()
    tried = "\n  ".join(errors)
    raise DatasetError(
        f"Could not get dataset {file!r} ({entry['name']}).\n  canonical URL: {entry.get('url') or 'none (mirror only)'}\n"
        f"  tried:\n  {tried}\n"
        f"Fix it one of two ways: run `make data` once while online (it fills {cache_dir()}), "
        f"or set KATAS_DATA_MIRROR to a folder or URL holding the files (e.g. KATAS_DATA_MIRROR=../shared/datasets)."
    )


def fetch_all(full: bool = False) -> int:
    """`make data` (default set) / `make data-full` (the online-only large files too)."""
    failed = 0
    for file, entry in registry().items():
        if not (entry.get("default") or full):
            continue
        try:
            path = fetch(file, progress=True)
            print(f"ok      {file} -> {path}")
        except DatasetError as exc:
            failed += 1
            print(f"FAILED  {exc}")
    return 1 if failed else 0


# ---------------------------------------------------------------- typed loaders

def _csv(file: str, **kwargs):
    import pandas as pd

    return pd.read_csv(fetch(file), **kwargs)


def load_titanic(split: str = "train"):
    """Kaggle Titanic as a DataFrame (PassengerId, Survived [train only], Pclass, Name, Sex, Age, ...)."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    return _csv(f"titanic/{split}.csv")


def load_california_housing():
    """The Hands-On ML California housing frame: 20,640 districts, 10 columns incl. median_house_value."""
    return _csv("california_housing/housing.csv")


def load_house_prices(split: str = "train"):
    """Kaggle House Prices (Ames): train (1,460 x 81, with SalePrice) or test (1,459 x 80)."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    return _csv(f"house_prices/{split}.csv")


MALL_COLUMNS = {"customer_id": "CustomerID", "gender": "Genre", "age": "Age",
                "annual_income_thousands": "Annual Income (k$)", "spending_score": "Spending Score (1-100)"}


def load_mall_customers():
    """Mall Customers with Kaggle's header (CustomerID, Genre, Age, Annual Income (k$), Spending Score (1-100))."""
    return _csv("mall_customers/Mall_Customers.csv").rename(columns=MALL_COLUMNS)


def load_telco_churn():
    """IBM Telco churn (7,043 x 21); TotalCharges is numeric (NaN for the 11 customers with tenure 0)."""
    import pandas as pd

    df = _csv("telco_churn/Telco-Customer-Churn.csv")
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"].str.strip().replace("", None), errors="coerce")
    return df


def _idx(file: str):
    """An IDX file (gzip-compressed or not) as a uint8 array of its stated shape."""
    import numpy as np

    path = fetch(file)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        data = fh.read()
    magic = int.from_bytes(data[0:4], "big")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims).copy()


def load_mnist(split: str = "test"):
    """MNIST as uint8 arrays: images (n, 28, 28) and labels (n,) in the canonical order.

    split='test': 10,000 images. split='train': the 60,000 training images, from the uncompressed
    IDX file `mnist/train-images-idx3-ubyte` (sha256-verified; in the mirror, or `make data`).
    """
    if split == "test":
        return _idx("mnist/t10k-images-idx3-ubyte.gz"), _idx("mnist/t10k-labels-idx1-ubyte.gz")
    if split == "train":
        return _idx("mnist/train-images-idx3-ubyte"), _idx("mnist/train-labels-idx1-ubyte.gz")
    raise ValueError(f"split must be 'train' or 'test', got {split!r}")


CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")


def _cifar10_from_jpeg_zip(path: Path):
    import io
    import zipfile

    import numpy as np
    from PIL import Image

    raw = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        entries = sorted((i for i in zf.infolist() if i.filename.endswith(".jpg")), key=lambda i: i.filename)
        images = np.empty((len(entries), 32, 32, 3), dtype=np.uint8)
        labels = np.empty(len(entries), dtype=np.int64)
        for k, info in enumerate(entries):
            if info.compress_type == zipfile.ZIP_STORED:  # slice the stored bytes: 4x faster than zf.read
                start = info.header_offset + 30 + int.from_bytes(raw[info.header_offset + 26: info.header_offset + 28], "little") \
                    + int.from_bytes(raw[info.header_offset + 28: info.header_offset + 30], "little")
                blob = raw[start: start + info.compress_size]
            else:
                blob = zf.read(info)
            with Image.open(io.BytesIO(blob), formats=("JPEG",)) as img:
                images[k] = np.asarray(img if img.mode == "RGB" else img.convert("RGB"))
            labels[k] = CIFAR10_CLASSES.index(info.filename.split("/")[-2])
    return images, labels


def load_cifar10(split: str = "test"):
    """CIFAR-10 as (images, labels, classes).

    images: uint8 (n, 32, 32, 3) RGB; labels: int64 (n,) in 0-9, the official label order;
    classes: tuple of the 10 class names, classes[label]. n = 50,000 (train) or 10,000 (test).

    Source: the JPEG pack `cifar10/cifar10_jpeg_{split}.zip` (sha256-verified, from the mirror),
    decoded with Pillow; images come in the pack's path order (grouped by class: shuffle before
    training). These are the real CIFAR-10 images, but JPEG compression makes pixel values differ
    slightly from the official arrays (accuracies are comparable, not identical).
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    images, labels = _cifar10_from_jpeg_zip(fetch(f"cifar10/cifar10_jpeg_{split}.zip"))
    return images, labels, CIFAR10_CLASSES


def load_imdb():
    """The 50,000 labelled IMDB reviews: columns split, sentiment, id, rating, review."""
    return _csv("imdb/imdb_reviews.csv.gz", compression="gzip")


KDD_COLUMNS = (
    "duration protocol_type service flag src_bytes dst_bytes land wrong_fragment urgent hot "
    "num_failed_logins logged_in num_compromised root_shell su_attempted num_root num_file_creations "
    "num_shells num_access_files num_outbound_cmds is_host_login is_guest_login count srv_count "
    "serror_rate srv_serror_rate rerror_rate srv_rerror_rate same_srv_rate diff_srv_rate "
    "srv_diff_host_rate dst_host_count dst_host_srv_count dst_host_same_srv_rate dst_host_diff_srv_rate "
    "dst_host_same_src_port_rate dst_host_srv_diff_host_rate dst_host_serror_rate "
    "dst_host_srv_serror_rate dst_host_rerror_rate dst_host_srv_rerror_rate label"
).split()


def load_kddcup99():
    """KDD Cup 1999 (10 % subset): 494,021 connections, 41 features + label (e.g. 'normal.', 'smurf.')."""
    return _csv("kddcup99/kddcup.data_10_percent.gz", compression="gzip", header=None, names=KDD_COLUMNS)


SEABORN = ("penguins", "tips", "iris", "titanic", "mpg", "diamonds", "flights", "planets", "car_crashes")


def load_seaborn(name: str):
    """One of the pinned seaborn-data CSVs (same as seaborn.load_dataset, without the network)."""
    if name not in SEABORN:
        raise ValueError(f"unknown seaborn dataset {name!r}; registered: {', '.join(SEABORN)}")
    return _csv(f"seaborn/{name}.csv")


def load_iris():
    """Fisher's iris from scikit-learn as a DataFrame: sepal_length, sepal_width, petal_length,
    petal_width (cm) and species ('setosa', 'versicolor', 'virginica')."""
    from sklearn.datasets import load_iris as sk_iris

    bunch = sk_iris(as_frame=True)
    df = bunch.frame.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
    df["species"] = bunch.target_names[df.pop("target").to_numpy()]
    return df
