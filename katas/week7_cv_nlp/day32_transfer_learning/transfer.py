# day32 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 32 — Transfer learning: ResNet-18 from nn modules, a new head, frozen vs full fine-tuning,
and a real (small) pretraining on CIFAR-10's vehicles transferred to its animals.

torch and pandas are imported inside the functions. Images come from
`katalib.datasets.load_cifar10(split)`: uint8 (n, 32, 32, 3) RGB, labels int64 0-9.
Every seeded function draws from its own `torch.Generator().manual_seed(seed)`; weights are
initialised inside `torch.random.fork_rng()` so torch's global random state is left as it was.
"""
from pathlib import Path

import numpy as np

CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)
VEHICLES = ("airplane", "automobile", "ship", "truck")
ANIMALS = ("bird", "cat", "deer", "dog", "frog", "horse")


# ---------------------------------------------------------------- provided helpers

def to_tensor(images: np.ndarray):
    """uint8 (n, 32, 32, 3) -> float32 (n, 3, 32, 32), scaled to 0-1 and standardised per channel."""
    import torch

    x = torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float().div(255)
    return ((x - torch.tensor(CIFAR_MEAN).view(1, 3, 1, 1)) / torch.tensor(CIFAR_STD).view(1, 3, 1, 1)).contiguous()


def select_classes(images: np.ndarray, labels: np.ndarray, classes, wanted, per_class=None, seed: int = 0):
    """The images of the `wanted` class names, relabelled 0..len(wanted)-1 in the order of `wanted`.

    per_class: keep that many images of each wanted class, drawn with np.random.default_rng(seed)
    (None keeps them all). The result is shuffled with the same generator. Returns (images, labels int64).
    """
    rng = np.random.default_rng(seed)
    keep, new = [], []
    for k, name in enumerate(wanted):
        idx = np.flatnonzero(labels == list(classes).index(name))
        if per_class is not None:
            idx = rng.choice(idx, size=per_class, replace=False)
        keep.append(idx)
        new.append(np.full(len(idx), k, dtype=np.int64))
    keep, new = np.concatenate(keep), np.concatenate(new)
    order = rng.permutation(len(keep))
    return images[keep[order]], new[order]


def predict(model, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Class predictions, int64 (n,), in eval mode without gradients (the model's mode is restored)."""
    import torch

    was = [m.training for m in model.modules()]
    model.eval()
    with torch.no_grad():
        x = to_tensor(images)
        out = torch.cat([model(x[i:i + batch_size]).argmax(1) for i in range(0, len(x), batch_size)])
    for m, t in zip(model.modules(), was):
        m.training = t
    return out.numpy().astype(np.int64)


# ---------------------------------------------------------------- Task 1: the basic block

def basic_block(in_channels: int, out_channels: int, stride: int = 1):
    """ResNet's basic block as an nn.Module: input (N, in_channels, H, W) -> (N, out_channels, H/stride, W/stride).

    Main path: conv3x3(stride, no bias) -> BatchNorm2d -> ReLU -> conv3x3(no bias) -> BatchNorm2d.
    Shortcut: the identity when stride == 1 and in_channels == out_channels, otherwise a projection
    conv1x1(stride, no bias) -> BatchNorm2d. Output: ReLU(main + shortcut).
    """
    raise NotImplementedError('day32 task 1: implement basic_block() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — an nn.Module subclass defined here (torch is imported inside); forward adds the shortcut before the last ReLU (README Task 1; `make hint DAY=32`)')


# ---------------------------------------------------------------- Task 2: ResNet-18

def resnet18(num_classes: int = 1000, in_channels: int = 3, width: int = 64):
    """torchvision's ResNet-18 layout as an nn.Module with these attribute names:

    conv1 (7x7, stride 2, padding 3, no bias, in_channels -> width), bn1, relu,
    maxpool (3x3, stride 2, padding 1), layer1..layer4 (nn.Sequential of two basic blocks each;
    widths width, 2*width, 4*width, 8*width; the first block of layer2..4 has stride 2),
    avgpool (AdaptiveAvgPool2d(1)), fc (Linear(8*width, num_classes)).
    11,689,512 parameters for the defaults. Input (N, in_channels, H, W) -> logits (N, num_classes).
    """
    raise NotImplementedError('day32 task 2: implement resnet18() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — an nn.Module with the attributes above; a helper makes one stage from two basic_block calls (README Task 2; `make hint DAY=32`)')


# ---------------------------------------------------------------- Task 3: head, freezing, learning rates

def replace_head(model, num_classes: int):
    """Put a new, freshly initialised nn.Linear(model.fc.in_features, num_classes) at model.fc; return model."""
    raise NotImplementedError('day32 task 3: implement replace_head() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — nn.Linear(model.fc.in_features, num_classes) (README Task 3; `make hint DAY=32`)')


def freeze_backbone(model):
    """Freeze everything but model.fc: requires_grad=False on every other parameter, and the whole
    backbone in eval mode (its BatchNorm layers must not update their running statistics); model.fc
    stays trainable and in train mode. Returns model."""
    raise NotImplementedError('day32 task 3: implement freeze_backbone() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — loop over named_parameters; model.eval() then model.fc.train() (README Task 3; `make hint DAY=32`)')


def param_groups(model, backbone_lr: float, head_lr: float) -> list:
    """Two optimizer parameter groups: [{"params": [every parameter but fc's], "lr": backbone_lr},
    {"params": [fc's parameters], "lr": head_lr}] — pass the list to torch.optim.Adam."""
    raise NotImplementedError('day32 task 3: implement param_groups() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — split model.named_parameters() on the "fc." prefix (README Task 3; `make hint DAY=32`)')


# ---------------------------------------------------------------- Task 4: pretraining and fine-tuning

def _train(model, images, labels, optimiser, epochs, batch_size, g, frozen):
    """One seeded loop (provided for tasks 4 and 5): returns the mean loss of every epoch."""
    import torch

    x, y = to_tensor(images), torch.as_tensor(np.asarray(labels), dtype=torch.int64)
    loss_fn = torch.nn.CrossEntropyLoss()
    history = []
    for _ in range(epochs):
        if frozen:
            freeze_backbone(model)
        else:
            model.train()
        order = torch.randperm(len(x), generator=g)
        total = 0.0
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            xb = x[idx]
            mirror = torch.rand(len(xb), generator=g) < 0.5
            xb = torch.where(mirror.view(-1, 1, 1, 1), xb.flip(3), xb)
            optimiser.zero_grad()
            loss = loss_fn(model(xb), y[idx])
            loss.backward()
            optimiser.step()
            total += loss.item() * len(idx)
        history.append(total / len(x))
    return history


def pretrain(images: np.ndarray, labels: np.ndarray, *, width: int = 16, epochs: int = 3,
             batch_size: int = 64, lr: float = 2e-3, seed: int = 0):
    """Train a fresh resnet18(num_classes=labels.max() + 1, width=width) on (images, labels).

    The weights are initialised from `seed` inside torch.random.fork_rng() (torch.manual_seed(seed)
    there), the batches shuffled and mirrored with torch.Generator().manual_seed(seed); Adam(lr).
    Returns (model, history): history is the list of mean training losses, one per epoch.
    """
    raise NotImplementedError('day32 task 4: implement pretrain() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — fork_rng + manual_seed for the init, a Generator for the batches, Adam, the provided _train (README Task 4; `make hint DAY=32`)')


def fine_tune(pretrained, images: np.ndarray, labels: np.ndarray, *, mode: str, epochs: int = 10,
              batch_size: int = 32, lr: float = 2e-3, backbone_lr: float = 2e-4, seed: int = 0):
    """Train a classifier for labels 0..labels.max() starting from `pretrained`, which is not modified.

    mode "scratch": a fresh resnet18 of the same width (weights from `seed`, as in pretrain), all
    layers at lr. "frozen": a copy of `pretrained` with a new head (replace_head, initialised from
    `seed`), freeze_backbone, only the head is trained, at lr. "full": a copy with a new head, every
    layer trained, backbone at backbone_lr and head at lr (param_groups). Adam, same seeded loop
    for all three. Returns (model, history). Any other mode raises ValueError.
    """
    raise NotImplementedError('day32 task 4: implement fine_tune() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — copy.deepcopy(pretrained); fork_rng for the new weights; the optimiser per mode; _train(..., frozen=mode == "frozen") (README Task 4; `make hint DAY=32`)')


# ---------------------------------------------------------------- Task 5: the deliverable

def transfer_table(pretrained, train_images, train_labels, test_images, test_labels, outdir, *,
                   epochs: int = 10, lr: float = 2e-3, backbone_lr: float = 2e-4, seed: int = 0):
    """Fine-tune in the three modes (same data, seed, epochs and learning rates) and compare them.

    Returns (table, models): table is a pandas DataFrame with the columns "mode" (scratch, frozen,
    full, in that order), "accuracy" (share of test_images predicted right, a float in 0-1) and
    "final_loss" (last epoch's training loss); models maps each mode to its fine-tuned model.
    Writes the table to outdir/transfer_table.csv (those columns, no index) and
    outdir/transfer_table.md (a Markdown table, accuracies as percentages with one decimal, e.g. 41.3 %).
    """
    raise NotImplementedError('day32 task 5: implement transfer_table() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — loop over the modes, predict on test_images, pd.DataFrame, to_csv(index=False), a Markdown table by hand or DataFrame.to_markdown (README Task 5; `make hint DAY=32`)')


# ---------------------------------------------------------------- Task 6 (stretch): discriminative learning rates

def layerwise_param_groups(model, head_lr: float, decay: float = 0.5) -> list:
    """One optimizer group per depth, the learning rate shrinking by `decay` per step away from the head:
    fc at head_lr, layer4 at head_lr*decay, layer3 at head_lr*decay**2, layer2 *decay**3,
    layer1 *decay**4 and the stem (conv1, bn1) at head_lr*decay**5. Every parameter in exactly one group."""
    raise NotImplementedError("day32 task 6: implement layerwise_param_groups() in katas/week7_cv_nlp/day32_transfer_learning/transfer.py — map each parameter's first name part (fc, layer4, ..., conv1/bn1) to its depth (README Task 6; `make hint DAY=32`)")
