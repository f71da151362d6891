"""Day 31 — CNN basics on real CIFAR-10: the 3-block network, tensors, seeded training, accuracy, the confusion matrix."""
import time

import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png
from katalib.randomstate import call_keeps_global_state

N_PARAMS = 620_810
SUBSET, EPOCHS, FLOOR = 3000, 2, 0.35   # reference: 0.42 on the 10,000 test images (see README)


@pytest.fixture(scope="module")
def cnn():
    return kata.load("day31", "cnn")


def _subset(images, labels, n, seed):
    idx = np.random.default_rng(seed).choice(len(images), size=n, replace=False)
    return images[idx], labels[idx]


# ---------------------------------------------------------------- Task 1: the network

@pytest.mark.task(1)
def test_build_cnn_has_the_stated_parameter_count(cnn, torch):
    model = cnn.build_cnn()
    assert isinstance(model, torch.nn.Module), f"build_cnn() returned {type(model).__name__}, expected a torch.nn.Module"
    n = sum(p.numel() for p in model.parameters())
    assert n == N_PARAMS, (
        f"build_cnn() has {n:,} parameters, expected {N_PARAMS:,}: three blocks Conv2d(3x3, padding=1)+BatchNorm2d "
        "with 32, 64, 128 channels, then Linear(2048, 256) and Linear(256, 10)")
    n7 = sum(p.numel() for p in cnn.build_cnn(num_classes=7).parameters())
    assert n7 == N_PARAMS - 3 * 257, f"build_cnn(num_classes=7) has {n7:,} parameters: the last layer should have 7 outputs"


@pytest.mark.task(1)
def test_build_cnn_layer_output_shapes(cnn, torch):
    model = cnn.build_cnn().eval()
    shapes = {torch.nn.Conv2d: [], torch.nn.MaxPool2d: [], torch.nn.Linear: [], torch.nn.BatchNorm2d: []}
    hooks = [m.register_forward_hook(lambda mod, inp, out, kind=kind: shapes[kind].append(tuple(out.shape)))
             for m in model.modules() for kind in shapes if type(m) is kind]
    with torch.no_grad():
        out = model(torch.randn(5, 3, 32, 32))
    for h in hooks:
        h.remove()
    assert tuple(out.shape) == (5, 10), f"a batch (5, 3, 32, 32) should give logits (5, 10), got {tuple(out.shape)}"
    assert shapes[torch.nn.Conv2d] == [(5, 32, 32, 32), (5, 64, 16, 16), (5, 128, 8, 8)], (
        f"conv outputs {shapes[torch.nn.Conv2d]}, expected 32x32x32, 64x16x16, 128x8x8 (3x3 kernels, padding=1)")
    if shapes[torch.nn.MaxPool2d]:   # pooling may also be functional (F.max_pool2d) inside forward()
        assert shapes[torch.nn.MaxPool2d] == [(5, 32, 16, 16), (5, 64, 8, 8), (5, 128, 4, 4)], (
            f"max-pool outputs {shapes[torch.nn.MaxPool2d]}, expected each block to halve the size (MaxPool2d(2))")
    assert shapes[torch.nn.BatchNorm2d] == shapes[torch.nn.Conv2d], "each conv block has a BatchNorm2d after its conv"
    assert shapes[torch.nn.Linear] == [(5, 256), (5, 10)], f"dense outputs {shapes[torch.nn.Linear]}, expected 256 then 10"
    drops = [m.p for m in model.modules() if isinstance(m, torch.nn.Dropout)]
    assert drops == [0.3], f"one Dropout(0.3) in the classifier, found {drops}"
    assert [m.p for m in cnn.build_cnn(dropout=0.5).modules() if isinstance(m, torch.nn.Dropout)] == [0.5]


# ---------------------------------------------------------------- Task 2: tensors

@pytest.mark.task(2)
def test_to_tensors_scales_standardises_and_moves_channels_first(cnn, torch, cifar10_test):
    images, labels, _ = cifar10_test
    images, labels = images[:7], labels[:7]
    before = images.copy()
    x, y = cnn.to_tensors(images, labels)
    assert isinstance(x, torch.Tensor) and isinstance(y, torch.Tensor), "to_tensors should return two torch tensors"
    assert x.dtype == torch.float32, f"images tensor dtype {x.dtype}, expected float32"
    assert y.dtype == torch.int64, f"labels tensor dtype {y.dtype}, expected int64 (CrossEntropyLoss wants long)"
    assert tuple(x.shape) == (7, 3, 32, 32), f"images tensor shape {tuple(x.shape)}, expected (7, 3, 32, 32): channels first"
    mean, std = np.array(cnn.CIFAR_MEAN), np.array(cnn.CIFAR_STD)
    expected = ((images / 255.0 - mean) / std).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(x.numpy(), expected, atol=1e-5,
                               err_msg="x should be (pixels / 255 - CIFAR_MEAN) / CIFAR_STD per channel, laid out (n, 3, 32, 32)")
    assert y.tolist() == labels.tolist()
    assert np.array_equal(images, before), "to_tensors modified the images it was given"


# ---------------------------------------------------------------- Task 3: training and evaluation

def _fresh(cnn, torch, seed=0):
    torch.manual_seed(seed)
    return cnn.build_cnn()


@pytest.mark.task(3)
@pytest.mark.timeout(300)
def test_train_is_reproducible_uses_its_seed_and_no_global_numpy_state(cnn, torch, cifar10_test):
    images, labels = _subset(*cifar10_test[:2], 256, seed=1)
    run = lambda seed, flip=True: cnn.train(_fresh(cnn, torch), images, labels, epochs=1, batch_size=64,  # noqa: E731
                                            seed=seed, flip=flip)
    a = call_keeps_global_state(lambda: run(5), "train(model, images, labels, epochs=1, seed=5)")
    assert isinstance(a, list) and len(a) == 1 and all(isinstance(v, float) for v in a), (
        f"train(..., epochs=1) returned {a!r}, expected a list with one float (the epoch's mean loss)")
    assert run(5) == a, "two runs with the same seed (and the same initial weights) gave different losses"
    assert run(6) != a, ("seed=6 gave the same losses as seed=5: shuffle the batches (and flip) with "
                         "torch.Generator().manual_seed(seed)")
    assert run(5, flip=False) != a, "flip=False gave the same losses as flip=True: mirror images at random when flip is on"


@pytest.mark.task(3)
@pytest.mark.timeout(600)
def test_cnn_trained_on_a_seeded_subset_clears_the_accuracy_floor_on_the_10000_test_images(
        cnn, torch, cifar10_train, cifar10_test):
    train_x, train_y = _subset(*cifar10_train[:2], SUBSET, seed=0)
    test_x, test_y, _ = cifar10_test
    model = _fresh(cnn, torch)
    start = time.perf_counter()
    losses = cnn.train(model, train_x, train_y, epochs=EPOCHS, seed=0)
    assert len(losses) == EPOCHS and losses[-1] < losses[0], f"the training loss should fall over the epochs: {losses}"
    pred = cnn.predict(model, test_x)
    assert isinstance(pred, np.ndarray) and pred.shape == (10_000,), (
        f"predict returned {type(pred).__name__} {getattr(pred, 'shape', '')}, expected a NumPy array of 10,000 labels")
    assert pred.dtype == np.int64, f"predictions dtype {pred.dtype}, expected int64"
    acc = float((pred == test_y).mean())
    assert acc >= FLOOR, (
        f"after {EPOCHS} epochs on {SUBSET} training images the test accuracy is {acc:.3f} "
        f"({time.perf_counter() - start:.0f} s), expected >= {FLOOR} (chance is 0.10): check the layers, "
        "the normalisation and that predict uses eval mode")
    again = cnn.predict(model, test_x[:300])
    assert np.array_equal(again, pred[:300]), "predict gave different answers for the same images: use model.eval()"


@pytest.mark.task(3)
@pytest.mark.timeout(300)
def test_predict_uses_eval_mode_and_no_gradients(cnn, torch, cifar10_test):
    images = cifar10_test[0][:64]
    model = _fresh(cnn, torch)
    model.train()
    a = cnn.predict(model, images)
    b = cnn.predict(model, images)
    assert np.array_equal(a, b), "predict is not deterministic: dropout is still active (call model.eval())"
    assert all(p.grad is None for p in model.parameters()), "predict computed gradients: wrap it in torch.no_grad()"
    with torch.no_grad():
        model.eval()
        x = torch.from_numpy(((images / 255.0 - np.array(cnn.CIFAR_MEAN)) / np.array(cnn.CIFAR_STD))
                             .transpose(0, 3, 1, 2).astype(np.float32))
        expected = model(x).argmax(1).numpy()
    assert np.array_equal(a, expected), "predict should return the argmax of the model's logits in eval mode"


# ---------------------------------------------------------------- Task 4: the confusion matrix

@pytest.mark.task(4)
def test_confusion_matrix_rows_are_true_columns_predicted(cnn):
    y_true = np.array([3, 3, 0, 9, 9, 9, 1])
    y_pred = np.array([3, 5, 0, 9, 1, 9, 9])
    cm = cnn.confusion_matrix(y_true, y_pred)
    assert isinstance(cm, np.ndarray) and cm.shape == (10, 10), f"expected a (10, 10) array, got {type(cm).__name__} {getattr(cm, 'shape', '')}"
    assert np.issubdtype(cm.dtype, np.integer), f"counts should be integers, got {cm.dtype}"
    expected = np.zeros((10, 10), dtype=int)
    for t, p in zip(y_true, y_pred):
        expected[t, p] += 1
    assert np.array_equal(cm, expected), (
        f"confusion_matrix rows {np.nonzero(cm)} differ: cm[true, predicted] counts, classes that never occur stay 0")


def _image_array(ax):
    if ax.images:
        return np.asarray(ax.images[0].get_array())
    meshes = [c for c in ax.collections if hasattr(c, "get_array") and c.get_array() is not None]
    assert meshes, "the confusion matrix should be drawn as an image (imshow) or a heatmap (pcolormesh / seaborn)"
    arr = np.asarray(meshes[0].get_array())
    return arr.reshape(10, 10) if arr.size == 100 else arr


@pytest.mark.task(4)
@pytest.mark.timeout(180)
def test_confusion_plot_shows_row_normalised_values_with_class_names(cnn, cifar10_test, rng, outdir):
    _, labels, classes = cifar10_test
    y_true = labels[rng.choice(len(labels), 2000, replace=False)]   # the file is grouped by class: sample
    y_pred = np.where(rng.random(2000) < 0.6, y_true, rng.integers(0, 10, 2000))   # a 60 %-right classifier
    y_pred[y_true == 3] = 5                                                       # cats all called dogs
    cm = cnn.confusion_matrix(y_true, y_pred)
    path = outdir / "confusion_matrix.png"
    ax = cnn.plot_confusion(cm, classes, path)
    assert hasattr(ax, "images"), f"plot_confusion should return the matplotlib Axes, got {type(ax).__name__}"
    shown = _image_array(ax)
    expected = cm / cm.sum(axis=1, keepdims=True)
    assert shown.shape == (10, 10), f"the drawn matrix is {shown.shape}, expected 10x10"
    if np.allclose(shown, expected.T, atol=1e-6) and not np.allclose(shown, expected, atol=1e-6):
        pytest.fail("the drawn matrix is transposed: rows are the true classes, columns the predictions", pytrace=False)
    np.testing.assert_allclose(shown, expected, atol=1e-6,
                               err_msg="the drawn values should be the row-normalised confusion matrix (each row sums to 1)")
    xt = [t.get_text() for t in ax.get_xticklabels()]
    yt = [t.get_text() for t in ax.get_yticklabels()]
    assert xt == list(classes) and yt == list(classes), f"tick labels x={xt}, y={yt}: put the 10 class names on both axes"
    texts = {t.get_text() for t in ax.texts}
    assert f"{expected[3, 5]:.2f}" in texts and f"{expected[0, 0]:.2f}" in texts, (
        f"write each cell's value in it (2 decimals, e.g. {expected[0, 0]:.2f}); found {len(ax.texts)} texts")
    assert_png(path, what="confusion matrix")


# ---------------------------------------------------------------- Task 5 (stretch): random crops

@pytest.mark.task(5)
@pytest.mark.stretch
def test_random_crop_cuts_windows_of_the_padded_image(cnn, torch, cifar10_test):
    x, _ = cnn.to_tensors(cifar10_test[0][:16], cifar10_test[1][:16])
    before = x.clone()
    out = cnn.random_crop(x, 4, torch.Generator().manual_seed(1))
    assert tuple(out.shape) == tuple(x.shape), f"random_crop changed the shape to {tuple(out.shape)}"
    assert torch.equal(x, before), "random_crop modified its input"
    padded = torch.nn.functional.pad(x, (4, 4, 4, 4))
    offsets = []
    for i in range(16):
        hits = [(dy, dx) for dy in range(9) for dx in range(9) if torch.equal(out[i], padded[i, :, dy:dy + 32, dx:dx + 32])]
        assert hits, f"image {i} of the output is not a 32x32 window of the zero-padded image"
        offsets.append(hits[0])
    assert len(set(offsets)) >= 5, f"the crop offsets barely vary ({sorted(set(offsets))}): draw one per image"
    same = cnn.random_crop(x, 4, torch.Generator().manual_seed(1))
    assert torch.equal(out, same), "the same generator seed should give the same crops"
    state = torch.get_rng_state()
    cnn.random_crop(x, 4, torch.Generator().manual_seed(2))
    assert torch.equal(state, torch.get_rng_state()), "random_crop drew from torch's global generator: pass generator=..."
    assert torch.equal(cnn.random_crop(x, 0, torch.Generator().manual_seed(3)), x), "pad=0 leaves the images as they are"


# ---------------------------------------------------------------- slow: the curriculum's target

@pytest.mark.task(3)
@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_cnn_on_the_full_training_set_reaches_70_percent(cnn, torch, cifar10_train, cifar10_test):
    train_x, train_y, _ = cifar10_train
    test_x, test_y, _ = cifar10_test
    model = _fresh(cnn, torch)
    start = time.perf_counter()
    losses = cnn.train(model, train_x, train_y, epochs=4, seed=0)
    acc = float((cnn.predict(model, test_x) == test_y).mean())
    print(f"\nday31 slow: 4 epochs on 50,000 images, test accuracy {acc:.4f}, {time.perf_counter() - start:.0f} s, losses {losses}")
    assert acc >= 0.70, f"after 4 epochs on the full training set the test accuracy is {acc:.3f}, expected >= 0.70"
