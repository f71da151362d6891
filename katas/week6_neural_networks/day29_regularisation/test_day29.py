"""Day 29 — LR schedules (fixed, StepLR per epoch, OneCycleLR per batch) checked step by step against their
definitions, learning curves and the accuracy table, and dropout / weight decay against the train/test gap."""
import math
import re

import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png, legend_texts


@pytest.fixture(scope="module")
def sch():
    return kata.load("day29", "schedules")


# Non-default settings, so a schedule that ignores its arguments is caught.
EPOCHS, BATCH, N_TRAIN, N_TEST = 4, 100, 3000, 5000
STEPS = N_TRAIN // BATCH                  # 30 optimizer steps per epoch, 120 in all
LR, STEP_SIZE, GAMMA, MAX_LR, PCT = 1e-3, 2, 0.3, 8e-3, 0.25
SEED = 20241124


@pytest.fixture(scope="module")
def data(sch, _mnist_train_original, _mnist_test_original):
    """The first 3,000 real training images and the first 5,000 real test images."""
    (xi, yi), (ti, tl) = _mnist_train_original, _mnist_test_original
    X, y = sch.to_tensors(xi[:N_TRAIN].copy(), yi[:N_TRAIN].copy())
    Xt, yt = sch.to_tensors(ti[:N_TEST].copy(), tl[:N_TEST].copy())
    return X, y, Xt, yt


@pytest.fixture(scope="module")
def runs(sch, data):
    """Each schedule trained once; the learning rate of every optimizer step is recorded by a global hook."""
    import torch
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    torch.set_num_threads(1)
    out = {}
    for name in ("fixed", "step", "onecycle"):
        seen = []
        handle = register_optimizer_step_pre_hook(lambda opt, args, kwargs: seen.append(opt.param_groups[0]["lr"]))
        try:
            result = sch.train_with_schedule(name, *data, epochs=EPOCHS, batch_size=BATCH, lr=LR, step_size=STEP_SIZE,
                                             gamma=GAMMA, max_lr=MAX_LR, pct_start=PCT, seed=SEED)
        finally:
            handle.remove()
        out[name] = (result, seen)
    return out


def _history(runs, name):
    result, _ = runs[name]
    assert isinstance(result, tuple) and len(result) == 2, "train_with_schedule should return (model, history)"
    return result


def _cos(start, end, pct):
    return end + (start - end) / 2 * (1 + math.cos(math.pi * pct))


def onecycle_definition(total, max_lr, pct_start, div_factor=25.0, final_div_factor=1e4):
    """OneCycleLR (cos annealing, two phases) at steps 0 .. total-1, as Smith and PyTorch's docs define it."""
    initial = max_lr / div_factor
    final = initial / final_div_factor
    peak = pct_start * total - 1
    out = []
    for i in range(total):
        if i <= peak:
            out.append(_cos(initial, max_lr, i / peak))
        else:
            out.append(_cos(max_lr, final, (i - peak) / (total - 1 - peak)))
    return out


# ---------------------------------------------------------------- Task 1: schedulers and their rhythm

@pytest.fixture
def optimizer(torch):
    return torch.optim.Adam([torch.nn.Parameter(torch.zeros(3))], lr=LR)


@pytest.mark.task(1)
def test_make_scheduler_builds_each_schedule_with_its_interval(sch, torch, optimizer):
    lrs = torch.optim.lr_scheduler
    fixed = sch.make_scheduler("fixed", optimizer, epochs=5, steps_per_epoch=7)
    assert fixed == (None, None), f"make_scheduler('fixed', ...) returned {fixed!r}, expected (None, None)"
    step, interval = sch.make_scheduler("step", optimizer, epochs=5, steps_per_epoch=7, step_size=3, gamma=0.2)
    assert isinstance(step, lrs.StepLR) and interval == "epoch", f"'step' gave ({type(step).__name__}, {interval!r}), expected (StepLR, 'epoch')"
    assert (step.step_size, step.gamma) == (3, 0.2), "StepLR should get step_size and gamma from the arguments"


@pytest.mark.task(1)
def test_make_scheduler_onecycle_spans_every_batch(sch, torch, optimizer):
    one, interval = sch.make_scheduler("onecycle", optimizer, epochs=5, steps_per_epoch=7, max_lr=0.02, pct_start=0.4)
    assert isinstance(one, torch.optim.lr_scheduler.OneCycleLR) and interval == "batch", (
        f"'onecycle' gave ({type(one).__name__}, {interval!r}), expected (OneCycleLR, 'batch')")
    assert one.total_steps == 35, f"OneCycleLR has total_steps {one.total_steps}, expected epochs * steps_per_epoch = 35: one cycle over every batch"
    assert optimizer.param_groups[0]["max_lr"] == 0.02


@pytest.mark.task(1)
def test_make_scheduler_rejects_unknown_names(sch, optimizer):
    with pytest.raises(ValueError):
        sch.make_scheduler("exponential-ish", optimizer, epochs=2, steps_per_epoch=3)


@pytest.mark.task(1)
def test_history_has_one_lr_per_step_and_one_value_per_epoch(sch, runs):
    for name in ("fixed", "step", "onecycle"):
        _, history = _history(runs, name)
        assert len(history["lr"]) == EPOCHS * STEPS, (
            f"{name}: history['lr'] has {len(history['lr'])} entries, expected {EPOCHS * STEPS} (one per optimizer step)")
        for key in ("train_loss", "train_accuracy", "test_accuracy"):
            v = history[key]
            assert isinstance(v, list) and len(v) == EPOCHS and all(isinstance(x, float) for x in v), (
                f"{name}: history[{key!r}] = {v!r}, expected {EPOCHS} floats")


@pytest.mark.task(1)
def test_recorded_lr_is_the_rate_the_optimizer_used(runs):
    for name in ("fixed", "step", "onecycle"):
        (_, history), seen = runs[name]
        np.testing.assert_allclose(history["lr"], seen, rtol=1e-12, err_msg=(
            f"{name}: history['lr'] differs from optimizer.param_groups[0]['lr'] at the optimizer steps: record it just before step()"))


@pytest.mark.task(1)
def test_fixed_rate_never_moves(runs):
    _, seen = runs["fixed"]
    assert seen == [LR] * len(seen), f"the fixed schedule used learning rates {sorted(set(seen))}, expected only {LR}"


@pytest.mark.task(1)
def test_steplr_drops_by_gamma_every_step_size_epochs(runs):
    _, seen = runs["step"]
    expected = [LR * GAMMA ** ((i // STEPS) // STEP_SIZE) for i in range(EPOCHS * STEPS)]
    first_change = next((i for i in range(1, len(seen)) if seen[i] != seen[i - 1]), None)
    assert first_change in (None, STEP_SIZE * STEPS) or first_change >= len(expected), (
        f"StepLR(step_size={STEP_SIZE}) first changed the rate at optimizer step {first_change}, expected at step "
        f"{STEP_SIZE * STEPS} (after {STEP_SIZE} epochs of {STEPS} batches): call scheduler.step() once per EPOCH, not per batch")
    np.testing.assert_allclose(seen, expected, rtol=1e-9, err_msg=(
        f"StepLR: the rate should be lr * gamma ** (epoch // step_size) = {LR} then {LR * GAMMA} after epoch {STEP_SIZE}"))


@pytest.mark.task(1)
def test_onecycle_follows_its_definition_batch_by_batch(runs):
    _, seen = runs["onecycle"]
    total = EPOCHS * STEPS
    expected = onecycle_definition(total, MAX_LR, PCT)
    peak = int(np.argmax(seen))
    assert peak == round(PCT * total) - 1, (
        f"OneCycleLR peaked at optimizer step {peak}, expected step pct_start * total - 1 = {round(PCT * total) - 1}: "
        "create it with total_steps = epochs * steps_per_epoch and call scheduler.step() after EVERY batch")
    assert seen[0] == pytest.approx(MAX_LR / 25, rel=1e-9), f"the first rate is {seen[0]}, expected max_lr / div_factor = {MAX_LR / 25}"
    assert max(seen) == pytest.approx(MAX_LR, rel=1e-9), f"the peak rate is {max(seen)}, expected max_lr = {MAX_LR}"
    assert seen[-1] == pytest.approx(MAX_LR / 25 / 1e4, rel=1e-6), (
        f"the last rate is {seen[-1]}, expected initial / final_div_factor = {MAX_LR / 25 / 1e4}")
    np.testing.assert_allclose(seen, expected, rtol=1e-6, err_msg="OneCycleLR's rates differ from the cosine warm-up then annealing")


@pytest.mark.task(1)
def test_accuracies_are_measured_in_eval_mode_on_the_returned_model(sch, torch, runs, data):
    X, y, Xt, yt = data
    model, history = _history(runs, "onecycle")
    model.train()   # a model with dropout would differ; accuracy() must switch
    with torch.no_grad():
        model.eval()
        train_acc = int((model(X).argmax(1) == y).sum()) / len(y)
        test_acc = int((model(Xt).argmax(1) == yt).sum()) / len(yt)
    assert history["train_accuracy"][-1] == pytest.approx(train_acc, abs=1e-9), (
        f"history['train_accuracy'][-1] = {history['train_accuracy'][-1]}, the returned model scores {train_acc} on the training data")
    assert history["test_accuracy"][-1] == pytest.approx(test_acc, abs=1e-9)


@pytest.mark.task(1)
def test_every_schedule_learns(runs):
    finals = {name: _history(runs, name)[1]["test_accuracy"][-1] for name in runs}
    # measured: 0.85-0.90 on these 3,000 / 5,000 images after 4 epochs
    assert all(v >= 0.8 for v in finals.values()), f"final test accuracies {finals}: every schedule should pass 80 %"


@pytest.mark.task(1)
def test_training_is_seeded_and_leaves_global_state_alone(sch, torch, data):
    X, y, Xt, yt = data
    small = (X[:500], y[:500], Xt[:500], yt[:500])
    state = torch.get_rng_state()
    _, a = sch.train_with_schedule("fixed", *small, epochs=1, seed=3)
    assert torch.equal(torch.get_rng_state(), state), (
        "train_with_schedule changed torch's global random state: fork_rng around the model, a seeded Generator for the loader")
    _, b = sch.train_with_schedule("fixed", *small, epochs=1, seed=3)
    _, c = sch.train_with_schedule("fixed", *small, epochs=1, seed=4)
    assert a["train_loss"] == b["train_loss"], "two runs with seed 3 differ"
    assert a["train_loss"] != c["train_loss"], "seeds 3 and 4 gave the same run"


# ---------------------------------------------------------------- Task 2: curves and table

FAKE = {  # not from training: the plot and the table must show what they are given
    "fixed": {"test_accuracy": [0.81, 0.86, 0.88], "train_accuracy": [0.83, 0.9, 0.93]},
    "onecycle": {"test_accuracy": [0.79, 0.88, 0.93], "train_accuracy": [0.8, 0.91, 0.97]},
    "step": {"test_accuracy": [0.82, 0.85, 0.865], "train_accuracy": [0.84, 0.88, 0.9]},
}


@pytest.mark.task(2)
def test_learning_curves_have_one_labelled_line_per_schedule(sch, outdir):
    fig = sch.plot_learning_curves(FAKE, outdir / "curves_check.png")
    assert_png(outdir / "curves_check.png", what="plot_learning_curves(histories, path)")
    ax = fig.axes[0]
    lines = [l for l in ax.get_lines() if len(l.get_ydata()) == 3]
    assert len(lines) == 3, f"the plot has {len(lines)} curves of 3 epochs, expected one per schedule (3)"
    by_label = {l.get_label(): list(np.round(np.asarray(l.get_ydata(), dtype=float), 6)) for l in lines}
    assert by_label == {k: v["test_accuracy"] for k, v in FAKE.items()}, (
        f"the curves are {by_label}, expected each schedule's test accuracy, labelled with its name")
    assert sorted(legend_texts(ax)) == sorted(FAKE), f"the legend shows {legend_texts(ax)}, expected {sorted(FAKE)}"
    assert ax.get_xlabel() and ax.get_ylabel(), "label both axes"


@pytest.mark.task(2)
def test_accuracy_table_ranks_schedules_by_final_test_accuracy(sch):
    import pandas as pd

    table = sch.accuracy_table(FAKE)
    assert isinstance(table, pd.DataFrame), f"accuracy_table returned {type(table).__name__}, expected a DataFrame"
    assert list(table.index) == ["onecycle", "fixed", "step"], f"rows in the order {list(table.index)}, expected best test accuracy first"
    assert table.index.name == "schedule"
    assert table["final_test_accuracy"].tolist() == [0.93, 0.88, 0.865]
    assert table["final_train_accuracy"].tolist() == [0.97, 0.93, 0.9]


@pytest.mark.task(2)
def test_markdown_table_lists_the_rows_in_order(sch, outdir):
    import pandas as pd

    table = pd.DataFrame({"final_test_accuracy": [0.93125, 0.8799], "final_train_accuracy": [0.97, 0.91234]},
                         index=pd.Index(["onecycle", "fixed"], name="schedule"))
    text = sch.write_accuracy_table(table, outdir / "table_check.md").read_text(encoding="utf-8")
    rows = [[c.strip() for c in l.strip().strip("|").split("|")] for l in text.splitlines() if l.strip().startswith("|")]
    assert rows and rows[0] == ["schedule", "final_test_accuracy", "final_train_accuracy"], f"header row {rows[:1]}"
    assert re.fullmatch(r"[-:| ]+", text.splitlines()[1]), "the second line should be the Markdown separator (|---|---:|---:|)"
    body = rows[2:]
    assert body == [["onecycle", "0.9313", "0.9700"], ["fixed", "0.8799", "0.9123"]] or body == [
        ["onecycle", "0.9312", "0.9700"], ["fixed", "0.8799", "0.9123"]], f"table rows {body}: 4 decimals, in the table's order"


@pytest.mark.task(2)
def test_schedule_deliverables(sch, runs, outdir):
    histories = {name: _history(runs, name)[1] for name in runs}
    sch.plot_learning_curves(histories, outdir / "learning_curves.png")
    assert_png(outdir / "learning_curves.png", what="learning_curves.png")
    path = sch.write_accuracy_table(sch.accuracy_table(histories), outdir / "accuracy_table.md")
    text = path.read_text(encoding="utf-8")
    for name in histories:
        assert f"{histories[name]['test_accuracy'][-1]:.4f}" in text


# ---------------------------------------------------------------- Task 3: regularisation

CONFIGS = {"none": {}, "dropout 0.5": {"dropout": 0.5}, "weight decay": {"weight_decay": 1e-2}}


@pytest.fixture(scope="module")
def gap_table(sch, data):
    import torch
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    X, y, Xt, yt = data
    decays = set()
    handle = register_optimizer_step_pre_hook(lambda opt, a, k: decays.add(opt.param_groups[0]["weight_decay"]))
    try:
        torch.set_num_threads(1)
        table = sch.regularisation_gap(X[:1000], y[:1000], Xt, yt, CONFIGS, epochs=10, seed=SEED)
    finally:
        handle.remove()
    return table, decays


@pytest.mark.task(3)
def test_gap_table_has_a_row_per_configuration(gap_table):
    import pandas as pd

    table, decays = gap_table
    assert isinstance(table, pd.DataFrame), f"regularisation_gap returned {type(table).__name__}, expected a DataFrame"
    assert list(table.index) == list(CONFIGS), f"rows {list(table.index)}, expected {list(CONFIGS)} in the order given"
    for col in ("train_accuracy", "test_accuracy", "gap"):
        assert col in table.columns, f"regularisation_gap has columns {list(table.columns)}, missing {col!r}"
    np.testing.assert_allclose(table["gap"], table["train_accuracy"] - table["test_accuracy"], atol=1e-12,
                               err_msg="gap should be train_accuracy - test_accuracy")
    assert decays >= {0.0, 1e-2}, f"the optimizers ran with weight_decay {sorted(decays)}: pass each configuration's weight_decay to Adam"


@pytest.mark.task(3)
def test_dropout_narrows_the_gap_on_a_small_training_set(gap_table):
    table, _ = gap_table
    # measured on 1,000 images, 10 epochs, four seeds: gap 0.139-0.149 without, 0.106-0.126 with dropout 0.5
    assert table.loc["none", "train_accuracy"] > 0.95, "without regularisation the MLP should nearly memorise 1,000 images"
    assert table.loc["dropout 0.5", "gap"] < table.loc["none", "gap"], (
        f"dropout 0.5 left a gap of {table.loc['dropout 0.5', 'gap']:.3f} vs {table.loc['none', 'gap']:.3f} without: "
        "is the dropout configuration passed to the model, and are accuracies measured in eval mode?")


# ---------------------------------------------------------------- Task 4 (stretch): cosine annealing

@pytest.mark.task(4)
@pytest.mark.stretch
def test_cosine_annealing_per_batch(sch, torch, data):
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    X, y, Xt, yt = data
    seen = []
    handle = register_optimizer_step_pre_hook(lambda opt, a, k: seen.append(opt.param_groups[0]["lr"]))
    try:
        sch.train_with_schedule("cosine", X[:600], y[:600], Xt[:200], yt[:200], epochs=2, batch_size=BATCH, lr=LR, seed=1)
    finally:
        handle.remove()
    total = 2 * 6
    expected = [LR * (1 + math.cos(math.pi * i / total)) / 2 for i in range(total)]
    np.testing.assert_allclose(seen, expected, rtol=1e-6, err_msg=(
        "cosine: lr * (1 + cos(pi * t / T)) / 2 at optimizer step t, T = epochs * steps_per_epoch, stepped per batch"))
