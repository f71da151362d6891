"""The dataset layer against a real HTTP server on 127.0.0.1: good, corrupt, missing and truncated files."""
import hashlib
import http.server
import threading

import numpy as np
import pytest

from katalib import datasets

GOOD = b"PassengerId,Survived\n1,0\n2,1\n"
GOOD_HASH = "sha256:" + hashlib.sha256(GOOD).hexdigest()


class _Handler(http.server.BaseHTTPRequestHandler):
    log: list = []

    def do_GET(self):  # noqa: N802
        self.log.append(self.path)
        if self.path.endswith("/good.csv") or self.path == "/mirror/toy/train.csv":
            body = GOOD
        elif self.path.endswith("/corrupt.csv"):
            body = GOOD.replace(b"1,0", b"1,1")
        elif self.path.endswith("/truncated.csv"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[:10])
            self.wfile.flush()
            self.close_connection = True
            return
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


# ---------------------------------------------------------------- the real registry and loaders

def test_the_registry_pins_every_file_with_a_checksum_and_a_url():
    entries = datasets.registry()
    assert len([e for e in entries.values() if e["default"]]) == 28
    for file, entry in entries.items():
        algo, _, digest = entry["hash"].partition(":")
        assert algo in ("sha256", "md5") and digest, f"{file}: bad hash {entry['hash']!r}"
        assert "url" not in entry or entry["url"].startswith(("https://", "http://")), file
        assert entry.get("license") and entry.get("source"), f"{file}: licence and source are required"
    for large in ("mnist/train-images-idx3-ubyte.gz", "cifar10/cifar-10-python.tar.gz", "imdb/aclImdb_v1.tar.gz"):
        assert entries[large]["default"] is False


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
