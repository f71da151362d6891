# day31 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day31 task 1: implement build_cnn() in katas/week7_cv_nlp/day31_cnn/cnn.py — torch.nn.Sequential of the three blocks (a helper for one block), then the classifier (README Task 1; `make hint DAY=31`)')


# ---------------------------------------------------------------- Task 2: tensors

def to_tensors(images: np.ndarray, labels: np.ndarray):
    """uint8 (n, 32, 32, 3) images and int labels -> (float32 (n, 3, 32, 32), int64 (n,)) torch tensors.

    Pixels are scaled to 0-1, then standardised per channel with CIFAR_MEAN and CIFAR_STD.
    The inputs are not modified.
    """
    raise NotImplementedError('day31 task 2: implement to_tensors() in katas/week7_cv_nlp/day31_cnn/cnn.py — torch.from_numpy, .permute(0, 3, 1, 2), / 255, then (x - mean) / std with shapes (1, 3, 1, 1) (README Task 2; `make hint DAY=31`)')


# ---------------------------------------------------------------- Task 3: training and evaluation

def train(model, images: np.ndarray, labels: np.ndarray, *, epochs: int = 1, batch_size: int = 128,
          lr: float = 1e-3, seed: int = 0, flip: bool = True) -> list:
    """Train `model` in place with Adam and cross-entropy; returns the mean training loss of every epoch.

    Each epoch visits the images in a new random order; with `flip`, each image of a batch is
    mirrored left-right with probability 1/2. All randomness comes from one
    `torch.Generator().manual_seed(seed)`: the same seed gives the same losses, and neither
    NumPy's nor torch's global random state is used.
    """
    raise NotImplementedError('day31 task 3: implement train() in katas/week7_cv_nlp/day31_cnn/cnn.py — to_tensors; model.train(); torch.randperm(n, generator=g); Adam; flip with torch.rand(..., generator=g) < 0.5 and .flip(3) (README Task 3; `make hint DAY=31`)')


def predict(model, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Class predictions, int64 (n,), with the model in eval mode and without gradients."""
    raise NotImplementedError('day31 task 3: implement predict() in katas/week7_cv_nlp/day31_cnn/cnn.py — model.eval(); torch.no_grad(); argmax of the logits batch by batch (README Task 3; `make hint DAY=31`)')


# ---------------------------------------------------------------- Task 4: the confusion matrix

def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int = 10) -> np.ndarray:
    """Counts, int64 (n_classes, n_classes): row = true class, column = predicted class."""
    raise NotImplementedError('day31 task 4: implement confusion_matrix() in katas/week7_cv_nlp/day31_cnn/cnn.py — np.add.at(cm, (y_true, y_pred), 1) (README Task 4; `make hint DAY=31`)')


def plot_confusion(cm: np.ndarray, classes, path, title: str = "CIFAR-10 confusion matrix"):
    """Draw the row-normalised confusion matrix (each row sums to 1) as an image with the class
    names on both axes and each cell's value written in it; save a PNG at `path`; return the Axes."""
    raise NotImplementedError('day31 task 4: implement plot_confusion() in katas/week7_cv_nlp/day31_cnn/cnn.py — normalise rows, ax.imshow, ax.set_xticks(range(10), classes), ax.text per cell (README Task 4; `make hint DAY=31`)')


# ---------------------------------------------------------------- Task 5 (stretch): random crops

def random_crop(x, pad: int, generator):
    """Random crops of a batch: pad each image with `pad` zeros on every side, then cut a 32x32
    window at a random offset (0..2*pad in each direction, drawn per image from `generator`).

    Args:
        x: float tensor (N, C, H, W). Returns a new tensor of the same shape; x is unchanged.
    """
    raise NotImplementedError('day31 task 5: implement random_crop() in katas/week7_cv_nlp/day31_cnn/cnn.py — torch.nn.functional.pad, offsets with torch.randint(0, 2 * pad + 1, (N, 2), generator=generator) (README Task 5; `make hint DAY=31`)')
