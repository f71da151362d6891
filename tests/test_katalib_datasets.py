"""The dataset layer against a real HTTP server on 127.0.0.1: good, corrupt, missing and truncated files."""
import gzip
import hashlib
import http.server
import threading
from types import SimpleNamespace

import numpy as np
import pytest

from katalib import datasets

GOOD = b"PassengerId,Survived\n1,0\n2,1\n"
GOOD_HASH = "sha256:" + hashlib.sha256(GOOD).hexdigest()


class _Handler(http.server.BaseHTTPRequestHandler):
    log: list = []
    files: dict = {}  # path -> body, served as-is; under /corrupt/ with one byte flipped; under /truncated/ cut short

    def _truncated(self, body):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        self.close_connection = True

    def do_GET(self):  # noqa: N802
        self.log.append(self.path)
        kind, _, rest = self.path.partition("/")[2].partition("/")
        if self.path in self.files:
            body = self.files[self.path]
        elif kind == "corrupt" and "/" + rest in self.files:
            original = self.files["/" + rest]
            middle = len(original) // 2
            body = original[:middle] + bytes([original[middle] ^ 0xFF]) + original[middle + 1:]
        elif kind == "truncated" and "/" + rest in self.files:
            return self._truncated(self.files["/" + rest])
        elif self.path.endswith("/good.csv") or self.path == "/mirror/toy/train.csv":
            body = GOOD
        elif self.path.endswith("/corrupt.csv"):
            body = GOOD.replace(b"1,0", b"1,1")
        elif self.path.endswith("/truncated.csv"):
            return self._truncated(GOOD)
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def registry(monkeypatch, tmp_path, server):
    """A registry of one file served by the local server; the cache in a fresh folder; no mirror."""
    entries = {}

    def register(path_on_server=None, *, url=None):
        entries.clear()
        entries["toy/train.csv"] = {"name": "toy data", "hash": GOOD_HASH, "url": url or f"{server}/{path_on_server}"}
        return "toy/train.csv"

    monkeypatch.setattr(datasets, "registry", lambda: entries)
    monkeypatch.setenv("KATAS_DATA_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KATAS_DATA_MIRROR", raising=False)
    _Handler.log.clear()
    return register


def cached_files(tmp_path):
    root = tmp_path / "cache"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_good_download_is_verified_and_cached(registry, tmp_path):
    path = datasets.fetch(registry("good.csv"))
    assert path.read_bytes() == GOOD
    assert cached_files(tmp_path) == ["toy/train.csv"]


def test_a_cached_file_is_not_downloaded_again(registry, tmp_path):
    file = registry("good.csv")
    datasets.fetch(file)
    datasets.fetch(file)
    assert _Handler.log == ["/good.csv"]


@pytest.mark.parametrize("served, reason", [
    pytest.param("corrupt.csv", "checksum", id="checksum-mismatch"),
    pytest.param("missing.csv", "404", id="not-found"),
    pytest.param("truncated.csv", "", id="truncated-response"),
])
def test_a_bad_download_is_rejected_and_nothing_is_cached(registry, tmp_path, served, reason):
    file = registry(served)
    with pytest.raises(datasets.DatasetError) as err:
        datasets.fetch(file)
    assert reason in str(err.value)
    assert cached_files(tmp_path) == [], "a rejected download must not be left in the cache"


def test_a_corrupted_cache_file_is_replaced_by_a_verified_download(registry, tmp_path):
    file = registry("good.csv")
    broken = tmp_path / "cache" / "toy" / "train.csv"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"garbage")
    assert datasets.fetch(file).read_bytes() == GOOD


def test_offline_without_cache_or_mirror_says_how_to_fix_it(registry):
    import socket

    with socket.socket() as s:  # a port nobody listens on: the "network" is down
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/train.csv"
    with pytest.raises(datasets.DatasetError) as err:
        datasets.fetch(registry(url=dead))
    message = str(err.value)
    for needle in ("toy/train.csv", "toy data", dead, "make data", "KATAS_DATA_MIRROR"):
        assert needle in message, f"the offline error should mention {needle!r}:\n{message}"


def test_a_mirror_url_is_tried_before_the_canonical_url(registry, monkeypatch, server):
    file = registry("missing.csv")  # the canonical URL is gone; the mirror (laid out like the cache) has it
    monkeypatch.setenv("KATAS_DATA_MIRROR", f"{server}/mirror")
    assert datasets.fetch(file).read_bytes() == GOOD
    assert _Handler.log == ["/mirror/toy/train.csv"], f"expected only the mirror to be asked, got {_Handler.log}"


def test_a_mirror_folder_is_used_and_still_checksummed(registry, monkeypatch, tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "train.csv").write_bytes(GOOD)
    monkeypatch.setenv("KATAS_DATA_MIRROR", str(mirror))
    file = registry("missing.csv")
    assert datasets.fetch(file).read_bytes() == GOOD
    assert _Handler.log == [], "the canonical URL should not be needed when the mirror has the file"
    (mirror / "toy" / "train.csv").write_bytes(b"tampered")
    (tmp_path / "cache" / "toy" / "train.csv").unlink()
    with pytest.raises(datasets.DatasetError, match="checksum"):
        datasets.fetch(file)
    assert cached_files(tmp_path) == []


def test_an_unregistered_file_is_a_clear_error():
    with pytest.raises(datasets.DatasetError, match="not in"):
        datasets.fetch("nope/nothing.csv")


# ---------------------------------------------------------------- canonical archives, built here, served on 127.0.0.1
# Small files in the canonical layouts (MNIST IDX .gz, the CIFAR-10 python archive, the aclImdb tarball);
# their checksums are computed here and injected into a test registry, never into the real one.

def _md5(data: bytes) -> str:
    return "md5:" + hashlib.md5(data).hexdigest()


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _idx(array: np.ndarray) -> bytes:
    magic = (0x08 << 8 | array.ndim).to_bytes(4, "big")
    return magic + b"".join(int(n).to_bytes(4, "big") for n in array.shape) + array.astype(np.uint8).tobytes()


def _tar_gz(members: dict[str, bytes]) -> bytes:
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


MNIST_IMAGES = np.random.default_rng(7).integers(0, 256, size=(6, 28, 28), dtype=np.uint8)
MNIST_LABELS = np.array([5, 0, 4, 1, 9, 2], dtype=np.uint8)


def _cifar_batch(rng, n, name):
    import pickle

    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    batch = {b"batch_label": name.encode(), b"labels": [int(v) for v in rng.integers(0, 10, n)], b"data": data,
             b"filenames": [f"img_{i}.png".encode() for i in range(n)]}
    return pickle.dumps(batch, protocol=2), data, batch[b"labels"]


def _cifar_archive():
    """A small cifar-10-python.tar.gz in the real layout: pickled dicts with bytes keys, rows of 3,072
    bytes (the red, green and blue 32x32 planes), plus batches.meta."""
    import pickle

    rng = np.random.default_rng(11)
    members, arrays = {}, {}
    for name, n in [("data_batch_1", 3), ("data_batch_2", 2), ("data_batch_3", 2), ("data_batch_4", 1),
                    ("data_batch_5", 2), ("test_batch", 4)]:
        members[f"cifar-10-batches-py/{name}"], data, labels = _cifar_batch(rng, n, name)
        arrays[name] = (data, labels)
    meta = {b"label_names": [c.encode() for c in datasets.CIFAR10_CLASSES], b"num_cases_per_batch": 10000, b"num_vis": 3072}
    members["cifar-10-batches-py/batches.meta"] = pickle.dumps(meta, protocol=2)
    members["cifar-10-batches-py/readme.html"] = b"<html></html>"
    return _tar_gz(members), arrays


REVIEWS = [  # (split, folder, id, rating, text): ids out of lexical order, quotes, commas, newlines, non-ASCII
    ("train", "pos", 10, 9, 'A "great" film, truly.<br /><br />Loved it'),
    ("train", "pos", 2, 8, "Fine.\nSecond line."),
    ("train", "neg", 0, 1, "Awful; the café scene dragged."),
    ("test", "neg", 3, 2, "Meh,"),
    ("test", "pos", 1, 10, "Bravo"),
    ("test", "neg", 12, 4, ""),
]


def _acl_imdb(reviews) -> bytes:
    members = {"aclImdb/README": b"readme", "aclImdb/imdb.vocab": b"the\n", "aclImdb/train/unsup/0_0.txt": b"unlabelled",
               "aclImdb/train/urls_pos.txt": b"http://example.org\n", "aclImdb/train/labeledBow.feat": b"0 0:1\n"}
    for split, folder, review_id, rating, text in reversed(reviews):  # archive order != CSV order
        members[f"aclImdb/{split}/{folder}/{review_id}_{rating}.txt"] = text.encode("utf-8")
    return _tar_gz(members)


def _imdb_csv(reviews) -> bytes:
    """The CSV the builder must produce, written out by hand: header, rows sorted by split (train
    first), sentiment (negative first), numeric id; a field with a comma, quote or newline is quoted."""
    def field(value):
        value = str(value)
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value

    rows = sorted(reviews, key=lambda r: (r[0] != "train", r[1] != "neg", r[2]))
    lines = ["split,sentiment,id,rating,review"]
    lines += [",".join(field(v) for v in (s, "positive" if f == "pos" else "negative", i, r, t)) for s, f, i, r, t in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def online(monkeypatch, tmp_path, server):
    """A registry shaped like the real one (MNIST train from its .gz, CIFAR-10 and IMDB alternatives), its
    canonical files served by the local server, an empty cache and no mirror. `online.serve(file, how)`
    points a file's URL at good / corrupt / truncated / missing content; `online.entries` is the registry."""
    cifar, cifar_arrays = _cifar_archive()
    acl = _acl_imdb(REVIEWS)
    images_gz, labels_gz = gzip.compress(_idx(MNIST_IMAGES)), gzip.compress(_idx(MNIST_LABELS))
    _Handler.files = {"/mnist/train-images-idx3-ubyte.gz": images_gz, "/mnist/train-labels-idx1-ubyte.gz": labels_gz,
                      "/cifar10/cifar-10-python.tar.gz": cifar, "/imdb/aclImdb_v1.tar.gz": acl}
    entries = {
        "mnist/train-images-idx3-ubyte.gz": {"name": "MNIST training images (60k)", "hash": _md5(images_gz), "bytes": len(images_gz)},
        "mnist/train-images-idx3-ubyte": {"name": "MNIST training images, uncompressed", "hash": _sha256(_idx(MNIST_IMAGES)),
                                          "derive": {"from": "mnist/train-images-idx3-ubyte.gz", "build": "gunzip"}},
        "mnist/train-labels-idx1-ubyte.gz": {"name": "MNIST train labels", "hash": _sha256(labels_gz), "bytes": len(labels_gz)},
        "cifar10/cifar10_jpeg_test.zip": {"name": "CIFAR-10 test JPEG pack", "hash": _sha256(b"not served")},
        "cifar10/cifar10_jpeg_train.zip": {"name": "CIFAR-10 train JPEG pack", "hash": _sha256(b"not served")},
        "cifar10/cifar-10-python.tar.gz": {"name": "CIFAR-10 (python version)", "hash": _md5(cifar), "bytes": len(cifar)},
        "imdb/imdb_reviews.csv.gz": {"name": "IMDB CSV (mirror)", "hash": _sha256(b"not served")},
        "imdb/imdb_reviews.csv": {"name": "IMDB reviews CSV", "hash": _sha256(_imdb_csv(REVIEWS)),
                                  "derive": {"from": "imdb/aclImdb_v1.tar.gz", "build": "aclimdb_csv"}},
        "imdb/aclImdb_v1.tar.gz": {"name": "IMDB original archive", "hash": _md5(acl), "bytes": len(acl)},
    }
    groups = {"cifar10-test": {"name": "CIFAR-10 test split", "files": ["cifar10/cifar10_jpeg_test.zip", "cifar10/cifar-10-python.tar.gz"], "default": True},
              "cifar10-train": {"name": "CIFAR-10 train split", "files": ["cifar10/cifar10_jpeg_train.zip", "cifar10/cifar-10-python.tar.gz"], "default": True},
              "imdb": {"name": "IMDB reviews", "files": ["imdb/imdb_reviews.csv.gz", "imdb/imdb_reviews.csv"], "default": True}}

    def serve(file, how="good"):
        prefix = {"good": "", "corrupt": "/corrupt", "truncated": "/truncated", "missing": "/missing"}[how]
        entries[file]["url"] = f"{server}{prefix}/{file}"

    for file in ("mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz", "cifar10/cifar-10-python.tar.gz", "imdb/aclImdb_v1.tar.gz"):
        serve(file)
    monkeypatch.setattr(datasets, "registry", lambda: entries)
    monkeypatch.setattr(datasets, "alternatives", lambda: groups)
    monkeypatch.setenv("KATAS_DATA_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KATAS_DATA_MIRROR", raising=False)
    _Handler.log.clear()
    yield SimpleNamespace(serve=serve, entries=entries, cifar=cifar_arrays, server=server)
    _Handler.files = {}


def _hwc(rows):
    return rows.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)


def test_online_mnist_train_is_downloaded_md5_checked_decompressed_and_sha256_checked(online, tmp_path):
    images, labels = datasets.load_mnist("train")
    assert images.dtype.name == "uint8" and images.shape == (6, 28, 28)
    np.testing.assert_array_equal(images, MNIST_IMAGES)
    np.testing.assert_array_equal(labels, MNIST_LABELS)
    assert cached_files(tmp_path) == ["mnist/train-images-idx3-ubyte", "mnist/train-images-idx3-ubyte.gz",
                                      "mnist/train-labels-idx1-ubyte.gz"]
    _Handler.log.clear()
    datasets.load_mnist("train")
    assert _Handler.log == [], "a verified cache must not be downloaded again"


def test_online_mnist_a_canonical_gz_with_other_content_fails_loudly_naming_both_checksums(online, tmp_path):
    other = gzip.compress(_idx(MNIST_IMAGES[::-1]))
    _Handler.files["/mnist/train-images-idx3-ubyte.gz"] = other
    online.entries["mnist/train-images-idx3-ubyte.gz"]["hash"] = _md5(other)  # the download itself verifies
    with pytest.raises(datasets.DatasetError) as err:
        datasets.load_mnist("train")
    message = str(err.value)
    expected = online.entries["mnist/train-images-idx3-ubyte"]["hash"].split(":")[1]
    got = hashlib.sha256(_idx(MNIST_IMAGES[::-1])).hexdigest()
    assert expected in message and got in message, message
    assert "mnist/train-images-idx3-ubyte" not in cached_files(tmp_path)
    assert not any(".part" in f for f in cached_files(tmp_path))


def test_online_cifar10_comes_from_the_official_python_archive(online, tmp_path):
    images, labels, classes = datasets.load_cifar10("test")
    data, expected_labels = online.cifar["test_batch"]
    assert images.dtype.name == "uint8" and images.shape == (4, 32, 32, 3)
    np.testing.assert_array_equal(images, _hwc(data))
    assert images[0, 0, 0].tolist() == [data[0, 0], data[0, 1024], data[0, 2048]], "pixel (0, 0) is R, G, B from the three planes"
    assert labels.dtype.name == "int64" and labels.tolist() == expected_labels
    assert classes == datasets.CIFAR10_CLASSES
    train, train_labels, _ = datasets.load_cifar10("train")
    order = [f"data_batch_{i}" for i in range(1, 6)]
    np.testing.assert_array_equal(train, _hwc(np.concatenate([online.cifar[n][0] for n in order])))
    assert train_labels.tolist() == sum((online.cifar[n][1] for n in order), [])
    assert cached_files(tmp_path) == ["cifar10/cifar-10-python.tar.gz"]
    assert _Handler.log.count("/cifar10/cifar-10-python.tar.gz") == 1


def test_online_imdb_is_built_from_the_official_archive_as_the_readme_describes(online, tmp_path):
    df = datasets.load_imdb()
    assert list(df.columns) == ["split", "sentiment", "id", "rating", "review"]
    assert df["id"].tolist() == [0, 2, 10, 3, 12, 1] and df["split"].tolist() == ["train"] * 3 + ["test"] * 3
    assert df.loc[df["id"] == 2, "review"].item() == "Fine.\nSecond line."
    built = tmp_path / "cache" / "imdb" / "imdb_reviews.csv"
    assert built.read_bytes() == _imdb_csv(REVIEWS), "the builder must write exactly the documented CSV"
    assert cached_files(tmp_path) == ["imdb/aclImdb_v1.tar.gz", "imdb/imdb_reviews.csv"]


def test_online_imdb_built_from_other_texts_fails_loudly_naming_both_checksums(online, tmp_path):
    changed = [r if r[2] != 2 else r[:4] + ("Fine.\r\nSecond line.",) for r in REVIEWS]  # one review differs
    acl = _acl_imdb(changed)
    _Handler.files["/imdb/aclImdb_v1.tar.gz"] = acl
    online.entries["imdb/aclImdb_v1.tar.gz"]["hash"] = _md5(acl)
    with pytest.raises(datasets.DatasetError) as err:
        datasets.load_imdb()
    message = str(err.value)
    assert hashlib.sha256(_imdb_csv(REVIEWS)).hexdigest() in message, message
    assert hashlib.sha256(_imdb_csv(changed)).hexdigest() in message, message
    assert cached_files(tmp_path) == ["imdb/aclImdb_v1.tar.gz"], "the wrong build must not stay in the cache"


def test_a_build_that_crashes_leaves_no_partial_file(online, tmp_path):
    acl = _tar_gz({"aclImdb/train/pos/0_9.txt": b"fine", "aclImdb/train/neg/1_2.txt": b"\xff\xfe not UTF-8"})
    _Handler.files["/imdb/aclImdb_v1.tar.gz"] = acl
    online.entries["imdb/aclImdb_v1.tar.gz"]["hash"] = _md5(acl)
    with pytest.raises(datasets.DatasetError, match="building"):
        datasets.load_imdb()
    assert cached_files(tmp_path) == ["imdb/aclImdb_v1.tar.gz"]


LOADERS = {
    "mnist": (lambda: datasets.load_mnist("train"), "mnist/train-images-idx3-ubyte.gz", "MNIST training images"),
    "cifar10": (lambda: datasets.load_cifar10("test"), "cifar10/cifar-10-python.tar.gz", "CIFAR-10 test split"),
    "imdb": (datasets.load_imdb, "imdb/aclImdb_v1.tar.gz", "IMDB reviews"),
}


@pytest.mark.parametrize("how", ["corrupt", "truncated", "missing"])
@pytest.mark.parametrize("dataset", list(LOADERS))
def test_a_bad_canonical_download_is_rejected_and_nothing_stays_in_the_cache(online, tmp_path, dataset, how):
    load, file, name = LOADERS[dataset]
    online.serve(file, how)
    with pytest.raises(datasets.DatasetError) as err:
        load()
    message = str(err.value)
    assert name in message and online.entries[file]["url"] in message, message
    assert {"corrupt": "checksum", "truncated": "", "missing": "404"}[how] in message
    left = [f for f in cached_files(tmp_path) if f != "mnist/train-labels-idx1-ubyte.gz"]  # labels: a good file
    assert left == [], f"a rejected download must not stay in the cache: {left}"


@pytest.mark.parametrize("dataset", list(LOADERS))
def test_offline_with_nothing_cached_names_the_dataset_the_urls_and_the_two_fixes(online, dataset):
    import socket

    load, file, name = LOADERS[dataset]
    with socket.socket() as s:  # a port nobody listens on: the network is down
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/{file}"
    online.entries[file]["url"] = dead
    with pytest.raises(datasets.DatasetError) as err:
        load()
    message = str(err.value)
    for needle in (name, file, dead, "make data", "KATAS_DATA_MIRROR", "Fix it one of two ways"):
        assert needle in message, f"the offline error should mention {needle!r}:\n{message}"


def _jpeg_pack(split: str, images: np.ndarray, labels) -> bytes:
    import io
    import zipfile

    from PIL import Image

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for k, (image, label) in enumerate(zip(images, labels)):
            jpeg = io.BytesIO()
            Image.fromarray(image).save(jpeg, format="JPEG", quality=95, subsampling=0)
            zf.writestr(f"{split}/{datasets.CIFAR10_CLASSES[label]}/{k:04d}.jpg", jpeg.getvalue())
    return buf.getvalue()


def test_cifar10_prefers_the_mirrors_jpeg_pack_and_decodes_it_like_pillow(online, monkeypatch, tmp_path):
    import io
    import zipfile

    from PIL import Image

    blocks = np.random.default_rng(3).integers(0, 256, size=(5, 4, 4, 3), dtype=np.uint8)
    images = blocks.repeat(8, axis=1).repeat(8, axis=2)  # flat 8x8 blocks: little JPEG error
    pack = _jpeg_pack("test", images, [9, 0, 3, 0, 1])
    (tmp_path / "mirror" / "cifar10").mkdir(parents=True)
    (tmp_path / "mirror" / "cifar10" / "cifar10_jpeg_test.zip").write_bytes(pack)
    online.entries["cifar10/cifar10_jpeg_test.zip"]["hash"] = _sha256(pack)
    monkeypatch.setenv("KATAS_DATA_MIRROR", str(tmp_path / "mirror"))
    got, labels, classes = datasets.load_cifar10("test")
    assert _Handler.log == [], "with the pack in the mirror, the 170 MB archive must not be downloaded"
    with zipfile.ZipFile(io.BytesIO(pack)) as zf:
        names = sorted(zf.namelist())
        expected = np.stack([np.asarray(Image.open(io.BytesIO(zf.read(n)))) for n in names])
    np.testing.assert_array_equal(got, expected)
    assert labels.tolist() == sorted([9, 0, 3, 0, 1]) and labels.dtype.name == "int64"
    assert np.abs(got.astype(int) - images[np.argsort([9, 0, 3, 0, 1], kind="stable")]).mean() < 4, "JPEG error only"


def test_make_data_leaves_large_downloads_to_make_data_full(online, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(datasets, "LARGE_BYTES", len(_Handler.files["/cifar10/cifar-10-python.tar.gz"]) - 1)
    for file in ("imdb/aclImdb_v1.tar.gz", "mnist/train-images-idx3-ubyte.gz"):
        online.entries[file]["bytes"] = 10  # small: `make data` may fetch them
    online.entries["mnist/train-images-idx3-ubyte"]["default"] = True
    online.entries["mnist/train-labels-idx1-ubyte.gz"]["default"] = True
    assert datasets.fetch_all(full=False) == 0
    out = capsys.readouterr()
    assert "cifar10/cifar-10-python.tar.gz" not in cached_files(tmp_path)
    assert "make data-full" in out.out and "CIFAR-10 test split" in out.out
    assert {"mnist/train-images-idx3-ubyte", "imdb/imdb_reviews.csv"} <= set(cached_files(tmp_path))
    assert datasets.fetch_all(full=True) == 0
    out = capsys.readouterr()
    assert "cifar10/cifar-10-python.tar.gz" in cached_files(tmp_path)
    assert "100%" in out.err, "make data-full shows a progress bar for its downloads"


# ---------------------------------------------------------------- the real registry and loaders

def test_the_registry_pins_every_file_with_a_checksum_and_only_downloadable_urls():
    from urllib.parse import urlparse

    entries = datasets.registry()
    assert len([e for e in entries.values() if e["default"]]) == 25
    for file, entry in entries.items():
        algo, _, digest = entry["hash"].partition(":")
        assert algo in ("sha256", "md5") and digest, f"{file}: bad hash {entry['hash']!r}"
        assert entry.get("license") and entry.get("source") and entry.get("name"), f"{file}: name, licence and source are required"
        for url in (entry.get("url"), *entry.get("mirrors", [])):
            if url is None:
                continue
            parsed = urlparse(url)
            assert parsed.scheme in ("https", "http") and parsed.netloc, f"{file}: {url}"
            assert "/tree/" not in parsed.path and "/blob/" not in parsed.path and parsed.netloc != "github.com", \
                f"{file}: {url} is a web page, not a downloadable file"
        if "derive" in entry:
            assert entry["derive"]["from"] in entries and entry["derive"]["build"] in datasets.BUILDERS, file
    for large in ("mnist/train-images-idx3-ubyte.gz", "cifar10/cifar-10-python.tar.gz", "imdb/aclImdb_v1.tar.gz"):
        assert entries[large]["default"] is False


def _online_route(file: str) -> bool:
    entry = datasets.registry()[file]
    return bool(entry.get("url")) or ("derive" in entry and _online_route(entry["derive"]["from"]))


def test_everything_the_days_need_has_an_online_source_as_well_as_the_mirror():
    groups = datasets.alternatives()
    grouped = {f for g in groups.values() for f in g["files"]}
    for file, entry in datasets.registry().items():
        if entry["default"] and file not in grouped:
            assert _online_route(file), f"{file}: no download URL and no derivation from one"
    for key, group in groups.items():
        assert all(f in datasets.registry() for f in group["files"]), key
        assert any(_online_route(f) for f in group["files"]), f"{key}: no member can be downloaded"
    derived = datasets.registry()["imdb/imdb_reviews.csv"]
    assert derived["hash"] == "sha256:" + datasets.registry()["imdb/imdb_reviews.csv.gz"]["sha256_uncompressed"]
    assert datasets.registry()["mnist/train-images-idx3-ubyte"]["derive"]["from"] == "mnist/train-images-idx3-ubyte.gz"


def test_titanic_has_the_kaggle_columns(titanic):
    assert list(titanic.columns) == ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp",
                                     "Parch", "Ticket", "Fare", "Cabin", "Embarked"]
    assert len(titanic) == 891 and titanic["Age"].isna().sum() == 177


def test_mnist_test_split_is_uint8_images_and_labels(mnist_test):
    images, labels = mnist_test
    assert images.shape == (10000, 28, 28) and images.dtype.name == "uint8"
    assert labels.shape == (10000,) and set(labels.tolist()) == set(range(10))


def test_mnist_train_split_is_the_real_60k(mnist_train):
    images, labels = mnist_train
    assert images.shape == (60000, 28, 28) and images.dtype.name == "uint8"
    assert labels.shape == (60000,) and labels.dtype.name == "uint8"
    assert abs(images.mean() - 33.32) <= 0.01
    assert [int(c) for c in np.bincount(labels)] == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_cifar10_test_split_is_the_real_10k(cifar10_test):
    images, labels, classes = cifar10_test
    assert images.shape == (10000, 32, 32, 3) and images.dtype.name == "uint8"
    assert labels.shape == (10000,) and labels.dtype.name == "int64"
    assert classes == ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
    assert np.bincount(labels).tolist() == [1000] * 10


def test_imdb_has_the_50k_labelled_reviews_balanced(imdb):
    assert list(imdb.columns) == ["split", "sentiment", "id", "rating", "review"] and len(imdb) == 50000
    assert imdb.groupby(["split", "sentiment"]).size().to_dict() == {
        ("test", "negative"): 12500, ("test", "positive"): 12500, ("train", "negative"): 12500, ("train", "positive"): 12500}
    assert imdb.loc[imdb["sentiment"] == "positive", "rating"].between(7, 10).all()
    assert imdb.loc[imdb["sentiment"] == "negative", "rating"].between(1, 4).all()


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_cifar10_train_split_is_the_real_50k(cifar10_train):
    images, labels, classes = cifar10_train
    assert images.shape == (50000, 32, 32, 3) and images.dtype.name == "uint8" and labels.dtype.name == "int64"
    assert np.bincount(labels).tolist() == [5000] * 10


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_imdb_builder_reproduces_the_registered_csv_from_the_real_texts(tmp_path, imdb):
    """The mirror's 50,000 texts, written out as an aclImdb-layout tarball (shuffled, with the unsup
    folder), must rebuild the registered CSV byte for byte (sha256 fb205082...)."""
    import io
    import tarfile

    members = imdb.sample(frac=1, random_state=0)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as tar:
        for name, data in [("aclImdb/train/unsup/0_0.txt", b"unlabelled")] + [
                (f"aclImdb/{r.split}/{r.sentiment[:3]}/{r.id}_{r.rating}.txt", r.review.encode("utf-8"))
                for r in members.itertuples()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (tmp_path / "acl.tar.gz").write_bytes(buf.getvalue())
    datasets.BUILDERS["aclimdb_csv"](tmp_path / "acl.tar.gz", tmp_path / "imdb.csv")
    assert "sha256:" + hashlib.sha256((tmp_path / "imdb.csv").read_bytes()).hexdigest() == datasets.registry()["imdb/imdb_reviews.csv"]["hash"]


def test_mall_customers_gets_the_kaggle_header(mall_customers):
    assert list(mall_customers.columns) == ["CustomerID", "Genre", "Age", "Annual Income (k$)", "Spending Score (1-100)"]
    assert len(mall_customers) == 200


def test_kddcup99_has_named_columns_and_labels(kddcup99):
    assert kddcup99.shape == (494021, 42)
    assert kddcup99["label"].value_counts()["normal."] == 97278


def test_iris_comes_from_scikit_learn_with_species_names(iris):
    assert iris.shape == (150, 5) and sorted(iris["species"].unique()) == ["setosa", "versicolor", "virginica"]


def test_a_fixture_hands_out_a_fresh_copy_each_time(request):
    first = request.getfixturevalue("titanic")
    first.drop(columns="Age", inplace=True)
    assert "Age" in datasets.load_titanic().columns
    assert "Age" in request.getfixturevalue("_titanic_original").columns
