# day26 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 26 — Deep-learning concepts: a concept map, and a tiny scalar autograd engine that makes it real.

Task 1 builds the map perceptron -> activation -> loss -> gradient descent -> backpropagation -> MLP
as a networkx graph, exports it as Mermaid text (the Markdown mind-map) and renders it to PNG.
Tasks 2-3 write `Value`, a scalar that remembers how it was computed, so `backward()` can apply the
chain rule through the whole expression; task 4 builds an MLP out of Values and trains it.
No torch, numpy autograd or sympy here: the point is to write the chain rule yourself.
"""
from __future__ import annotations

import math
import random
from pathlib import Path

# The concepts of the map, in the order of the path (names exactly as written here).
CONCEPTS = ("perceptron", "activation", "loss", "gradient descent", "chain rule", "backpropagation", "MLP")


# ---------------------------------------------------------------- Task 1: the concept map

def concept_map():
    """The concept map as a directed graph.

    Returns:
        networkx.DiGraph whose nodes include every name in CONCEPTS, each with a `summary`
        attribute (one sentence in your own words, at least 6 words). An edge u -> v means
        "u leads to v". It must contain the path perceptron -> activation -> loss ->
        gradient descent -> backpropagation -> MLP, and chain rule -> backpropagation.
        Extra concepts and edges are welcome; the graph has no cycles.
    """
    raise NotImplementedError('day26 task 1: implement concept_map() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — nx.DiGraph(); add_node(name, summary=...) for each concept, then add_edge(u, v) (README Task 1; `make hint DAY=26`)')


def to_mermaid(graph) -> str:
    """The graph as a Mermaid flowchart, the Markdown mind-map that GitHub renders.

    Args:
        graph: a networkx.DiGraph such as concept_map().
    Returns:
        Text starting with `flowchart LR` (or `graph TD`, ...), then one line per edge,
        `    id1["perceptron"] --> id2["activation"]` (node ids of your choice; every node's label is
        its name in double quotes, given at least once). Every edge of the graph appears, no other.
    """
    raise NotImplementedError('day26 task 1: implement to_mermaid() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — give each node a short id (n0, n1, ...) and write one `a["x"] --> b["y"]` line per edge (README Task 1; `make hint DAY=26`)')


def render_concept_map(graph, path):
    """Draw the graph (nodes, labelled with their names, and arrows) and save it as a PNG.

    Args:
        graph: a networkx.DiGraph.
        path: where to save the PNG (str or Path).
    Returns:
        The matplotlib Figure (one Axes holding the drawing: one text label per node, one arrow
        per edge).
    """
    raise NotImplementedError('day26 task 1: implement render_concept_map() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — nx.draw_networkx(graph, pos=..., ax=ax, arrows=True); a layered layout reads best (README Task 1; `make hint DAY=26`)')


# ---------------------------------------------------------------- Tasks 2-3: a scalar autograd engine

class Value:
    """A scalar that records the operations that produced it, so gradients can flow back.

    Attributes:
        data: the value (float).
        grad: d(output)/d(this value) after output.backward() (float, 0.0 until then).
    Supported: v + w, v * w, -v, v - w, v ** k (k an int or float, not a Value), v.tanh(),
    v.relu(), with plain numbers on either side (2 * v, v + 1, 1 - v); v.backward().
    """

    def __init__(self, data: float, _children: tuple = (), _op: str = ""):
        raise NotImplementedError('day26 task 2: implement __init__() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — store data as a float, grad = 0.0, a do-nothing _backward, the children in _prev (README Task 2; `make hint DAY=26`)')

    def __repr__(self) -> str:
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other) -> "Value":
        raise NotImplementedError("day26 task 2: implement __add__() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — out = Value(a + b); its _backward adds out.grad to both inputs' grad (README Task 2; `make hint DAY=26`)")

    def __mul__(self, other) -> "Value":
        raise NotImplementedError('day26 task 2: implement __mul__() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — d(ab)/da = b and d(ab)/db = a; accumulate with += (README Task 2; `make hint DAY=26`)')

    def __pow__(self, k) -> "Value":
        raise NotImplementedError('day26 task 2: implement __pow__() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — d(x**k)/dx = k * x**(k-1), k a plain number (README Task 2; `make hint DAY=26`)')

    def tanh(self) -> "Value":
        raise NotImplementedError('day26 task 2: implement tanh() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — d tanh(x)/dx = 1 - tanh(x)**2 (README Task 2; `make hint DAY=26`)')

    def relu(self) -> "Value":
        raise NotImplementedError('day26 task 2: implement relu() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — the gradient passes where the input was > 0 and is 0 elsewhere (README Task 2; `make hint DAY=26`)')

    def exp(self) -> "Value":
        """Stretch (task 5): e ** self."""
        raise NotImplementedError('day26 task 5: implement exp() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — d exp(x)/dx = exp(x) (README Task 5; `make hint DAY=26`)')

    def log(self) -> "Value":
        """Stretch (task 5): the natural logarithm (self.data > 0)."""
        raise NotImplementedError('day26 task 5: implement log() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — d log(x)/dx = 1 / x (README Task 5; `make hint DAY=26`)')

    def backward(self) -> None:
        """Fill in .grad of every Value this one depends on: d(self)/d(node). Sets self.grad = 1."""
        raise NotImplementedError('day26 task 3: implement backward() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — topological order of the graph (children before parents), then call _backward in reverse (README Task 3; `make hint DAY=26`)')

    # Provided: the other operators, written with the ones above.
    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return Value(other) * self ** -1


# ---------------------------------------------------------------- Task 4: an MLP made of Values

class MLP:
    """A fully connected network of Values: tanh on the hidden layers, a linear output layer.

    Args:
        n_in: number of inputs.
        sizes: the layer widths, last one the output size, e.g. [8, 1].
        seed: weights are drawn from random.Random(seed) (uniform in [-1, 1]), biases start at 0;
            the global random/NumPy state is left alone.
    Call: mlp(x) with x a sequence of n_in numbers returns a Value when the output size is 1, else a
    list of Values. mlp.parameters() lists every weight and bias Value (sum of (fan_in + 1) * width).
    """

    def __init__(self, n_in: int, sizes: list[int], seed: int = 0):
        raise NotImplementedError('day26 task 4: implement __init__() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — one list of weight rows and one list of biases per layer, all Values (README Task 4; `make hint DAY=26`)')

    def __call__(self, x):
        raise NotImplementedError('day26 task 4: implement __call__() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — for each layer: sum(w * x) + b per unit, tanh except on the last layer (README Task 4; `make hint DAY=26`)')

    def parameters(self) -> list[Value]:
        raise NotImplementedError('day26 task 4: implement parameters() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — every weight and every bias, in a flat list (README Task 4; `make hint DAY=26`)')


def train_mlp(X, y, sizes=(8, 1), lr: float = 0.05, epochs: int = 60, seed: int = 0):
    """Fit an MLP(X.shape[1], sizes, seed) to targets y in {-1, +1} with full-batch gradient descent.

    The loss is the mean squared error between mlp(x) and y over all rows. Each epoch: zero the
    gradients, compute the loss, loss.backward(), then p.data -= lr * p.grad for every parameter.

    Args:
        X: (n, d) array of floats; y: (n,) array of -1.0 / +1.0.
        sizes, lr, epochs, seed: the network and the descent.
    Returns:
        (mlp, losses): the trained MLP and a list of `epochs` floats, the loss before each update.
    """
    raise NotImplementedError('day26 task 4: implement train_mlp() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — zero every p.grad before each backward, or gradients pile up across epochs (README Task 4; `make hint DAY=26`)')


def cross_entropy(logits: list, target: int) -> "Value":
    """Stretch (task 5): -log softmax(logits)[target] as a Value, for logits a list of Values.

    Subtract the largest logit's data first (a plain float) so exp never overflows; the result
    and its gradients are unchanged by that shift.
    """
    raise NotImplementedError("day26 task 5: implement cross_entropy() in katas/week6_neural_networks/day26_dl_concepts/dl_concepts.py — log-sum-exp of the shifted logits minus the target's shifted logit (README Task 5; `make hint DAY=26`)")


def save_mind_map(path) -> Path:
    """Provided: write the Markdown mind-map (a Mermaid block of concept_map()) to path."""
    path = Path(path)
    path.write_text("# From the perceptron to the MLP\n\n```mermaid\n" + to_mermaid(concept_map()) + "```\n",
                    encoding="utf-8")
    return path
