"""Day 32 — Transfer learning: ResNet-18 from nn modules, head, freezing, learning rates, real pretraining on
CIFAR-10's vehicles transferred to its animals, the accuracy table."""
import copy
import csv
import re
import time

import numpy as np
import pytest

from katalib import kata
from katalib.randomstate import call_keeps_global_state

VEHICLES = ("airplane", "automobile", "ship", "truck")
ANIMALS = ("bird", "cat", "deer", "dog", "frog", "horse")
# the required tier's small budget (mechanics); the slow test's budget (the transfer margin), see README
PRE_PER_CLASS, PRE_EPOCHS = 100, 1
FT_PER_CLASS, TEST_PER_CLASS = 10, 100
SLOW = dict(pre_per_class=5000, pre_epochs=4, ft_per_class=100, ft_epochs=15, test_per_class=500)
SLOW_MARGIN = 0.04


@pytest.fixture(scope="module")
def tl():
    return kata.load("day32", "transfer")


def _select(images, labels, classes, wanted, per_class, seed):
    """The test's own class selection: wanted classes relabelled 0..k-1, a seeded sample, shuffled."""
    rng = np.random.default_rng(seed)
    idx = np.concatenate([rng.choice(np.flatnonzero(labels == list(classes).index(c)), per_class, replace=False)
                          for c in wanted])
    new = np.concatenate([np.full(per_class, k, dtype=np.int64) for k in range(len(wanted))])
    order = rng.permutation(len(idx))
    return images[idx[order]], new[order]


def _predict(torch, model, images, mean, std):
    """The test's own evaluation: standardise, eval mode, no gradients, argmax."""
    x = ((images / 255.0 - np.array(mean)) / np.array(std)).transpose(0, 3, 1, 2).astype(np.float32)
    model.eval()
    with torch.no_grad():
        return torch.cat([model(torch.from_numpy(x[i:i + 500])).argmax(1) for i in range(0, len(x), 500)]).numpy()


def _snapshot(model, skip_fc=True):
    return {k: v.detach().clone() for k, v in model.state_dict().items() if not (skip_fc and k.startswith("fc."))}


def _n_params(model):
    return sum(p.numel() for p in model.parameters())


# The required tier draws everything from the 10,000 test images (they load 4x faster than the 50,000
# training images): vehicles to pretrain, and disjoint animal images to fine-tune and to evaluate.
@pytest.fixture(scope="module")
def vehicles(_cifar10_test_original):
    images, labels, classes = _cifar10_test_original
    return _select(images, labels, classes, VEHICLES, PRE_PER_CLASS, seed=0)


@pytest.fixture(scope="module")
def animals(_cifar10_test_original):
    images, labels, classes = _cifar10_test_original
    x, y = _select(images, labels, classes, ANIMALS, FT_PER_CLASS + TEST_PER_CLASS, seed=1)
    train = np.concatenate([np.flatnonzero(y == k)[:FT_PER_CLASS] for k in range(len(ANIMALS))])
    train = np.random.default_rng(2).permutation(train)
    test = np.setdiff1d(np.arange(len(y)), train)
    return x[train], y[train], x[test], y[test]


@pytest.fixture(scope="module")
def pretrained(tl, vehicles):
    """The learner's pretrain() on 400 seeded vehicle images for one epoch (width 16), run once."""
    import torch

    torch.set_num_threads(1)
    model, history = tl.pretrain(*vehicles, width=16, epochs=PRE_EPOCHS, seed=0)
    return model, history


# ---------------------------------------------------------------- Task 1: the basic block

def _zero_bn(torch, block):
    with torch.no_grad():
        for m in block.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.zero_()
                m.bias.zero_()
    return block.eval()


def _one_by_one(torch, module):
    return [m for m in module.modules() if isinstance(m, torch.nn.Conv2d) and m.kernel_size == (1, 1)]


@pytest.mark.task(1)
def test_basic_block_keeps_the_shape_and_adds_the_identity(tl, torch):
    block = tl.basic_block(16, 16)
    assert isinstance(block, torch.nn.Module), f"basic_block(16, 16) returned {type(block).__name__}, expected an nn.Module"
    n = _n_params(block)
    assert n == 4672, (f"basic_block(16, 16) has {n:,} parameters, expected 4,672: two 3x3 convs without bias "
                       "(2 x 16*16*9) and two BatchNorm2d (2 x 32), no projection when the shapes match")
    assert not _one_by_one(torch, block), "basic_block(16, 16, stride=1) needs no 1x1 projection: the shortcut is the identity"
    x = torch.randn(2, 16, 8, 8)
    with torch.no_grad():
        out = block.eval()(x)
        assert tuple(out.shape) == (2, 16, 8, 8), f"basic_block(16, 16) maps (2, 16, 8, 8) to {tuple(out.shape)}"
        silent = _zero_bn(torch, block)(x)
    assert torch.allclose(silent, torch.relu(x), atol=1e-6), (
        "with every BatchNorm's weight and bias set to 0 the main path gives 0, so the block should return "
        "ReLU(x): add the input (the identity shortcut) before the last ReLU")


@pytest.mark.task(1)
@pytest.mark.parametrize("c_in,c_out,stride,n_params", [(16, 32, 2, 14_528), (16, 32, 1, 14_528), (16, 16, 2, 4_960)])
def test_basic_block_projects_the_shortcut_when_the_shape_changes(tl, torch, c_in, c_out, stride, n_params):
    block = tl.basic_block(c_in, c_out, stride)
    x = torch.randn(2, c_in, 8, 8)
    with torch.no_grad():
        out = block.eval()(x)
    size = 8 // stride
    assert tuple(out.shape) == (2, c_out, size, size), (
        f"basic_block({c_in}, {c_out}, stride={stride}) maps (2, {c_in}, 8, 8) to {tuple(out.shape)}, "
        f"expected (2, {c_out}, {size}, {size}): the first 3x3 conv has the stride")
    proj = _one_by_one(torch, block)
    assert len(proj) == 1 and proj[0].stride == (stride, stride) and proj[0].bias is None, (
        f"basic_block({c_in}, {c_out}, stride={stride}) needs a projection shortcut: one Conv2d 1x1 with "
        f"stride {stride} and no bias (then a BatchNorm2d); found {proj}")
    assert _n_params(block) == n_params, (
        f"basic_block({c_in}, {c_out}, stride={stride}) has {_n_params(block):,} parameters, expected {n_params:,}")


# ---------------------------------------------------------------- Task 2: ResNet-18

@pytest.mark.task(2)
def test_resnet18_has_torchvisions_parameter_count(tl, torch):
    model = tl.resnet18()
    assert isinstance(model, torch.nn.Module), f"resnet18() returned {type(model).__name__}, expected an nn.Module"
    n = _n_params(model)
    assert n == 11_689_512, (f"resnet18() has {n:,} parameters, expected 11,689,512 (torchvision's ResNet-18): "
                             "check the 7x7 stem without bias, the two blocks per stage and the projections")
    n10 = _n_params(tl.resnet18(num_classes=10))
    assert n10 == 11_181_642, f"resnet18(num_classes=10) has {n10:,} parameters, expected 11,181,642"
    n1 = _n_params(tl.resnet18(num_classes=10, in_channels=1))
    assert n1 == 11_175_370, f"resnet18(num_classes=10, in_channels=1) has {n1:,} parameters, expected 11,175,370"
    proj = _one_by_one(torch, model)
    assert len(proj) == 3, f"ResNet-18 has three projection shortcuts (first block of layer2, layer3, layer4), found {len(proj)}"


@pytest.mark.task(2)
@pytest.mark.parametrize("width", [64, 16])
def test_resnet18_stage_output_shapes(tl, torch, width):
    model = tl.resnet18(num_classes=7, width=width).eval()
    names = ["conv1", "maxpool", "layer1", "layer2", "layer3", "layer4", "fc"]
    missing = [n for n in names if not hasattr(model, n)]
    assert not missing, f"resnet18() has no attribute(s) {missing}: use torchvision's names (README Task 2)"
    for n in ["layer1", "layer2", "layer3", "layer4"]:
        assert len(getattr(model, n)) == 2, f"model.{n} should hold two basic blocks, found {len(getattr(model, n))}"
    shapes = {}
    hooks = [getattr(model, n).register_forward_hook(lambda m, i, o, n=n: shapes.__setitem__(n, tuple(o.shape)))
             for n in names]
    with torch.no_grad():
        out = model(torch.randn(2, 3, 64, 64))
    for h in hooks:
        h.remove()
    w = width
    expected = {"conv1": (2, w, 32, 32), "maxpool": (2, w, 16, 16), "layer1": (2, w, 16, 16),
                "layer2": (2, 2 * w, 8, 8), "layer3": (2, 4 * w, 4, 4), "layer4": (2, 8 * w, 2, 2), "fc": (2, 7)}
    assert shapes == expected, (f"resnet18(num_classes=7, width={w}) on a (2, 3, 64, 64) batch: stage outputs "
                                f"{shapes}, expected {expected}")
    assert tuple(out.shape) == (2, 7)
    assert model.fc.in_features == 8 * w, f"fc should take the {8 * w} pooled features, takes {model.fc.in_features}"


# ---------------------------------------------------------------- Task 3: head, freezing, learning rates

@pytest.mark.task(3)
def test_replace_head_gives_a_new_layer_with_the_new_classes(tl, torch):
    model = tl.resnet18(num_classes=4, width=16)
    before = _snapshot(model)
    out = tl.replace_head(model, 6)
    assert out is model, "replace_head should return the model it was given (with the new head in place)"
    assert isinstance(model.fc, torch.nn.Linear), f"model.fc is {type(model.fc).__name__}, expected nn.Linear"
    assert (model.fc.in_features, model.fc.out_features) == (128, 6), (
        f"after replace_head(model, 6) model.fc is Linear({model.fc.in_features}, {model.fc.out_features}), expected Linear(128, 6)")
    with torch.no_grad():
        assert tuple(model.eval()(torch.randn(3, 3, 32, 32)).shape) == (3, 6)
    after = _snapshot(model)
    assert all(torch.equal(before[k], after[k]) for k in before), "replace_head changed the backbone: only fc is new"


@pytest.mark.task(3)
def test_freeze_backbone_stops_gradients_and_batchnorm_statistics(tl, torch):
    model = tl.resnet18(num_classes=6, width=16)
    model.train()
    out = tl.freeze_backbone(model)
    assert out is model, "freeze_backbone should return the model"
    wrong = [n for n, p in model.named_parameters() if p.requires_grad != n.startswith("fc.")]
    assert not wrong, (f"after freeze_backbone, requires_grad is wrong for {wrong[:4]}...: only fc.weight and "
                       "fc.bias stay trainable")
    bn_train = [n for n, m in model.named_modules() if isinstance(m, torch.nn.BatchNorm2d) and m.training]
    assert not bn_train, (f"after freeze_backbone the BatchNorm layers {bn_train[:3]}... are still in train mode: "
                          "they would keep updating running_mean/running_var. Put the backbone in eval mode")
    assert model.fc.training, "the head (fc) should stay in train mode"


@pytest.mark.task(3)
def test_param_groups_give_the_backbone_and_the_head_their_own_learning_rates(tl, torch):
    model = tl.resnet18(num_classes=6, width=16)
    groups = tl.param_groups(model, 1e-4, 3e-3)
    optimiser = torch.optim.Adam(groups)
    lr_of = {}
    for group in optimiser.param_groups:
        for p in group["params"]:
            assert id(p) not in lr_of, "a parameter is in two groups"
            lr_of[id(p)] = group["lr"]
    named = list(model.named_parameters())
    assert len(lr_of) == len(named), f"the groups hold {len(lr_of)} parameters, the model has {len(named)}: every one, once"
    wrong = [(n, lr_of[id(p)]) for n, p in named if lr_of[id(p)] != (3e-3 if n.startswith("fc.") else 1e-4)]
    assert not wrong, (f"param_groups(model, backbone_lr=1e-4, head_lr=3e-3): wrong learning rate for {wrong[:4]}: "
                       "the head (fc) gets head_lr, everything else backbone_lr")


# ---------------------------------------------------------------- Task 4: pretraining and fine-tuning

@pytest.mark.task(4)
def test_pretrain_is_seeded_without_global_random_state(tl, torch, vehicles, pretrained):
    model, history = pretrained
    assert isinstance(model, torch.nn.Module) and model.fc.out_features == 4, (
        "pretrain should return (model, history) with a 4-class head for the 4 vehicle classes")
    assert model.conv1.out_channels == 16, f"pretrain(..., width=16) built conv1 with {model.conv1.out_channels} channels"
    assert isinstance(history, list) and len(history) == PRE_EPOCHS and all(isinstance(v, float) for v in history), (
        f"pretrain(..., epochs={PRE_EPOCHS}) returned history {history!r}, expected a list of {PRE_EPOCHS} floats")
    images, labels = vehicles[0][:96], vehicles[1][:96]
    state = torch.get_rng_state()
    torch.manual_seed(12345)
    probe = torch.get_rng_state()
    a, ha = call_keeps_global_state(lambda: tl.pretrain(images, labels, width=8, epochs=1, seed=3),
                                    "pretrain(images, labels, width=8, epochs=1, seed=3)")
    assert torch.equal(torch.get_rng_state(), probe), (
        "pretrain changed torch's global random state (torch.manual_seed or a draw without generator=): "
        "initialise inside torch.random.fork_rng() and shuffle with your own torch.Generator")
    torch.set_rng_state(state)
    b, hb = tl.pretrain(images, labels, width=8, epochs=1, seed=3)
    c, hc = tl.pretrain(images, labels, width=8, epochs=1, seed=4)
    assert ha == hb and all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values())), (
        "two pretrain runs with seed=3 gave different models: the weights and the batches must come from the seed")
    assert not torch.equal(a.conv1.weight, c.conv1.weight), "seed=3 and seed=4 gave the same weights: use the seed"


@pytest.mark.task(4)
def test_frozen_fine_tune_changes_only_the_head(tl, torch, pretrained, animals):
    model0, _ = pretrained
    x, y = animals[0], animals[1]
    before = _snapshot(model0, skip_fc=False)
    frozen, history = tl.fine_tune(model0, x, y, mode="frozen", epochs=2, seed=0)
    assert frozen is not model0, "fine_tune should train a copy (copy.deepcopy) and leave `pretrained` as it was"
    assert all(torch.equal(before[k], v) for k, v in model0.state_dict().items()), "fine_tune modified `pretrained`"
    assert frozen.fc.out_features == 6, f"the fine-tuned head has {frozen.fc.out_features} outputs, expected 6 animal classes"
    assert isinstance(history, list) and len(history) == 2, f"fine_tune(..., epochs=2) returned history {history!r}"
    after = frozen.state_dict()
    changed = [k for k in before if not k.startswith("fc.") and not torch.equal(before[k], after[k])]
    assert not changed, (f"the frozen run changed backbone tensors {changed[:4]}: requires_grad=False is not enough, "
                         "BatchNorm's running_mean/running_var/num_batches_tracked change in train mode: keep the "
                         "backbone in eval mode while training the head")
    one, _ = tl.fine_tune(model0, x, y, mode="frozen", epochs=1, seed=0)
    assert not torch.equal(one.fc.weight, frozen.fc.weight), "the head did not change between epoch 1 and epoch 2"


@pytest.mark.task(4)
def test_full_fine_tune_trains_the_backbone_at_backbone_lr(tl, torch, pretrained, animals):
    model0, _ = pretrained
    x, y = animals[0], animals[1]
    before = _snapshot(model0, skip_fc=False)
    full, _ = tl.fine_tune(model0, x, y, mode="full", epochs=1, seed=0)
    assert all(torch.equal(before[k], v) for k, v in model0.state_dict().items()), "fine_tune modified `pretrained`"
    assert not torch.equal(full.conv1.weight, model0.conv1.weight), "the full fine-tune did not change the backbone"
    assert all(p.requires_grad for p in full.parameters()), "in the full fine-tune every parameter is trainable"
    still, _ = tl.fine_tune(model0, x, y, mode="full", epochs=1, backbone_lr=0.0, lr=1e-3, seed=0)
    params = dict(still.named_parameters())
    moved = [n for n, p in model0.named_parameters() if not n.startswith("fc.") and not torch.equal(p, params[n])]
    assert not moved, (f"fine_tune(mode='full', backbone_lr=0.0) changed backbone weights {moved[:3]}: the backbone's "
                       "learning rate must be backbone_lr, the head's lr (param_groups)")
    head, _ = tl.fine_tune(model0, x, y, mode="full", epochs=1, backbone_lr=0.0, lr=0.0, seed=0)
    assert not torch.equal(head.fc.weight, still.fc.weight), "with lr > 0 the head should be trained in the full fine-tune"


@pytest.mark.task(4)
def test_scratch_fine_tune_and_seeding(tl, torch, pretrained, animals):
    model0, _ = pretrained
    x, y = animals[0], animals[1]
    with pytest.raises(ValueError):
        tl.fine_tune(model0, x, y, mode="linear", epochs=1, seed=0)
    torch.manual_seed(777)
    probe = torch.get_rng_state()
    scratch, h1 = call_keeps_global_state(lambda: tl.fine_tune(model0, x, y, mode="scratch", epochs=1, seed=5),
                                          "fine_tune(pretrained, x, y, mode='scratch', epochs=1, seed=5)")
    assert torch.equal(torch.get_rng_state(), probe), (
        "fine_tune changed torch's global random state: initialise inside torch.random.fork_rng() with the seed "
        "and draw batches from a torch.Generator")
    assert scratch.conv1.out_channels == model0.conv1.out_channels and scratch.fc.out_features == 6
    untrained, _ = tl.fine_tune(model0, x, y, mode="scratch", epochs=1, lr=0.0, seed=5)
    pre = dict(model0.named_parameters())
    same = [n for n, p in untrained.named_parameters()
            if not n.startswith("fc.") and p.shape == pre[n].shape and torch.equal(p, pre[n])]
    assert not same, (f"fine_tune(mode='scratch', lr=0.0) still holds the pretrained weights {same[:3]}: "
                      "'scratch' starts from a fresh resnet18 of the same width, weights drawn from the seed")
    again, h2 = tl.fine_tune(model0, x, y, mode="scratch", epochs=1, seed=5)
    assert h1 == h2 and torch.equal(again.conv1.weight, scratch.conv1.weight), "the same seed gave different runs"
    _, h3 = tl.fine_tune(model0, x, y, mode="frozen", epochs=1, seed=6)
    _, h4 = tl.fine_tune(model0, x, y, mode="frozen", epochs=1, seed=5)
    assert h3 != h4, "seed=5 and seed=6 gave the same frozen run: the new head and the batches come from the seed"


# ---------------------------------------------------------------- Task 5: the deliverable

@pytest.mark.task(5)
@pytest.mark.timeout(180)
def test_transfer_table_matches_the_models_it_returns(tl, torch, pretrained, animals, outdir):
    import pandas as pd

    model0, _ = pretrained
    x, y, xt, yt = animals
    before = _snapshot(model0, skip_fc=False)
    table, models = call_keeps_global_state(
        lambda: tl.transfer_table(model0, x, y, xt, yt, outdir, epochs=2, seed=0),
        "transfer_table(pretrained, ..., epochs=2, seed=0)")
    assert isinstance(table, pd.DataFrame), f"transfer_table should return a DataFrame first, got {type(table).__name__}"
    assert list(table.columns[:3]) == ["mode", "accuracy", "final_loss"], f"table columns {list(table.columns)}"
    assert table["mode"].tolist() == ["scratch", "frozen", "full"], f"modes {table['mode'].tolist()}"
    assert isinstance(models, dict) and set(models) == {"scratch", "frozen", "full"}, "models: a dict mode -> model"
    frozen_state = models["frozen"].state_dict()
    assert all(torch.equal(before[k], frozen_state[k]) for k in before if not k.startswith("fc.")), (
        "the frozen model in the table changed its backbone")
    for mode in ("scratch", "frozen", "full"):
        acc = float((_predict(torch, models[mode], xt, tl.CIFAR_MEAN, tl.CIFAR_STD) == yt).mean())
        got = table.loc[table["mode"] == mode, "accuracy"].iloc[0]
        assert isinstance(got, (float, np.floating)), f"accuracy for {mode} is {type(got).__name__}, expected a float"
        assert abs(got - acc) < 1e-9, (f"the table says {mode} reached {got:.4f}, its model predicts {acc:.4f} of the "
                                       f"{len(yt)} test images right: report the returned models' accuracy")
    with open(outdir / "transfer_table.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["mode"] for r in rows] == ["scratch", "frozen", "full"], f"CSV rows {rows}"
    np.testing.assert_allclose([float(r["accuracy"]) for r in rows], table["accuracy"].to_numpy(), atol=1e-9,
                               err_msg="transfer_table.csv's accuracies differ from the returned table")
    md = (outdir / "transfer_table.md").read_text()
    for mode, acc in zip(table["mode"], table["accuracy"]):
        line = next((ln for ln in md.splitlines() if re.search(rf"\|\s*{mode}\s*\|", ln)), None)
        assert line is not None, f"transfer_table.md has no table row for {mode}:\n{md}"
        assert f"{100 * acc:.1f} %" in line, f"the Markdown row for {mode} should show {100 * acc:.1f} %: {line!r}"


# ---------------------------------------------------------------- Task 6 (stretch): discriminative learning rates

@pytest.mark.task(6)
@pytest.mark.stretch
def test_layerwise_learning_rates_decay_from_the_head_to_the_stem(tl, torch):
    model = tl.resnet18(num_classes=6, width=16)
    optimiser = torch.optim.Adam(tl.layerwise_param_groups(model, head_lr=1e-2, decay=0.5))
    lr_of = {}
    for group in optimiser.param_groups:
        for p in group["params"]:
            assert id(p) not in lr_of, "a parameter is in two groups"
            lr_of[id(p)] = group["lr"]
    named = list(model.named_parameters())
    assert len(lr_of) == len(named), f"the groups hold {len(lr_of)} of the model's {len(named)} parameters"
    depth = {"fc": 0, "layer4": 1, "layer3": 2, "layer2": 3, "layer1": 4, "conv1": 5, "bn1": 5}
    wrong = [(n, lr_of[id(p)]) for n, p in named
             if not np.isclose(lr_of[id(p)], 1e-2 * 0.5 ** depth[n.split(".")[0]], rtol=1e-9)]
    assert not wrong, (f"layerwise_param_groups(model, head_lr=1e-2, decay=0.5): wrong rates {wrong[:4]}: fc gets "
                       "head_lr, layer4 head_lr*decay, layer3 *decay**2, ..., the stem (conv1, bn1) *decay**5")


# ---------------------------------------------------------------- slow: transfer beats training from scratch

@pytest.mark.task(5)
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_transfer_beats_training_from_scratch(tl, torch, cifar10_train, cifar10_test, tmp_path):
    s = SLOW
    start = time.perf_counter()
    model0, _ = tl.pretrain(*_select(*cifar10_train, VEHICLES, s["pre_per_class"], seed=0), width=16,
                            epochs=s["pre_epochs"], seed=0)
    x, y = _select(*cifar10_train, ANIMALS, s["ft_per_class"], seed=1)
    xt, yt = _select(*cifar10_test, ANIMALS, s["test_per_class"], seed=2)
    table, _ = tl.transfer_table(model0, x, y, xt, yt, tmp_path, epochs=s["ft_epochs"], seed=0)
    acc = dict(zip(table["mode"], table["accuracy"]))
    print(f"\nday32 slow: {acc} in {time.perf_counter() - start:.0f} s")
    best = max(acc["frozen"], acc["full"])
    assert best >= acc["scratch"] + SLOW_MARGIN, (
        f"transfer (frozen {acc['frozen']:.3f}, full {acc['full']:.3f}) should beat training from scratch "
        f"({acc['scratch']:.3f}) by at least {SLOW_MARGIN}")
