# day30 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 30 — Experiment tracking with wandb (offline): a sweep over hidden sizes, one run per configuration,
read back from the run files and ranked in a local report.

`wandb.sweep` needs wandb's server, so the sweep is driven here: a grid over hidden sizes (and, as a
stretch, an Optuna study), each configuration its own wandb run with its config and per-epoch metrics.
Offline runs live in `<wandb_dir>/wandb/offline-run-*/`; `wandb sync` publishes them later.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
METRICS = ("epoch", "train_loss", "test_accuracy")   # the keys of every run.log call


def to_tensors(images: np.ndarray, labels: np.ndarray):
    """Provided: standardised float32 (n, 784) pixels and int64 labels."""
    import torch

    X = torch.from_numpy((images.reshape(len(images), -1).astype(np.float32) / 255.0 - MNIST_MEAN) / MNIST_STD)
    return X, torch.from_numpy(np.asarray(labels).astype(np.int64))


def train_epochs(hidden_size: int, X, y, X_test, y_test, *, epochs: int = 3, lr: float = 1e-3,
                 batch_size: int = 100, seed: int = 0):
    """Provided: train a 784-hidden_size-10 MLP with Adam, yielding one dict per epoch:
    {"epoch": 1, 2, ..., "train_loss": mean batch loss, "test_accuracy": accuracy in eval mode}.
    Seeded (fork_rng for the weights, a Generator for the shuffle); torch's global state is untouched."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(784, hidden_size), nn.ReLU(), nn.Linear(hidden_size, 10))
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(1, epochs + 1):
        model.train()
        losses = []
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        model.eval()
        with torch.no_grad():
            acc = int((model(X_test).argmax(dim=1) == y_test).sum()) / len(y_test)
        yield {"epoch": epoch, "train_loss": float(np.mean(losses)), "test_accuracy": acc}


# ---------------------------------------------------------------- Task 1: one tracked run

def log_run(config: dict, X, y, X_test, y_test, *, project: str, wandb_dir) -> dict:
    """Train one configuration as one offline wandb run.

    wandb.init(project=project, dir=wandb_dir, config=config, mode="offline"); every dict from
    train_epochs(config["hidden_size"], ..., epochs=config["epochs"], lr=config["lr"], seed=config["seed"])
    goes to run.log; run.summary["final_test_accuracy"] is the last test accuracy; run.finish().

    Args:
        config: {"hidden_size": int, "epochs": int, "lr": float, "seed": int}.
    Returns:
        {"run_id": run.id, "hidden_size": ..., "final_test_accuracy": float}.
    """
    raise NotImplementedError('day30 task 1: implement log_run() in katas/week6_neural_networks/day30_experiment_tracking/tracking.py — run = wandb.init(...); run.log(metrics) per epoch; run.summary[...] = ...; run.finish() (README Task 1; `make hint DAY=30`)')


# ---------------------------------------------------------------- Task 2: the sweep and the report

def sweep(hidden_sizes, X, y, X_test, y_test, *, project: str, wandb_dir, epochs: int = 3, lr: float = 1e-3,
          seed: int = 0) -> list[dict]:
    """A grid sweep: one log_run per hidden size, config {"hidden_size", "epochs", "lr", "seed"}.

    Returns:
        The list of log_run results, in the order of hidden_sizes.
    """
    raise NotImplementedError('day30 task 2: implement sweep() in katas/week6_neural_networks/day30_experiment_tracking/tracking.py — a loop over hidden_sizes calling log_run with a fresh config dict each time (README Task 2; `make hint DAY=30`)')


def load_results(wandb_dir) -> pd.DataFrame:
    """The runs under wandb_dir, read from their offline files with katalib.wandb_runs.read_runs.

    Returns:
        DataFrame with one row per run, columns "run_id", "hidden_size" (from the run's config),
        "final_test_accuracy" (from its summary) and "rank" (1 = best), sorted by rank.
    """
    raise NotImplementedError('day30 task 2: implement load_results() in katas/week6_neural_networks/day30_experiment_tracking/tracking.py — read_runs(wandb_dir) gives .id, .config and .summary; sort and number the rows (README Task 2; `make hint DAY=30`)')


def write_report(results: pd.DataFrame, md_path, png_path) -> Path:
    """The local report: a bar chart of final test accuracy per hidden size (one bar per run, saved to
    png_path) and a Markdown file at md_path with a title, the table of runs ranked best first
    (`| rank | hidden_size | final_test_accuracy | run_id |`, accuracies with 4 decimals), and the
    chart embedded as `![...](<png file name>)`.
    """
    raise NotImplementedError('day30 task 2: implement write_report() in katas/week6_neural_networks/day30_experiment_tracking/tracking.py — ax.bar over the hidden sizes, fig.savefig(png_path); the Markdown lines joined with newlines (README Task 2; `make hint DAY=30`)')


# ---------------------------------------------------------------- Task 3 (stretch): an Optuna-driven sweep

def optuna_sweep(choices, X, y, X_test, y_test, *, n_trials: int, project: str, wandb_dir, epochs: int = 2,
                 lr: float = 1e-3, seed: int = 0) -> dict:
    """An Optuna study (TPESampler(seed=seed), maximise) choosing hidden_size from `choices`; every trial is
    one log_run whose config also holds "trial" (the trial number). Returns study.best_params."""
    raise NotImplementedError('day30 task 3: implement optuna_sweep() in katas/week6_neural_networks/day30_experiment_tracking/tracking.py — trial.suggest_categorical("hidden_size", choices) inside the objective; log_run per trial (README Task 3; `make hint DAY=30`)')
