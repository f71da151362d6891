# day27 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day27 task 1: implement fit_manual() in katas/week6_neural_networks/day27_pytorch_tensors/torch_reg.py — requires_grad tensors, loss.backward(), update under torch.no_grad(), then grad.zero_() (README Task 1; `make hint DAY=27`)')


def print_grad_norms(grad_norms: list[float], every: int = 10) -> None:
    """Print one line per `every` steps (steps 0, every, 2*every, ... and always the last one):
    the step number and its gradient norm with 6 significant digits, e.g. `step  10  grad norm 0.123456`.
    """
    raise NotImplementedError('day27 task 1: implement print_grad_norms() in katas/week6_neural_networks/day27_pytorch_tensors/torch_reg.py — one print per selected step: the step index and f"{norm:.6g}" (README Task 1; `make hint DAY=27`)')


# ---------------------------------------------------------------- Task 2: nn.Linear + SGD

def fit_nn(X: np.ndarray, y: np.ndarray, lr: float = 0.1, n_steps: int = 200):
    """The same descent with torch's building blocks: nn.Linear(d, 1) in float64 with its weight and
    bias set to zero, nn.MSELoss and torch.optim.SGD(lr=lr), full batch, optimizer.zero_grad() each step.

    Returns:
        (model, grad_norms): the trained nn.Linear and the gradient norm of each step (as in fit_manual).
    """
    raise NotImplementedError('day27 task 2: implement fit_nn() in katas/week6_neural_networks/day27_pytorch_tensors/torch_reg.py — zero the parameters under no_grad, then zero_grad / loss / backward / record / step (README Task 2; `make hint DAY=27`)')


# ---------------------------------------------------------------- Task 3: the closed form and the script

def closed_form(X: np.ndarray, y: np.ndarray):
    """Least squares with an intercept, solved by torch.linalg.lstsq on [X, 1] (float64).

    Returns:
        (w, b): w a float64 torch.Tensor of shape (d,), b a float.
    """
    raise NotImplementedError('day27 task 3: implement closed_form() in katas/week6_neural_networks/day27_pytorch_tensors/torch_reg.py — append a column of ones, torch.linalg.lstsq(A, y[:, None]).solution (README Task 3; `make hint DAY=27`)')


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
    raise NotImplementedError('day27 task 3: implement main() in katas/week6_neural_networks/day27_pytorch_tensors/torch_reg.py — call the three fits and print their coefficients with f"{v:.4f}" (README Task 3; `make hint DAY=27`)')


# ---------------------------------------------------------------- Task 4 (stretch): mini-batches

def fit_minibatch(X: np.ndarray, y: np.ndarray, lr: float = 0.05, epochs: int = 20, batch_size: int = 32,
                  seed: int = 0):
    """Mini-batch SGD: a DataLoader over a TensorDataset, shuffled by torch.Generator().manual_seed(seed).

    The model is an nn.Linear(d, 1) in float64 starting at zero, built without touching torch's
    global random state (torch.nn.utils.skip_init, then zero it); nn.MSELoss and torch.optim.SGD.

    Returns:
        (model, epoch_losses): the nn.Linear and, per epoch, the mean of its batch losses (floats).
    """
    raise NotImplementedError('day27 task 4: implement fit_minibatch() in katas/week6_neural_networks/day27_pytorch_tensors/torch_reg.py — DataLoader(TensorDataset(Xt, yt), batch_size, shuffle=True, generator=g) (README Task 4; `make hint DAY=27`)')


if __name__ == "__main__":
    main()
