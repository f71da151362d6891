"""Day 28 — MNIST MLP: 784-128-64-10 trained on the real 60,000 images, >= 96 % on the real 10,000 test
images, eval-mode evaluation, seeded loaders, TensorBoard scalars read back from the event file."""
import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png


@pytest.fixture(scope="module")
def mm():
    return kata.load("day28", "mnist_mlp")


LAYERS = [(784, 128), (128, 64), (64, 10)]
EPOCHS = 3   # of the full 60,000-image run


def _linears(torch, model):
    return [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, torch.nn.Linear)]


def _small(mm, mnist_train, mnist_test, n_train=2048, n_test=1000):
    (xi, yi), (ti, tl) = mnist_train, mnist_test
    X, y = mm.to_tensors(xi[:n_train], yi[:n_train])
    Xt, yt = mm.to_tensors(ti[:n_test], tl[:n_test])
    return X, y, Xt, yt


def _accuracy(torch, model, X, y):
    """The test's own accuracy: eval mode, no gradients."""
    model.eval()
    with torch.no_grad():
        return int((model(X).argmax(dim=1) == y).sum()) / len(y)


# ---------------------------------------------------------------- Task 1: data and model

@pytest.mark.task(1)
def test_to_tensors_gives_standardised_float32_rows_and_int64_labels(mm, torch, mnist_train):
    images, labels = mnist_train
    before = images.copy()
    X, y = mm.to_tensors(images, labels)
    assert isinstance(X, torch.Tensor) and isinstance(y, torch.Tensor), (
        f"to_tensors returned ({type(X).__name__}, {type(y).__name__}), expected two torch tensors")
    assert X.dtype == torch.float32 and tuple(X.shape) == (60000, 784), f"X is {X.dtype} {tuple(X.shape)}, expected float32 (60000, 784)"
    assert y.dtype == torch.int64 and torch.equal(y, torch.from_numpy(labels.astype(np.int64))), "y should be the labels as int64"
    assert np.array_equal(images, before), "to_tensors modified the images it was given"
    pixels = images.reshape(60000, 784)[:500].astype(np.float64).ravel()
    slope, intercept = np.polyfit(pixels, X[:500].double().numpy().ravel(), 1)
    assert slope > 0 and np.allclose(X[:500].double().numpy().ravel(), slope * pixels + intercept, atol=1e-5), (
        "X should be the pixels rescaled the same way everywhere (one scale and one shift), rows in image order")
    mean, std = float(X.mean()), float(X.std())
    assert abs(mean) < 0.01 and abs(std - 1) < 0.01, (
        f"the training pixels come out with mean {mean:.3f} and std {std:.3f}: standardise them "
        "((pixels / 255 - 0.1307) / 0.3081) so that two epochs reach 96 %")


@pytest.mark.task(1)
def test_the_mlp_is_exactly_784_128_64_10(mm, torch):
    model = mm.build_mlp()
    assert isinstance(model, torch.nn.Module), f"build_mlp() returned {type(model).__name__}, expected an nn.Module"
    assert _linears(torch, model) == LAYERS, f"the Linear layers are {_linears(torch, model)}, expected {LAYERS}"
    n = sum(p.numel() for p in model.parameters())
    assert n == 109_386, f"build_mlp() has {n:,} parameters, expected 109,386 (784*128+128 + 128*64+64 + 64*10+10)"


@pytest.mark.task(1)
def test_the_mlp_outputs_nonlinear_logits(mm, torch):
    model = mm.build_mlp()
    model.eval()
    x = torch.randn(64, 784)
    with torch.no_grad():
        out, out2, out0 = model(x), model(2 * x), model(torch.zeros(1, 784))
    assert tuple(out.shape) == (64, 10), f"model(x of shape (64, 784)) has shape {tuple(out.shape)}, expected (64, 10)"
    assert not torch.allclose(out2 - out0, 2 * (out - out0), atol=1e-4), "the model is linear: put a ReLU after each hidden Linear"
    assert not torch.allclose(out.sum(dim=1), torch.ones(64), atol=1e-3) and (out < 0).any(), (
        "the outputs look like probabilities: return the raw logits (nn.CrossEntropyLoss applies log-softmax itself)")


@pytest.mark.task(1)
def test_build_mlp_adds_dropout_only_when_asked(mm, torch):
    plain = [m for m in mm.build_mlp().modules() if isinstance(m, torch.nn.Dropout) and m.p > 0]
    dropped = [m.p for m in mm.build_mlp(dropout=0.3).modules() if isinstance(m, torch.nn.Dropout)]
    assert not plain, "build_mlp() (dropout=0.0) should have no active Dropout"
    assert dropped and all(p == 0.3 for p in dropped), f"build_mlp(dropout=0.3) has Dropout layers with p = {dropped}, expected 0.3"
    assert _linears(torch, mm.build_mlp(dropout=0.3)) == LAYERS


@pytest.mark.task(1)
def test_count_parameters_counts_trainable_numbers(mm, torch):
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 5))
    model[0].weight.requires_grad_(False)
    assert mm.count_parameters(model) == 2 + 10 + 5, (
        f"count_parameters(Linear(3,2) with a frozen weight, Linear(2,5)) = {mm.count_parameters(model)}, expected 17 trainable")
    assert mm.count_parameters(mm.build_mlp()) == 109_386


@pytest.mark.task(1)
def test_make_loader_is_seeded_shuffled_and_complete(mm, torch):
    X = torch.arange(1000, dtype=torch.float32).reshape(-1, 1).repeat(1, 784)
    y = torch.arange(1000) % 10
    state = torch.get_rng_state()
    first = [yb.clone() for _, yb in mm.make_loader(X, y, batch_size=128, seed=3)]
    again = [yb.clone() for _, yb in mm.make_loader(X, y, batch_size=128, seed=3)]
    other = [yb.clone() for _, yb in mm.make_loader(X, y, batch_size=128, seed=4)]
    assert torch.equal(torch.get_rng_state(), state), (
        "building or iterating the loader changed torch's global random state: give it generator=torch.Generator().manual_seed(seed)")
    assert [len(b) for b in first] == [128] * 7 + [104], f"batch sizes {[len(b) for b in first]}, expected 7 x 128 and a last batch of 104"
    rows = torch.cat([xb[:, 0] for xb, _ in mm.make_loader(X, y, batch_size=128, seed=3)]).long()
    assert sorted(rows.tolist()) == list(range(1000)), "one pass of the loader should hold every sample exactly once"
    assert not torch.equal(rows, torch.arange(1000)), "the loader does not shuffle"
    assert all(torch.equal(a, b) for a, b in zip(first, again)), "two loaders with seed 3 gave different batches"
    assert not all(torch.equal(a, b) for a, b in zip(first, other)), "seeds 3 and 4 gave the same batches"


# ---------------------------------------------------------------- Task 2: evaluation and training

@pytest.mark.task(2)
def test_evaluate_is_deterministic_in_eval_mode_without_gradients(mm, torch, mnist_train, mnist_test):
    _, _, Xt, yt = _small(mm, mnist_train, mnist_test, n_train=10)
    model = mm.build_mlp(dropout=0.5)   # untrained: dropout changes its answers a lot
    model.train()                       # as it is left after training
    grad_modes = []
    hook = model.register_forward_hook(lambda mod, inp, out: grad_modes.append(torch.is_grad_enabled()))
    first = mm.evaluate(model, Xt, yt)
    hook.remove()
    model.train()
    second = mm.evaluate(model, Xt, yt)
    assert isinstance(first, float) and 0.0 <= first <= 1.0, f"evaluate returned {first!r}, expected the accuracy as a float in [0, 1]"
    expected = _accuracy(torch, model, Xt, yt)
    assert first == second == pytest.approx(expected, abs=1e-9), (
        f"evaluate on a model with dropout, left in train mode, gave {first} then {second}; in eval mode it is {expected}. "
        "Call model.eval() first, so dropout is switched off and evaluation is deterministic")
    assert grad_modes and not any(grad_modes), "evaluate ran the model with gradients enabled: wrap it in torch.no_grad()"


@pytest.mark.task(2)
def test_train_returns_one_loss_and_accuracy_per_epoch(mm, torch, mnist_train, mnist_test):
    X, y, Xt, yt = _small(mm, mnist_train, mnist_test)
    model = mm.build_mlp()
    history = mm.train(model, mm.make_loader(X, y, 128, seed=0), Xt, yt, epochs=3, lr=1e-3)
    assert isinstance(history, dict) and set(history) >= {"train_loss", "test_accuracy"}, (
        f"train returned {history!r:.200}, expected a dict with 'train_loss' and 'test_accuracy'")
    for key in ("train_loss", "test_accuracy"):
        v = history[key]
        assert isinstance(v, list) and len(v) == 3 and all(isinstance(x, float) for x in v), (
            f"history[{key!r}] = {v!r}, expected 3 floats (epochs=3)")
    assert history["train_loss"][-1] < history["train_loss"][0], f"the training loss did not go down: {history['train_loss']}"
    assert history["test_accuracy"][-1] == pytest.approx(_accuracy(torch, model, Xt, yt), abs=1e-9), (
        "the last test_accuracy should be the trained model's accuracy on (X_test, y_test)")


@pytest.mark.task(2)
def test_train_steps_adam_once_per_batch_in_train_mode(mm, torch, mnist_train, mnist_test):
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    X, y, Xt, yt = _small(mm, mnist_train, mnist_test, n_train=1000, n_test=200)
    model = mm.build_mlp(dropout=0.2)
    model.eval()   # as evaluate leaves it: train() must switch back every epoch
    steps, modes = [], []
    handle = register_optimizer_step_pre_hook(lambda opt, args, kwargs: steps.append((type(opt).__name__, opt.param_groups[0]["lr"])))
    fwd = model.register_forward_hook(lambda mod, inp, out: modes.append(mod.training) if torch.is_grad_enabled() else None)
    try:
        mm.train(model, mm.make_loader(X, y, 100, seed=0), Xt, yt, epochs=2, lr=2e-3)
    finally:
        handle.remove()
        fwd.remove()
    assert steps == [("Adam", 2e-3)] * 20, (
        f"train(epochs=2, lr=2e-3) over 10 batches made the optimizer steps {sorted(set(steps))} x {len(steps)}, "
        "expected Adam at lr=2e-3, 20 steps (one per batch)")
    assert modes and all(modes), "some training batches ran in eval mode: call model.train() at the start of every epoch"


@pytest.mark.task(2)
def test_fit_mnist_is_seeded_and_leaves_global_state_alone(mm, torch, mnist_train, mnist_test):
    (xi, yi), (ti, tl) = mnist_train, mnist_test
    args = (xi[:1024], yi[:1024], ti[:500], tl[:500])
    state = torch.get_rng_state()
    _, a = mm.fit_mnist(*args, epochs=1, seed=5)
    assert torch.equal(torch.get_rng_state(), state), (
        "fit_mnist changed torch's global random state: build the model inside torch.random.fork_rng() and seed the loader's own generator")
    _, b = mm.fit_mnist(*args, epochs=1, seed=5)
    _, c = mm.fit_mnist(*args, epochs=1, seed=6)
    assert a == b, f"two runs with seed 5 gave {a} and {b}"
    assert a != c, "seeds 5 and 6 gave the same history: use the seed for the initial weights and the shuffle"


@pytest.fixture(scope="module")
def full_run(mm, tmp_path_factory, _mnist_train_original, _mnist_test_original):
    """The learner's fit_mnist on all 60,000 training images, 3 epochs (about 7 s with one thread on an idle machine)."""
    import time

    import torch

    torch.set_num_threads(1)
    log_dir = tmp_path_factory.mktemp("day28_tensorboard")
    start = time.perf_counter()
    data = [a.copy() for a in (*_mnist_train_original, *_mnist_test_original)]
    model, history = mm.fit_mnist(*data, epochs=EPOCHS, batch_size=128, lr=1e-3,
                                  seed=20241124, log_dir=log_dir)
    return model, history, log_dir, time.perf_counter() - start


@pytest.mark.task(2)
@pytest.mark.timeout(180)
def test_three_epochs_on_60k_reach_96_percent_on_the_real_test_set(mm, torch, full_run, mnist_test):
    model, history, _, seconds = full_run
    X_test, y_test = mm.to_tensors(*mnist_test)
    acc = _accuracy(torch, model, X_test, y_test)
    # the reference, seeds 0-3 and 20241124: 96.8-97.3 % after 3 epochs (96.1-96.8 % after 2, too close to
    # the bar for every correct variant to clear it; 95.3-95.6 % after 2 with unstandardised pixels)
    assert acc >= 0.96, (
        f"after fit_mnist(60,000 images, epochs=3, batch 128, Adam 1e-3) the model gets {acc:.2%} of the 10,000 test "
        f"images right, expected >= 96 % (history {history}, {seconds:.0f} s)")
    assert history["test_accuracy"][-1] == pytest.approx(acc, abs=1e-9), (
        f"history says {history['test_accuracy'][-1]}, the model scores {acc}: evaluate the final model in eval mode")


# ---------------------------------------------------------------- Task 3: TensorBoard

def _read_events(log_dir):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(log_dir))
    acc.Reload()
    return {tag: [(e.step, e.value) for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}


@pytest.mark.task(3)
@pytest.mark.timeout(180)
def test_event_file_holds_the_returned_history(mm, full_run):
    _, history, log_dir, _ = full_run
    events = _read_events(log_dir)
    for tag, key in ((mm.LOSS_TAG, "train_loss"), (mm.ACCURACY_TAG, "test_accuracy")):
        assert tag in events, f"the event file in log_dir has the scalar tags {sorted(events)}, expected {tag!r}"
        steps = [s for s, _ in events[tag]]
        assert steps == [1, 2, 3], f"{tag!r} was logged at steps {steps}, expected [1, 2, 3]: one point per epoch, global_step = epoch"
        np.testing.assert_allclose([v for _, v in events[tag]], history[key], rtol=1e-6, err_msg=(
            f"the values of {tag!r} in the event file differ from history[{key!r}]"))


@pytest.mark.task(3)
def test_scalar_chart_is_drawn_from_the_event_file(mm, tmp_path, outdir):
    from torch.utils.tensorboard import SummaryWriter

    log_dir = tmp_path / "tb"
    written = {"train/loss": [0.9, 0.52, 0.31, 0.27], "test/accuracy": [0.81, 0.9, 0.93, 0.945]}
    with SummaryWriter(str(log_dir)) as writer:
        for tag, values in written.items():
            for step, v in enumerate(values, start=1):
                writer.add_scalar(tag, v, step)
    fig = mm.plot_tensorboard_scalars(log_dir, outdir / "scalars_check.png")
    assert_png(outdir / "scalars_check.png", what="plot_tensorboard_scalars(log_dir, path)")
    lines = [l for ax in fig.axes for l in ax.get_lines() if len(l.get_ydata()) > 1]
    drawn = sorted(tuple(np.round(np.asarray(l.get_ydata(), dtype=float), 4)) for l in lines)
    expected = sorted(tuple(np.round(np.asarray(v, dtype=np.float32).astype(float), 4)) for v in written.values())
    assert drawn == expected, f"the chart's lines have the values {drawn}, expected one line per tag of the event file: {expected}"
    titles = " ".join(ax.get_title() for ax in fig.axes)
    assert all(tag in titles for tag in written), f"title each subplot with its tag; titles: {titles!r}"


@pytest.mark.task(3)
@pytest.mark.timeout(180)
def test_tensorboard_screenshot_deliverable(mm, full_run, outdir):
    _, _, log_dir, _ = full_run
    mm.plot_tensorboard_scalars(log_dir, outdir / "tensorboard_scalars.png")
    assert_png(outdir / "tensorboard_scalars.png", what="the TensorBoard scalar chart")


# ---------------------------------------------------------------- Task 4 (stretch): confusion matrix

@pytest.mark.task(4)
@pytest.mark.stretch
@pytest.mark.timeout(180)
def test_confusion_matrix_counts_true_rows_and_predicted_columns(mm, torch, full_run, mnist_test):
    model, _, _, _ = full_run
    X_test, y_test = mm.to_tensors(*mnist_test)
    model.train()
    cm = mm.confusion_matrix(model, X_test, y_test)
    assert isinstance(cm, np.ndarray) and cm.shape == (10, 10) and cm.dtype == np.int64, (
        f"confusion_matrix returned {type(cm).__name__} {getattr(cm, 'shape', '')} {getattr(cm, 'dtype', '')}, expected int64 (10, 10)")
    assert np.array_equal(cm.sum(axis=1), np.bincount(y_test.numpy(), minlength=10)), (
        "row i should add up to the number of test images of digit i (rows = true labels)")
    model.eval()
    with torch.no_grad():
        pred = model(X_test).argmax(dim=1).numpy()
    assert np.array_equal(cm.sum(axis=0), np.bincount(pred, minlength=10)), "columns should add up to the predictions per digit (eval mode)"
    assert np.trace(cm) == int((pred == y_test.numpy()).sum())


# ---------------------------------------------------------------- full size

@pytest.mark.task(2)
@pytest.mark.slow
@pytest.mark.timeout(300)
def test_four_epochs_reach_97_percent(mm, torch, mnist_train, mnist_test):
    model, history = mm.fit_mnist(*mnist_train, *mnist_test, epochs=4, seed=0)
    assert history["test_accuracy"][-1] >= 0.97, f"4 epochs gave {history['test_accuracy']}, expected >= 97 % at the end"
