"""Pinned, checksummed datasets (pooch) and typed loaders.

data/registry.json is the one source of truth. Each registered file has one checksum and any of
these sources, tried in this order:
  1. the cache (KATAS_DATA_DIR, default data/cache), re-verified;
  2. the mirror: KATAS_DATA_MIRROR, a folder laid out like the cache or a base URL (offline labs, CI);
  3. its download URLs ("url", then "mirrors"): files as published, fetched and checked by pooch;
  4. "derive": built by a deterministic builder (BUILDERS, run as a pooch processor) from another
     registered file, e.g. a canonical archive verified by its md5; the result is then verified by
     its own content sha256, and a build that does not reproduce it fails loudly.
A file that fails its checksum is deleted, never cached; a build writes to a temporary file first.
Some data exists as different files (CIFAR-10 as the mirror's JPEG pack or the official python
archive): the registry's "alternatives" list them, and a loader takes the first one available
locally (cache or mirror), else the first one it can download.

`make data` fetches what the days need ("default" files and alternatives) but leaves downloads over
LARGE_BYTES to `make data-full`, which fetches every registered file; both show a progress bar.

    from katalib import datasets
    df = datasets.load_titanic()                  # pandas DataFrame, Kaggle columns
    X, y = datasets.load_mnist("train")           # uint8 arrays (60000, 28, 28), (60000,)
    X, y, classes = datasets.load_cifar10("test") # uint8 (10000, 32, 32, 3), int64 (10000,), 10 names
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
LARGE_BYTES = 50_000_000  # downloads above this wait for `make data-full` (a loader fetches them on demand)


class DatasetError(RuntimeError):
    """A dataset could not be fetched or failed its checksum."""


@cache
def _registry_json() -> dict:
    return json.loads(REGISTRY.read_text(encoding="utf-8"))


def registry() -> dict[str, dict]:
    """Registered files: path in the cache/mirror -> entry (name, hash, bytes, url, mirrors, derive, ...)."""
    return _registry_json()["datasets"]


def alternatives() -> dict[str, dict]:
    """Data available as different files: key -> {"name", "files" (preferred first), "default"}."""
    return _registry_json().get("alternatives", {})


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


def _entry(file: str) -> dict:
    entries = registry()
    if file not in entries:
        raise DatasetError(f"{file!r} is not in {REGISTRY.relative_to(days.ROOT)}; registered: {', '.join(sorted(entries))}")
    return entries[file]


def _hash_ok(path: Path, known_hash: str) -> bool:
    import pooch

    algorithm, _, digest = known_hash.partition(":")
    return path.is_file() and pooch.file_hash(str(path), alg=algorithm) == digest.lower()


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


# ---------------------------------------------------------------- derived files

def _build_gunzip(source: Path, out: Path) -> None:
    """The uncompressed content of a .gz file (e.g. MNIST's canonical train-images-idx3-ubyte.gz)."""
    with gzip.open(source, "rb") as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def _build_aclimdb_csv(source: Path, out: Path) -> None:
    """The IMDB CSV of data/README.md from the official aclImdb_v1.tar.gz: one row per labelled review
    file aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt (the 'unsup' reviews are left out); columns
    split, sentiment (positive|negative), id, rating, review (the file's UTF-8 text, verbatim); rows
    sorted by split (train first), sentiment (negative first), id; Python csv, minimal quoting, LF."""
    import csv
    import re
    import tarfile

    pattern = re.compile(r"^(?:\./)?aclImdb/(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
    rows = []
    with tarfile.open(source, "r:gz") as tar:
        for member in tar:
            match = pattern.match(member.name)
            if match and member.isfile():
                split, label, review_id, rating = match.groups()
                text = tar.extractfile(member).read().decode("utf-8")
                rows.append((split, "positive" if label == "pos" else "negative", int(review_id), int(rating), text))
    if not rows:
        raise DatasetError(f"{source.name} holds no aclImdb/{{train,test}}/{{pos,neg}}/<id>_<rating>.txt files")
    rows.sort(key=lambda row: (row[0] != "train", row[1], row[2]))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("split", "sentiment", "id", "rating", "review"))
        writer.writerows(rows)


BUILDERS = {"gunzip": _build_gunzip, "aclimdb_csv": _build_aclimdb_csv}


class _Build:
    """A pooch processor: build `file` from the verified source file pooch hands over, then check the
    result's own checksum. A result that does not match is deleted and is a loud error (re-downloading
    the same verified archive cannot fix it)."""

    def __init__(self, file: str, entry: dict):
        self.file, self.entry = file, entry

    def __call__(self, fname, action=None, pup=None) -> str:
        import pooch

        target = cache_dir() / self.file
        if _hash_ok(target, self.entry["hash"]):
            return str(target)
        derive = self.entry["derive"]
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.part-{os.getpid()}")
        try:
            try:
                BUILDERS[derive["build"]](Path(fname), partial)
            except DatasetError:
                raise
            except Exception as exc:
                raise DatasetError(f"building {self.file!r} from {derive['from']!r} failed: {type(exc).__name__}: {exc}") from exc
            algorithm, _, expected = self.entry["hash"].partition(":")
            got = pooch.file_hash(str(partial), alg=algorithm)
            if got != expected.lower():
                error = DatasetError(
                    f"Built {self.file!r} ({self.entry['name']}) from {derive['from']!r} (which passed its own "
                    f"checksum), but the result does not match the registry:\n  expected {algorithm} {expected}\n"
                    f"  built    {algorithm} {got}\nThe build was deleted: this is not the registered data. "
                    "Report it to the course maintainers (the archive or the builder changed); meanwhile "
                    "KATAS_DATA_MIRROR can point to a folder holding the verified file.")
                error.fatal = True
                raise error
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return str(target)


# ---------------------------------------------------------------- fetching

class _Attempts:
    def __init__(self):
        self.errors: list[str] = []
        self.deferred: list[str] = []  # large downloads left for `make data-full`


def _get(file: str, online: bool, attempts: _Attempts, progress: bool, large: bool, processor=None) -> Path | None:
    """One stage of fetching `file`: local (cache, mirror, local builds) or online (URLs, online builds)."""
    import pooch

    entry = _entry(file)
    target_dir = cache_dir() / Path(file).parent
    cached = target_dir / Path(file).name
    if not online and _hash_ok(cached, entry["hash"]):
        return Path(processor(str(cached), "fetch", None)) if processor else cached
    if online:
        urls = [u for u in (entry.get("url"), *entry.get("mirrors", [])) if u]
        if urls and not large and entry.get("bytes", 0) > LARGE_BYTES:
            attempts.deferred.append(f"{file} ({_mb(entry['bytes'])})")
            attempts.errors.append(f"{file}: a {_mb(entry['bytes'])} download, left for `make data-full`")
            urls = []
    else:
        urls = _mirror_candidates(file)
    for url in urls:
        try:
            path = pooch.retrieve(
                url, known_hash=entry["hash"], fname=cached.name, path=target_dir, processor=processor,
                downloader=_downloader(url, progress), progressbar=progress if "://" in url else False,
            )
            return Path(path)
        except DatasetError as exc:
            if getattr(exc, "fatal", False):
                raise
            attempts.errors.append(f"{url}: {exc}")
        except ValueError as exc:  # pooch: checksum mismatch; the bad download is already deleted
            attempts.errors.append(f"{url}: checksum mismatch, file rejected ({exc})")
        except Exception as exc:  # network down, 404, truncated transfer, missing mirror file
            attempts.errors.append(f"{url}: {type(exc).__name__}: {exc}")
        if cached.exists() and not _hash_ok(cached, entry["hash"]):  # never leave an unverified file behind
            cached.unlink()
    if "derive" in entry:
        return _get(entry["derive"]["from"], online, attempts, progress, large, processor=_Build(file, entry))
    return None


def _sources(file: str) -> list[str]:
    """Where `file` can come from, in words, for error messages."""
    entry = _entry(file)
    lines = [f"mirror: {c}" for c in _mirror_candidates(file)] or [f"mirror: KATAS_DATA_MIRROR/{file} (KATAS_DATA_MIRROR is not set)"]
    lines += [f"download: {u}" for u in (entry.get("url"), *entry.get("mirrors", [])) if u]
    if "derive" in entry:
        source = entry["derive"]["from"]
        lines += [f"built ({entry['derive']['build']}) from {source}, whose sources are:"]
        lines += ["  " + line for line in _sources(source)]
    return lines


def _needs_full(file: str) -> bool:
    entry = _entry(file)
    if "derive" in entry:
        return _needs_full(entry["derive"]["from"])
    return entry.get("bytes", 0) > LARGE_BYTES and bool(entry.get("url"))


def _unavailable(what: str, files: list[str], attempts: _Attempts) -> DatasetError:
    if len(files) == 1:
        sources = "\n".join(f"    {line}" for line in _sources(files[0]))
    else:
        sources = "\n".join(f"    {line}" for f in files for line in [f"{f}:", *("  " + s for s in _sources(f))])
    tried = "\n".join(f"    {e}" for e in attempts.errors) or "    (nothing)"
    make = "make data-full" if any(_needs_full(f) for f in files) else "make data"
    return DatasetError(
        f"Could not get dataset {what}.\n  sources:\n{sources}\n  tried:\n{tried}\n"
        f"Fix it one of two ways: run `{make}` once while online (it fills {cache_dir()}), "
        f"or set KATAS_DATA_MIRROR to a folder or URL holding the files, laid out like {cache_dir()} "
        f"(e.g. the dataset folder your instructor hands out: KATAS_DATA_MIRROR=/path/to/ml-katas-datasets)."
    )


def fetch(file: str, *, progress: bool = False, large: bool = True) -> Path:
    """The local path of a registered file, verified: from the cache, the mirror, a download or a build.
    large=False leaves downloads over LARGE_BYTES out (`make data`)."""
    entry = _entry(file)
    attempts = _Attempts()
    path = _get(file, False, attempts, progress, large) or _get(file, True, attempts, progress, large)
    if path is None:
        error = _unavailable(f"{file!r} ({entry['name']})", [file], attempts)
        error.deferred = attempts.deferred
        raise error
    return path


def fetch_any(key: str, *, progress: bool = False, large: bool = True) -> tuple[str, Path]:
    """(file, path) of the first available file of an "alternatives" group: local copies first
    (cache, mirror, local builds), then downloads, each in the registry's order of preference."""
    group = alternatives()[key]
    attempts = _Attempts()
    for online in (False, True):
        for file in group["files"]:
            path = _get(file, online, attempts, progress, large)
            if path is not None:
                return file, path
    error = _unavailable(f"{group['name']} (any of: {', '.join(group['files'])})", group["files"], attempts)
    error.deferred = attempts.deferred
    raise error


def fetch_all(full: bool = False) -> int:
    """`make data`: what the days need (default files and alternatives groups), leaving downloads over
    LARGE_BYTES out; `make data-full`: every registered file. Returns the exit status."""
    grouped = {f for g in alternatives().values() for f in g["files"]}
    failed = later = 0

    def report(label: str, call):
        nonlocal failed, later
        try:
            file, path = call()
            print(f"ok       {label if label == file else f'{label}: {file}'} -> {path}", flush=True)
            return True
        except DatasetError as exc:
            if getattr(exc, "deferred", None) and not full:
                later += 1
                print(f"later    {label}: needs a large download ({', '.join(exc.deferred)}): run `make data-full`", flush=True)
            else:
                failed += 1
                print(f"FAILED   {exc}", flush=True)
            return False

    for file, entry in registry().items():
        if file not in grouped and (entry.get("default") or full):
            report(file, lambda file=file: (file, fetch(file, progress=True, large=full)))
    for key, group in alternatives().items():
        if not (group.get("default") or full):
            continue
        if not full:
            report(group["name"], lambda key=key: fetch_any(key, progress=True, large=False))
            continue
        got = []  # data-full: every file of the group that any source can give
        for file in group["files"]:
            try:
                fetch(file, progress=True)
                got.append(file)
            except DatasetError as exc:
                if getattr(exc, "fatal", False):
                    failed += 1
                    print(f"FAILED   {exc}", flush=True)
                else:
                    print(f"n/a      {file}: none of its sources is reachable (an alternative may be)", flush=True)
        if got:
            print(f"ok       {group['name']}: {', '.join(got)}", flush=True)
        else:
            report(group["name"], lambda key=key: fetch_any(key, progress=True, large=True))
    if later:
        print(f"{later} data set(s) need large downloads: `make data-full` fetches them (or set KATAS_DATA_MIRROR).")
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


def _jpeg_32x32_rgb(blob: bytes, decode_fast) -> "np.ndarray":
    """Decode one 32x32 RGB baseline JPEG with Pillow. The pack's 10,000 images all have that shape, so
    Pillow's JPEG decoder is run straight into a 32x32 image (3x faster than Image.open, whose header
    parsing dominates for tiny files); anything else, or any surprise, takes the ordinary Image.open."""
    import io

    import numpy as np
    from PIL import Image

    sof = blob.find(b"\xff\xc0")
    if decode_fast is not None and sof > 0 and blob[sof + 5: sof + 10] == b"\x00\x20\x00\x20\x03":  # 32 x 32, 3 channels
        try:
            image = Image.new("RGB", (32, 32))
            decoder = decode_fast()
            decoder.setimage(image.im, (0, 0, 32, 32))
            consumed, status = decoder.decode(blob)
            decoder.cleanup()
            if consumed < 0 and status >= 0:
                return np.asarray(image)
        except Exception:  # a Pillow without this internal API: fall through to the public one
            pass
    with Image.open(io.BytesIO(blob), formats=("JPEG",)) as image:
        image = image if image.mode == "RGB" else image.convert("RGB")
        if image.size != (32, 32):
            raise DatasetError(f"a CIFAR-10 JPEG of size {image.size}, expected 32x32")
        return np.asarray(image)


def _cifar10_from_jpeg_zip(path: Path):
    """(images, labels) from a verified JPEG pack of <split>/<class>/<NNNN>.jpg entries, in path order."""
    import io
    import zipfile

    import numpy as np
    from PIL import Image

    def decode_fast():
        return Image._getdecoder("RGB", "jpeg", ("RGB", ""))

    try:
        decode_fast()
    except Exception:
        decode_fast = None
    raw = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        entries = sorted((i for i in zf.infolist() if i.filename.endswith(".jpg")), key=lambda i: i.filename)
        images = np.empty((len(entries), 32, 32, 3), dtype=np.uint8)
        labels = np.empty(len(entries), dtype=np.int64)
        for k, info in enumerate(entries):
            offset = info.header_offset
            if info.compress_type == zipfile.ZIP_STORED and raw[offset: offset + 4] == b"PK\x03\x04":
                start = offset + 30 + int.from_bytes(raw[offset + 26: offset + 28], "little") \
                    + int.from_bytes(raw[offset + 28: offset + 30], "little")
                blob = raw[start: start + info.compress_size]  # slicing the stored bytes: 4x faster than zf.read
            else:
                blob = zf.read(info)
            images[k] = _jpeg_32x32_rgb(blob, decode_fast)
            labels[k] = CIFAR10_CLASSES.index(info.filename.split("/")[-2])
    return images, labels


def _cifar10_from_python_archive(path: Path, split: str):
    """The official arrays from cifar-10-python.tar.gz (pickled batches; checksum-verified archive)."""
    import pickle
    import tarfile

    import numpy as np

    wanted = ["test_batch"] if split == "test" else [f"data_batch_{i}" for i in range(1, 6)]
    batches = {}
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            name = member.name.rsplit("/", 1)[-1]
            if member.isfile() and name in (*wanted, "batches.meta"):
                batches[name] = pickle.load(tar.extractfile(member), encoding="bytes")
    missing = [n for n in (*wanted, "batches.meta") if n not in batches]
    if missing:
        raise DatasetError(f"{path.name} lacks {', '.join(missing)}: not the CIFAR-10 python archive")
    data = np.concatenate([np.asarray(batches[n][b"data"], dtype=np.uint8) for n in wanted])
    labels = np.concatenate([np.asarray(batches[n][b"labels"], dtype=np.int64) for n in wanted])
    images = np.ascontiguousarray(data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))  # rows: R, G, B planes
    classes = tuple(c.decode() for c in batches["batches.meta"][b"label_names"])
    if classes != CIFAR10_CLASSES:
        raise DatasetError(f"{path.name}: unexpected class names {classes}")
    return images, labels


def load_cifar10(split: str = "test"):
    """CIFAR-10 as (images, labels, classes).

    images: uint8 (n, 32, 32, 3) RGB; labels: int64 (n,) in 0-9, the official label order;
    classes: the tuple of the 10 class names (classes[label]). n = 50,000 (train) or 10,000 (test).

    Two verified sources (registry "alternatives"), the first one available locally is used, else
    the first one that can be downloaded:
    - the mirror's JPEG pack `cifar10/cifar10_jpeg_{split}.zip` (sha256), decoded with Pillow, in the
      pack's path order: grouped by class, so shuffle before training. These are the real CIFAR-10
      images, but JPEG compression makes pixel values differ slightly from the official arrays
      (accuracies are comparable, not identical);
    - online, the official `cifar10/cifar-10-python.tar.gz` (md5, 170 MB, `make data-full`): the
      exact official arrays in the official order (data_batch_1..5, test_batch).
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    file, path = fetch_any(f"cifar10-{split}")
    if file.endswith(".zip"):
        images, labels = _cifar10_from_jpeg_zip(path)
    else:
        images, labels = _cifar10_from_python_archive(path, split)
    return images, labels, CIFAR10_CLASSES


def load_imdb():
    """The 50,000 labelled IMDB reviews: columns split, sentiment, id, rating, review.

    From the mirror's `imdb/imdb_reviews.csv.gz`, or online built from the official
    aclImdb_v1.tar.gz (md5, 84 MB) into `imdb/imdb_reviews.csv`, verified by its sha256; both hold
    the same bytes once uncompressed.
    """
    import pandas as pd

    _, path = fetch_any("imdb")
    return pd.read_csv(path)


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
