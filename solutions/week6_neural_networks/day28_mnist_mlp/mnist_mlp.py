"""Day 28 — MNIST with a 784-128-64-10 MLP: seeded loaders, Adam, eval-mode accuracy, TensorBoard scalars.

Trained on the real 60,000 training images, scored on the real 10,000 test images: three epochs of
Adam (lr 1e-3, batch 128) reach about 97 %. Loss and accuracy per epoch go to TensorBoard;
the "screenshot" deliverable is a PNG of those scalars drawn from the event file.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

LOSS_TAG = "train/loss"          # the TensorBoard tags train() writes, one point per epoch (step = 1, 2, ...)
ACCURACY_TAG = "test/accuracy"
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081   # of the 60,000 training pixels scaled to [0, 1]


# ---------------------------------------------------------------- Task 1: data and model

def to_tensors(images: np.ndarray, labels: np.ndarray):
    """MNIST arrays as tensors for the MLP.

    Args:
        images: uint8 (n, 28, 28); labels: integer (n,).
    Returns:
        (X, y): X float32 (n, 784), standardised: (pixels / 255 - MNIST_MEAN) / MNIST_STD, so the
        training pixels have mean ~0 and std ~1 (with [0, 1] pixels two epochs fall short of 96 %);
        y int64 (n,). The inputs are not modified.
    """
    # BEGIN SOLUTION (task 1) reshape to (n, 784), float32, / 255, standardise with MNIST_MEAN and MNIST_STD; labels as int64
    import torch

    X = torch.from_numpy((images.reshape(len(images), -1).astype(np.float32) / 255.0 - MNIST_MEAN) / MNIST_STD)
    y = torch.from_numpy(np.asarray(labels).astype(np.int64))
    return X, y
    # END SOLUTION


def build_mlp(dropout: float = 0.0):
    """784 -> 128 -> 64 -> 10: Linear, ReLU, [Dropout(dropout)], Linear, ReLU, [Dropout(dropout)], Linear.

    Returns an nn.Module (an nn.Sequential is simplest) mapping float (n, 784) to logits (n, 10):
    no softmax at the end (nn.CrossEntropyLoss takes logits). 109,386 parameters. Its weights are
    drawn from torch's global generator: seed around it (see fit_mnist).
    """
    # BEGIN SOLUTION (task 1) nn.Sequential of three nn.Linear with nn.ReLU (and nn.Dropout when dropout > 0) between
    from torch import nn

    layers = [nn.Linear(784, 128), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(dropout))
    layers += [nn.Linear(128, 64), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(64, 10))
    return nn.Sequential(*layers)
    # END SOLUTION


def count_parameters(model) -> int:
    """The number of trainable numbers in a model (sum of numel over parameters that require grad)."""
    # BEGIN SOLUTION (task 1) sum(p.numel() ...) over model.parameters() with requires_grad
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
    # END SOLUTION


def make_loader(X, y, batch_size: int = 128, seed: int = 0):
    """A DataLoader of (X, y) batches in a shuffled order fixed by `seed`.

    The shuffle uses its own torch.Generator seeded with `seed`: the same seed gives the same batches,
    torch's global random state is not used. Every sample appears once per pass.
    """
    # BEGIN SOLUTION (task 1) DataLoader(TensorDataset(X, y), batch_size, shuffle=True, generator=torch.Generator().manual_seed(seed))
    import torch
    from torch.utils.data import BatchSampler, DataLoader, RandomSampler, TensorDataset

    dataset = TensorDataset(X, y)
    # whole batches indexed at once (batch_size=None + a BatchSampler): ~5x less overhead than per-sample collation
    generator = torch.Generator().manual_seed(seed)
    sampler = BatchSampler(RandomSampler(dataset, generator=generator), batch_size, drop_last=False)
    return DataLoader(dataset, sampler=sampler, batch_size=None, generator=generator)
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: training and evaluation

def evaluate(model, X, y, batch_size: int = 2000) -> float:
    """Accuracy (a float in [0, 1]) of model on (X, y), in eval mode (dropout off) and without gradients.

    Evaluation must be deterministic: the same model and data give the same accuracy every call.
    """
    # BEGIN SOLUTION (task 2) model.eval() and torch.no_grad(); argmax of the logits per row
    import torch

    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(X), batch_size):
            logits = model(X[start:start + batch_size])
            correct += int((logits.argmax(dim=1) == y[start:start + batch_size]).sum())
    return correct / len(X)
    # END SOLUTION


def train(model, loader, X_test, y_test, epochs: int = 2, lr: float = 1e-3, writer=None) -> dict:
    """Train with Adam(lr) and nn.CrossEntropyLoss, one optimizer step per batch of `loader`.

    Each epoch: model.train(), a pass over the loader, then evaluate() on (X_test, y_test).
    When `writer` (a torch.utils.tensorboard.SummaryWriter) is given, log LOSS_TAG (the mean batch
    loss of the epoch) and ACCURACY_TAG (the test accuracy) with global_step = the epoch number
    (1, 2, ...).

    Returns:
        {"train_loss": [...], "test_accuracy": [...]}: one float per epoch each.
    """
    # BEGIN SOLUTION (task 2) per epoch: model.train(); zero_grad / loss / backward / step per batch; evaluate; add_scalar
    import torch
    from torch import nn

    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    history = {"train_loss": [], "test_accuracy": []}
    for epoch in range(1, epochs + 1):
        model.train()
        total, batches = 0.0, 0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        history["train_loss"].append(total / batches)
        history["test_accuracy"].append(evaluate(model, X_test, y_test))
        if writer is not None:
            writer.add_scalar(LOSS_TAG, history["train_loss"][-1], epoch)
            writer.add_scalar(ACCURACY_TAG, history["test_accuracy"][-1], epoch)
    return history
    # END SOLUTION


def fit_mnist(train_images, train_labels, test_images, test_labels, epochs: int = 3, batch_size: int = 128,
              lr: float = 1e-3, dropout: float = 0.0, seed: int = 0, log_dir=None):
    """The whole run: tensors, a model initialised from `seed`, a loader shuffled by `seed`, training.

    The model's initial weights come from `seed` without changing torch's global random state
    (build it inside `torch.random.fork_rng()` after `torch.manual_seed(seed)`). When log_dir is
    given, a SummaryWriter(log_dir) receives the scalars and is closed (flushed) before returning.

    Returns:
        (model, history) as in train().
    """
    # BEGIN SOLUTION (task 2) fork_rng + manual_seed around build_mlp, make_loader(seed), SummaryWriter(log_dir), train, close
    import torch

    X, y = to_tensors(train_images, train_labels)
    X_test, y_test = to_tensors(test_images, test_labels)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = build_mlp(dropout)
    writer = None
    if log_dir is not None:
        from torch.utils.tensorboard import SummaryWriter

        writer = SummaryWriter(str(log_dir))
    try:
        history = train(model, make_loader(X, y, batch_size, seed), X_test, y_test, epochs=epochs, lr=lr, writer=writer)
    finally:
        if writer is not None:
            writer.close()
    return model, history
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: the TensorBoard "screenshot"

def plot_tensorboard_scalars(log_dir, path):
    """Read every scalar tag of the event file(s) in log_dir with TensorBoard's EventAccumulator and draw
    one subplot per tag (a line of value against step, titled with the tag); save the PNG at path.

    Returns:
        The matplotlib Figure.
    """
    # BEGIN SOLUTION (task 3) EventAccumulator(str(log_dir)).Reload(); .Tags()["scalars"]; .Scalars(tag) gives events with .step and .value
    import matplotlib.pyplot as plt
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(log_dir))
    acc.Reload()
    tags = sorted(acc.Tags()["scalars"])
    fig, axes = plt.subplots(1, len(tags), figsize=(5 * len(tags), 3.5), squeeze=False)
    for ax, tag in zip(axes[0], tags):
        events = acc.Scalars(tag)
        ax.plot([e.step for e in events], [e.value for e in events], marker="o")
        ax.set_title(tag)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(Path(path), dpi=100)
    return fig
    # END SOLUTION


# ---------------------------------------------------------------- Task 4 (stretch): confusion matrix

def confusion_matrix(model, X, y) -> np.ndarray:
    """(10, 10) int64 counts: row = true digit, column = predicted digit (eval mode, no gradients)."""
    # BEGIN SOLUTION (task 4) predictions as in evaluate, then np.add.at or bincount on 10 * true + predicted
    import torch

    model.eval()
    with torch.no_grad():
        pred = model(X).argmax(dim=1).numpy()
    return np.bincount(10 * y.numpy().astype(np.int64) + pred, minlength=100).reshape(10, 10).astype(np.int64)
    # END SOLUTION
