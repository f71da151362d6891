"""Day 29 — Learning-rate schedules and regularisation on MNIST: fixed LR, StepLR, OneCycleLR; dropout and weight decay.

The same 784-128-64-10 MLP as day 28 (rebuilt here, provided) trains on a real MNIST subset under
three schedules. Each schedule has its own rhythm: StepLR is stepped once per EPOCH, OneCycleLR once
per BATCH. The learning rate actually used at every optimizer step is recorded, so it can be checked
against each scheduler's definition.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SCHEDULES = ("fixed", "step", "onecycle")
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


def to_tensors(images: np.ndarray, labels: np.ndarray):
    """Provided: standardised float32 (n, 784) pixels and int64 labels (as on day 28)."""
    import torch

    X = torch.from_numpy((images.reshape(len(images), -1).astype(np.float32) / 255.0 - MNIST_MEAN) / MNIST_STD)
    return X, torch.from_numpy(np.asarray(labels).astype(np.int64))


def build_mlp(dropout: float = 0.0):
    """Provided: 784-128-64-10 with ReLU, and Dropout(dropout) after each ReLU when dropout > 0."""
    from torch import nn

    drop = [nn.Dropout(dropout)] if dropout else []
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), *drop, nn.Linear(128, 64), nn.ReLU(), *drop, nn.Linear(64, 10))


def accuracy(model, X, y) -> float:
    """Provided: accuracy in eval mode without gradients."""
    import torch

    model.eval()
    with torch.no_grad():
        return int((model(X).argmax(dim=1) == y).sum()) / len(y)


# ---------------------------------------------------------------- Task 1: schedulers and the training loop

def make_scheduler(schedule: str, optimizer, *, epochs: int, steps_per_epoch: int, step_size: int = 1,
                   gamma: float = 0.5, max_lr: float = 1e-2, pct_start: float = 0.3):
    """The scheduler for a schedule name, and how often to step it.

    Args:
        schedule: "fixed" (no scheduler), "step" (StepLR(step_size, gamma), step_size counted in
            epochs) or "onecycle" (OneCycleLR(max_lr, total_steps=epochs * steps_per_epoch, pct_start),
            other arguments at their defaults). Stretch (task 4): "cosine", CosineAnnealingLR with
            T_max = epochs * steps_per_epoch (eta_min 0), stepped per batch.
    Returns:
        (scheduler, interval): scheduler None for "fixed"; interval "epoch" for "step", "batch" for
        "onecycle" and "cosine" (and None for "fixed"). Raises ValueError for another name.
    """
    # BEGIN SOLUTION (task 1) torch.optim.lr_scheduler.StepLR / OneCycleLR; StepLR per epoch, OneCycleLR per batch
    from torch.optim import lr_scheduler

    if schedule == "fixed":
        return None, None
    if schedule == "step":
        return lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma), "epoch"
    if schedule == "onecycle":
        return lr_scheduler.OneCycleLR(optimizer, max_lr=max_lr, total_steps=epochs * steps_per_epoch,
                                       pct_start=pct_start), "batch"
    # END SOLUTION
    # BEGIN SOLUTION (task 4) CosineAnnealingLR(T_max=epochs * steps_per_epoch), stepped per batch
    if schedule == "cosine":
        return lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch), "batch"
    # END SOLUTION
    raise ValueError(f"unknown schedule {schedule!r}; expected one of {SCHEDULES}")


def train_with_schedule(schedule: str, X, y, X_test, y_test, *, epochs: int = 4, batch_size: int = 100,
                        lr: float = 1e-3, step_size: int = 1, gamma: float = 0.5, max_lr: float = 1e-2,
                        pct_start: float = 0.3, dropout: float = 0.0, weight_decay: float = 0.0, seed: int = 0):
    """Train build_mlp(dropout) with Adam(lr, weight_decay) and cross-entropy under a schedule.

    The initial weights come from `seed` (inside torch.random.fork_rng(), so torch's global state is
    untouched); batches are shuffled with torch.Generator().manual_seed(seed). The scheduler comes
    from make_scheduler and is stepped at its interval: after every optimizer.step() for "batch",
    after each epoch's last batch for "epoch".

    Returns:
        (model, history): history has "lr" (the learning rate of every optimizer step, read from
        optimizer.param_groups[0]["lr"] just before the step: epochs * ceil(n / batch_size) floats),
        and one float per epoch for "train_loss" (mean batch loss), "train_accuracy" and
        "test_accuracy" (both with accuracy(), in eval mode).
    """
    # BEGIN SOLUTION (task 1) record param_groups[0]["lr"] before each optimizer.step(); scheduler.step() at its interval
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = build_mlp(dropout)
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    scheduler, interval = make_scheduler(schedule, optimizer, epochs=epochs, steps_per_epoch=len(loader),
                                         step_size=step_size, gamma=gamma, max_lr=max_lr, pct_start=pct_start)
    loss_fn = nn.CrossEntropyLoss()
    history = {"lr": [], "train_loss": [], "train_accuracy": [], "test_accuracy": []}
    for _ in range(epochs):
        model.train()
        losses = []
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            history["lr"].append(float(optimizer.param_groups[0]["lr"]))
            optimizer.step()
            if interval == "batch":
                scheduler.step()
            losses.append(loss.item())
        if interval == "epoch":
            scheduler.step()
        history["train_loss"].append(float(np.mean(losses)))
        history["train_accuracy"].append(accuracy(model, X, y))
        history["test_accuracy"].append(accuracy(model, X_test, y_test))
    return model, history
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: curves and the table

def plot_learning_curves(histories: dict, path):
    """One line per schedule: test accuracy against epoch (1, 2, ...), labelled with the schedule's name
    in a legend; axis labels; saved as a PNG at path.

    Args:
        histories: {schedule name: history} as returned by train_with_schedule.
    Returns:
        The matplotlib Figure.
    """
    # BEGIN SOLUTION (task 2) ax.plot(epochs, history["test_accuracy"], label=name) per schedule, then ax.legend()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, history in histories.items():
        acc = history["test_accuracy"]
        ax.plot(range(1, len(acc) + 1), acc, marker="o", label=name)
    ax.set_xlabel("epoch")
    ax.set_ylabel("test accuracy")
    ax.set_title("MNIST MLP: learning-rate schedules")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(Path(path), dpi=100)
    return fig
    # END SOLUTION


def accuracy_table(histories: dict) -> pd.DataFrame:
    """The final accuracies per schedule, best first.

    Returns:
        DataFrame indexed by schedule name (index name "schedule"), columns "final_test_accuracy" and
        "final_train_accuracy" (the last epoch's values), sorted by final_test_accuracy, descending.
    """
    # BEGIN SOLUTION (task 2) one row per schedule from the last entries, then sort_values(ascending=False)
    table = pd.DataFrame({
        "final_test_accuracy": {name: h["test_accuracy"][-1] for name, h in histories.items()},
        "final_train_accuracy": {name: h["train_accuracy"][-1] for name, h in histories.items()},
    })
    table.index.name = "schedule"
    return table.sort_values("final_test_accuracy", ascending=False)
    # END SOLUTION


def write_accuracy_table(table: pd.DataFrame, path) -> Path:
    """Write the table as Markdown: a header row `| schedule | final_test_accuracy | final_train_accuracy |`,
    a separator row, then one row per schedule in the table's order, accuracies with 4 decimals."""
    # BEGIN SOLUTION (task 2) build the lines with "| " + " | ".join(...) + " |"
    lines = ["| schedule | final_test_accuracy | final_train_accuracy |", "|---|---:|---:|"]
    for name, row in table.iterrows():
        lines.append(f"| {name} | {row['final_test_accuracy']:.4f} | {row['final_train_accuracy']:.4f} |")
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: regularisation

def regularisation_gap(X, y, X_test, y_test, configs: dict, *, epochs: int = 15, seed: int = 0) -> pd.DataFrame:
    """Train with the fixed schedule once per configuration and measure the train/test gap.

    Args:
        configs: {name: {"dropout": p, "weight_decay": wd}} (a missing key means 0.0).
    Returns:
        DataFrame indexed by configuration name (in the order given), columns "train_accuracy",
        "test_accuracy" (final epoch, eval mode) and "gap" = train_accuracy - test_accuracy.
    """
    # BEGIN SOLUTION (task 3) train_with_schedule("fixed", ..., dropout=..., weight_decay=...) per config
    rows = {}
    for name, cfg in configs.items():
        _, h = train_with_schedule("fixed", X, y, X_test, y_test, epochs=epochs, seed=seed,
                                   dropout=cfg.get("dropout", 0.0), weight_decay=cfg.get("weight_decay", 0.0))
        rows[name] = {"train_accuracy": h["train_accuracy"][-1], "test_accuracy": h["test_accuracy"][-1]}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["gap"] = table["train_accuracy"] - table["test_accuracy"]
    return table
    # END SOLUTION
