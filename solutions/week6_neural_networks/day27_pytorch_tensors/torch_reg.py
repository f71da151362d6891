"""Day 27 — Linear regression in PyTorch: autograd by hand, then nn.Linear + SGD, against the closed form.

Run it as a script: `python torch_reg.py` fits tip ~ total_bill + size on the tips data three ways
and prints the gradient norms and the coefficients.
"""
from __future__ import annotations

import numpy as np


# ---------------------------------------------------------------- Task 1: the manual loop

def fit_manual(X: np.ndarray, y: np.ndarray, lr: float = 0.1, n_steps: int = 200):
    """Full-batch gradient descent on the mean squared error with autograd and a hand-written update.

    w (d,) and b (scalar) are float64 tensors with requires_grad=True, starting at zero. Each step:
    loss = mean((X @ w + b - y) ** 2); loss.backward(); record the gradient norm; update w and b
    inside `torch.no_grad()`; zero both gradients. No torch.optim, no nn.Linear.

    Args:
        X: (n, d) float array; y: (n,) float array (NumPy; converted to float64 tensors here).
        lr: learning rate; n_steps: number of updates.
    Returns:
        (w, b, grad_norms): w a float64 torch.Tensor of shape (d,) (detached), b a float, and
        grad_norms a list of n_steps floats: the L2 norm of the whole gradient (w and b together)
        at each step, before that step's update.
    """
    # BEGIN SOLUTION (task 1) requires_grad tensors, loss.backward(), update under torch.no_grad(), then grad.zero_()
    import torch

    Xt = torch.as_tensor(X, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.float64)
    w = torch.zeros(Xt.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    norms = []
    for _ in range(n_steps):
        loss = ((Xt @ w + b - yt) ** 2).mean()
        loss.backward()
        norms.append(float(torch.sqrt(w.grad.pow(2).sum() + b.grad ** 2)))
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.detach(), float(b.detach()), norms
    # END SOLUTION


def print_grad_norms(grad_norms: list[float], every: int = 10) -> None:
    """Print one line per `every` steps (steps 0, every, 2*every, ... and always the last one):
    the step number and its gradient norm with 6 significant digits, e.g. `step  10  grad norm 0.123456`.
    """
    # BEGIN SOLUTION (task 1) one print per selected step: the step index and f"{norm:.6g}"
    for k, g in enumerate(grad_norms):
        if k % every == 0 or k == len(grad_norms) - 1:
            print(f"step {k:4d}  grad norm {g:.6g}")
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: nn.Linear + SGD

def fit_nn(X: np.ndarray, y: np.ndarray, lr: float = 0.1, n_steps: int = 200):
    """The same descent with torch's building blocks: nn.Linear(d, 1) in float64 with its weight and
    bias set to zero, nn.MSELoss and torch.optim.SGD(lr=lr), full batch, optimizer.zero_grad() each step.

    Returns:
        (model, grad_norms): the trained nn.Linear and the gradient norm of each step (as in fit_manual).
    """
    # BEGIN SOLUTION (task 2) zero the parameters under no_grad, then zero_grad / loss / backward / record / step
    import torch
    from torch import nn

    Xt = torch.as_tensor(X, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.float64).reshape(-1, 1)
    model = nn.Linear(Xt.shape[1], 1, dtype=torch.float64)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    norms = []
    for _ in range(n_steps):
        optimizer.zero_grad()
        loss = loss_fn(model(Xt), yt)
        loss.backward()
        norms.append(float(torch.sqrt(sum(p.grad.pow(2).sum() for p in model.parameters()))))
        optimizer.step()
    return model, norms
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: the closed form and the script

def closed_form(X: np.ndarray, y: np.ndarray):
    """Least squares with an intercept, solved by torch.linalg.lstsq on [X, 1] (float64).

    Returns:
        (w, b): w a float64 torch.Tensor of shape (d,), b a float.
    """
    # BEGIN SOLUTION (task 3) append a column of ones, torch.linalg.lstsq(A, y[:, None]).solution
    import torch

    Xt = torch.as_tensor(X, dtype=torch.float64)
    A = torch.cat([Xt, torch.ones(len(Xt), 1, dtype=torch.float64)], dim=1)
    coef = torch.linalg.lstsq(A, torch.as_tensor(y, dtype=torch.float64)[:, None]).solution[:, 0]
    return coef[:-1], float(coef[-1])
    # END SOLUTION


def load_tips():
    """Provided: the tips data as (X, y): standardised total_bill and size (float64, (244, 2)), tip (244,)."""
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[3])  # the repository, so `python torch_reg.py` finds katalib
    if root not in sys.path:
        sys.path.append(root)
    from katalib import datasets

    df = datasets.load_seaborn("tips")
    X = df[["total_bill", "size"]].to_numpy(dtype=float)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, df["tip"].to_numpy(dtype=float)


def main() -> None:
    """The script: on load_tips(), fit with fit_manual and fit_nn (lr=0.1, 200 steps), print the
    manual loop's gradient norms (print_grad_norms, every 20 steps), then one line each for the closed
    form, the manual loop and nn.Linear with w and b to 4 decimals, e.g. `closed form  w = [1.0000, 0.2000]  b = 2.9983`.
    """
    # BEGIN SOLUTION (task 3) call the three fits and print their coefficients with f"{v:.4f}"
    X, y = load_tips()
    w_m, b_m, norms = fit_manual(X, y, lr=0.1, n_steps=200)
    model, _ = fit_nn(X, y, lr=0.1, n_steps=200)
    w_c, b_c = closed_form(X, y)
    print_grad_norms(norms, every=20)
    rows = [("closed form", w_c.tolist(), b_c), ("manual loop", w_m.tolist(), b_m),
            ("nn.Linear + SGD", model.weight.detach()[0].tolist(), float(model.bias.detach()[0]))]
    for name, w, b in rows:
        print(f"{name:16s} w = [{', '.join(f'{v:.4f}' for v in w)}]  b = {b:.4f}")
    # END SOLUTION


# ---------------------------------------------------------------- Task 4 (stretch): mini-batches

def fit_minibatch(X: np.ndarray, y: np.ndarray, lr: float = 0.05, epochs: int = 20, batch_size: int = 32,
                  seed: int = 0):
    """Mini-batch SGD: a DataLoader over a TensorDataset, shuffled by torch.Generator().manual_seed(seed).

    The model is an nn.Linear(d, 1) in float64 starting at zero, built without touching torch's
    global random state (torch.nn.utils.skip_init, then zero it); nn.MSELoss and torch.optim.SGD.

    Returns:
        (model, epoch_losses): the nn.Linear and, per epoch, the mean of its batch losses (floats).
    """
    # BEGIN SOLUTION (task 4) DataLoader(TensorDataset(Xt, yt), batch_size, shuffle=True, generator=g)
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    Xt = torch.as_tensor(X, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.float64).reshape(-1, 1)
    model = torch.nn.utils.skip_init(nn.Linear, Xt.shape[1], 1, dtype=torch.float64)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    loader = DataLoader(TensorDataset(Xt, yt), batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    epoch_losses = []
    for _ in range(epochs):
        batch_losses = []
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        epoch_losses.append(float(np.mean(batch_losses)))
    return model, epoch_losses
    # END SOLUTION


if __name__ == "__main__":
    main()
