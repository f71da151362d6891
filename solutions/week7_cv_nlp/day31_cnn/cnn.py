"""Day 31 — A convolutional network on real CIFAR-10: the model, the tensors, training, evaluation, the confusion matrix.

torch and matplotlib are imported inside the functions. Images come from
`katalib.datasets.load_cifar10(split)`: uint8 (n, 32, 32, 3) RGB, labels int64 0-9.
"""
import numpy as np

# Per-channel mean and standard deviation of the CIFAR-10 training images, on the 0-1 scale (provided).
CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)


# ---------------------------------------------------------------- Task 1: the network

def build_cnn(num_classes: int = 10, dropout: float = 0.3):
    """Three conv blocks and a small classifier, as a torch.nn.Module.

    Each block: Conv2d 3x3 (padding 1) -> BatchNorm2d -> ReLU -> MaxPool2d(2), with 32, 64 and
    128 channels. Then Flatten -> Linear(128*4*4, 256) -> ReLU -> Dropout(dropout) ->
    Linear(256, num_classes). Input (N, 3, 32, 32) float32, output (N, num_classes) logits.
    620,810 parameters for 10 classes.
    """
    # BEGIN SOLUTION (task 1) torch.nn.Sequential of the three blocks (a helper for one block), then the classifier
    from torch import nn

    def block(c_in, c_out):
        return [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(), nn.MaxPool2d(2)]

    return nn.Sequential(*block(3, 32), *block(32, 64), *block(64, 128), nn.Flatten(),
                         nn.Linear(128 * 4 * 4, 256), nn.ReLU(), nn.Dropout(dropout), nn.Linear(256, num_classes))
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: tensors

def to_tensors(images: np.ndarray, labels: np.ndarray):
    """uint8 (n, 32, 32, 3) images and int labels -> (float32 (n, 3, 32, 32), int64 (n,)) torch tensors.

    Pixels are scaled to 0-1, then standardised per channel with CIFAR_MEAN and CIFAR_STD.
    The inputs are not modified.
    """
    # BEGIN SOLUTION (task 2) torch.from_numpy, .permute(0, 3, 1, 2), / 255, then (x - mean) / std with shapes (1, 3, 1, 1)
    import torch

    x = torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float().div(255)
    mean = torch.tensor(CIFAR_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(CIFAR_STD).view(1, 3, 1, 1)
    return ((x - mean) / std).contiguous(), torch.as_tensor(np.asarray(labels), dtype=torch.int64).clone()
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: training and evaluation

def train(model, images: np.ndarray, labels: np.ndarray, *, epochs: int = 1, batch_size: int = 128,
          lr: float = 1e-3, seed: int = 0, flip: bool = True) -> list:
    """Train `model` in place with Adam and cross-entropy; returns the mean training loss of every epoch.

    Each epoch visits the images in a new random order; with `flip`, each image of a batch is
    mirrored left-right with probability 1/2. All randomness comes from one
    `torch.Generator().manual_seed(seed)`: the same seed gives the same losses, and neither
    NumPy's nor torch's global random state is used.
    """
    # BEGIN SOLUTION (task 3) to_tensors; model.train(); torch.randperm(n, generator=g); Adam; flip with torch.rand(..., generator=g) < 0.5 and .flip(3)
    import torch

    x, y = to_tensors(images, labels)
    g = torch.Generator().manual_seed(seed)
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    history = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=g)
        total, seen = 0.0, 0
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            xb, yb = x[idx], y[idx]
            if flip:
                mirror = torch.rand(len(xb), generator=g) < 0.5
                xb = torch.where(mirror.view(-1, 1, 1, 1), xb.flip(3), xb)
            optimiser.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimiser.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        history.append(total / seen)
    return history
    # END SOLUTION


def predict(model, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Class predictions, int64 (n,), with the model in eval mode and without gradients."""
    # BEGIN SOLUTION (task 3) model.eval(); torch.no_grad(); argmax of the logits batch by batch
    import torch

    x, _ = to_tensors(images, np.zeros(len(images), dtype=np.int64))
    model.eval()
    with torch.no_grad():
        out = [model(x[i:i + batch_size]).argmax(1) for i in range(0, len(x), batch_size)]
    return torch.cat(out).numpy().astype(np.int64)
    # END SOLUTION


# ---------------------------------------------------------------- Task 4: the confusion matrix

def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int = 10) -> np.ndarray:
    """Counts, int64 (n_classes, n_classes): row = true class, column = predicted class."""
    # BEGIN SOLUTION (task 4) np.add.at(cm, (y_true, y_pred), 1)
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return cm
    # END SOLUTION


def plot_confusion(cm: np.ndarray, classes, path, title: str = "CIFAR-10 confusion matrix"):
    """Draw the row-normalised confusion matrix (each row sums to 1) as an image with the class
    names on both axes and each cell's value written in it; save a PNG at `path`; return the Axes."""
    # BEGIN SOLUTION (task 4) normalise rows, ax.imshow, ax.set_xticks(range(10), classes), ax.text per cell
    import matplotlib.pyplot as plt

    cm = np.asarray(cm, dtype=float)
    norm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(8, 7))
    im = ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    n = len(classes)
    ax.set_xticks(range(n), classes, rotation=45, ha="right")
    ax.set_yticks(range(n), classes)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for i in range(n):
        for j in range(n):
            ax.text(j, i, f"{norm[i, j]:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if norm[i, j] > 0.5 else "black")
    fig.colorbar(im, ax=ax)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return ax
    # END SOLUTION


# ---------------------------------------------------------------- Task 5 (stretch): random crops

def random_crop(x, pad: int, generator):
    """Random crops of a batch: pad each image with `pad` zeros on every side, then cut a 32x32
    window at a random offset (0..2*pad in each direction, drawn per image from `generator`).

    Args:
        x: float tensor (N, C, H, W). Returns a new tensor of the same shape; x is unchanged.
    """
    # BEGIN SOLUTION (task 5) torch.nn.functional.pad, offsets with torch.randint(0, 2 * pad + 1, (N, 2), generator=generator)
    import torch
    import torch.nn.functional as F

    n, _, h, w = x.shape
    padded = F.pad(x, (pad, pad, pad, pad))
    offsets = torch.randint(0, 2 * pad + 1, (n, 2), generator=generator)
    return torch.stack([padded[i, :, dy:dy + h, dx:dx + w] for i, (dy, dx) in enumerate(offsets.tolist())])
    # END SOLUTION
