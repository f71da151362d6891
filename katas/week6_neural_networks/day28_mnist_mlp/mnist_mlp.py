# day28 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day28 task 1: implement to_tensors() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — reshape to (n, 784), float32, / 255, standardise with MNIST_MEAN and MNIST_STD; labels as int64 (README Task 1; `make hint DAY=28`)')


def build_mlp(dropout: float = 0.0):
    """784 -> 128 -> 64 -> 10: Linear, ReLU, [Dropout(dropout)], Linear, ReLU, [Dropout(dropout)], Linear.

    Returns an nn.Module (an nn.Sequential is simplest) mapping float (n, 784) to logits (n, 10):
    no softmax at the end (nn.CrossEntropyLoss takes logits). 109,386 parameters. Its weights are
    drawn from torch's global generator: seed around it (see fit_mnist).
    """
    raise NotImplementedError('day28 task 1: implement build_mlp() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — nn.Sequential of three nn.Linear with nn.ReLU (and nn.Dropout when dropout > 0) between (README Task 1; `make hint DAY=28`)')


def count_parameters(model) -> int:
    """The number of trainable numbers in a model (sum of numel over parameters that require grad)."""
    raise NotImplementedError('day28 task 1: implement count_parameters() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — sum(p.numel() ...) over model.parameters() with requires_grad (README Task 1; `make hint DAY=28`)')


def make_loader(X, y, batch_size: int = 128, seed: int = 0):
    """A DataLoader of (X, y) batches in a shuffled order fixed by `seed`.

    The shuffle uses its own torch.Generator seeded with `seed`: the same seed gives the same batches,
    torch's global random state is not used. Every sample appears once per pass.
    """
    raise NotImplementedError('day28 task 1: implement make_loader() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — DataLoader(TensorDataset(X, y), batch_size, shuffle=True, generator=torch.Generator().manual_seed(seed)) (README Task 1; `make hint DAY=28`)')


# ---------------------------------------------------------------- Task 2: training and evaluation

def evaluate(model, X, y, batch_size: int = 2000) -> float:
    """Accuracy (a float in [0, 1]) of model on (X, y), in eval mode (dropout off) and without gradients.

    Evaluation must be deterministic: the same model and data give the same accuracy every call.
    """
    raise NotImplementedError('day28 task 2: implement evaluate() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — model.eval() and torch.no_grad(); argmax of the logits per row (README Task 2; `make hint DAY=28`)')


def train(model, loader, X_test, y_test, epochs: int = 2, lr: float = 1e-3, writer=None) -> dict:
    """Train with Adam(lr) and nn.CrossEntropyLoss, one optimizer step per batch of `loader`.

    Each epoch: model.train(), a pass over the loader, then evaluate() on (X_test, y_test).
    When `writer` (a torch.utils.tensorboard.SummaryWriter) is given, log LOSS_TAG (the mean batch
    loss of the epoch) and ACCURACY_TAG (the test accuracy) with global_step = the epoch number
    (1, 2, ...).

    Returns:
        {"train_loss": [...], "test_accuracy": [...]}: one float per epoch each.
    """
    raise NotImplementedError('day28 task 2: implement train() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — per epoch: model.train(); zero_grad / loss / backward / step per batch; evaluate; add_scalar (README Task 2; `make hint DAY=28`)')


def fit_mnist(train_images, train_labels, test_images, test_labels, epochs: int = 3, batch_size: int = 128,
              lr: float = 1e-3, dropout: float = 0.0, seed: int = 0, log_dir=None):
    """The whole run: tensors, a model initialised from `seed`, a loader shuffled by `seed`, training.

    The model's initial weights come from `seed` without changing torch's global random state
    (build it inside `torch.random.fork_rng()` after `torch.manual_seed(seed)`). When log_dir is
    given, a SummaryWriter(log_dir) receives the scalars and is closed (flushed) before returning.

    Returns:
        (model, history) as in train().
    """
    raise NotImplementedError('day28 task 2: implement fit_mnist() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — fork_rng + manual_seed around build_mlp, make_loader(seed), SummaryWriter(log_dir), train, close (README Task 2; `make hint DAY=28`)')


# ---------------------------------------------------------------- Task 3: the TensorBoard "screenshot"

def plot_tensorboard_scalars(log_dir, path):
    """Read every scalar tag of the event file(s) in log_dir with TensorBoard's EventAccumulator and draw
    one subplot per tag (a line of value against step, titled with the tag); save the PNG at path.

    Returns:
        The matplotlib Figure.
    """
    raise NotImplementedError('day28 task 3: implement plot_tensorboard_scalars() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — EventAccumulator(str(log_dir)).Reload(); .Tags()["scalars"]; .Scalars(tag) gives events with .step and .value (README Task 3; `make hint DAY=28`)')


# ---------------------------------------------------------------- Task 4 (stretch): confusion matrix

def confusion_matrix(model, X, y) -> np.ndarray:
    """(10, 10) int64 counts: row = true digit, column = predicted digit (eval mode, no gradients)."""
    raise NotImplementedError('day28 task 4: implement confusion_matrix() in katas/week6_neural_networks/day28_mnist_mlp/mnist_mlp.py — predictions as in evaluate, then np.add.at or bincount on 10 * true + predicted (README Task 4; `make hint DAY=28`)')
