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
    # BEGIN SOLUTION (task 1) nx.DiGraph(); add_node(name, summary=...) for each concept, then add_edge(u, v)
    import networkx as nx

    g = nx.DiGraph()
    summaries = {
        "perceptron": "A weighted sum of the inputs plus a bias, followed by a threshold.",
        "activation": "A non-linear function such as ReLU or tanh applied to each weighted sum.",
        "loss": "One number that says how far the predictions are from the targets.",
        "gradient descent": "Move every parameter a small step against its gradient to lower the loss.",
        "chain rule": "The derivative of a composition is the product of the local derivatives.",
        "backpropagation": "The chain rule applied backwards through the graph, giving every gradient in one pass.",
        "MLP": "Layers of perceptrons with activations in between, trained end to end by backpropagation.",
        "softmax": "Turns the last layer's scores into class probabilities for the cross-entropy loss.",
    }
    for name, text in summaries.items():
        g.add_node(name, summary=text)
    g.add_edges_from([
        ("perceptron", "activation"), ("activation", "loss"), ("loss", "gradient descent"),
        ("gradient descent", "backpropagation"), ("chain rule", "backpropagation"),
        ("backpropagation", "MLP"), ("softmax", "loss"),
    ])
    return g
    # END SOLUTION


def to_mermaid(graph) -> str:
    """The graph as a Mermaid flowchart, the Markdown mind-map that GitHub renders.

    Args:
        graph: a networkx.DiGraph such as concept_map().
    Returns:
        Text starting with `flowchart LR` (or `graph TD`, ...), then one line per edge,
        `    id1["perceptron"] --> id2["activation"]` (node ids of your choice; every node's label is
        its name in double quotes, given at least once). Every edge of the graph appears, no other.
    """
    # BEGIN SOLUTION (task 1) give each node a short id (n0, n1, ...) and write one `a["x"] --> b["y"]` line per edge
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    for u, v in graph.edges:
        lines.append(f'    {ids[u]}["{u}"] --> {ids[v]}["{v}"]')
    return "\n".join(lines) + "\n"
    # END SOLUTION


def render_concept_map(graph, path):
    """Draw the graph (nodes, labelled with their names, and arrows) and save it as a PNG.

    Args:
        graph: a networkx.DiGraph.
        path: where to save the PNG (str or Path).
    Returns:
        The matplotlib Figure (one Axes holding the drawing: one text label per node, one arrow
        per edge).
    """
    # BEGIN SOLUTION (task 1) nx.draw_networkx(graph, pos=..., ax=ax, arrows=True); a layered layout reads best
    import matplotlib.pyplot as plt
    import networkx as nx

    for layer, nodes in enumerate(nx.topological_generations(graph)):
        for node in nodes:
            graph.nodes[node]["layer"] = layer
    pos = nx.multipartite_layout(graph, subset_key="layer")
    fig, ax = plt.subplots(figsize=(11, 4))
    nx.draw_networkx(graph, pos=pos, ax=ax, arrows=True, node_color="#cde", node_size=2200,
                     font_size=8, arrowsize=15)
    ax.set_title("From the perceptron to the MLP")
    ax.margins(0.12)
    fig.savefig(path, dpi=100)
    return fig
    # END SOLUTION


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
        # BEGIN SOLUTION (task 2) store data as a float, grad = 0.0, a do-nothing _backward, the children in _prev
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None  # adds this node's contribution to its children's grads
        self._prev = set(_children)
        self._op = _op
        # END SOLUTION

    def __repr__(self) -> str:
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other) -> "Value":
        # BEGIN SOLUTION (task 2) out = Value(a + b); its _backward adds out.grad to both inputs' grad
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out
        # END SOLUTION

    def __mul__(self, other) -> "Value":
        # BEGIN SOLUTION (task 2) d(ab)/da = b and d(ab)/db = a; accumulate with +=
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
        # END SOLUTION

    def __pow__(self, k) -> "Value":
        # BEGIN SOLUTION (task 2) d(x**k)/dx = k * x**(k-1), k a plain number
        if isinstance(k, Value) or not isinstance(k, (int, float)):
            raise TypeError("only int/float exponents are supported")
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out
        # END SOLUTION

    def tanh(self) -> "Value":
        # BEGIN SOLUTION (task 2) d tanh(x)/dx = 1 - tanh(x)**2
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1.0 - t * t) * out.grad
        out._backward = _backward
        return out
        # END SOLUTION

    def relu(self) -> "Value":
        # BEGIN SOLUTION (task 2) the gradient passes where the input was > 0 and is 0 elsewhere
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out
        # END SOLUTION

    def exp(self) -> "Value":
        """Stretch (task 5): e ** self."""
        # BEGIN SOLUTION (task 5) d exp(x)/dx = exp(x)
        e = math.exp(self.data)
        out = Value(e, (self,), "exp")

        def _backward():
            self.grad += e * out.grad
        out._backward = _backward
        return out
        # END SOLUTION

    def log(self) -> "Value":
        """Stretch (task 5): the natural logarithm (self.data > 0)."""
        # BEGIN SOLUTION (task 5) d log(x)/dx = 1 / x
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out
        # END SOLUTION

    def backward(self) -> None:
        """Fill in .grad of every Value this one depends on: d(self)/d(node). Sets self.grad = 1."""
        # BEGIN SOLUTION (task 3) topological order of the graph (children before parents), then call _backward in reverse
        order, seen = [], set()
        stack = [(self, False)]
        while stack:  # iterative depth-first search: deep expressions do not hit the recursion limit
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev if id(child) not in seen)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
        # END SOLUTION

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
        # BEGIN SOLUTION (task 4) one list of weight rows and one list of biases per layer, all Values
        rnd = random.Random(seed)
        self.layers = []
        fan_in = n_in
        for width in sizes:
            W = [[Value(rnd.uniform(-1, 1)) for _ in range(fan_in)] for _ in range(width)]
            b = [Value(0.0) for _ in range(width)]
            self.layers.append((W, b))
            fan_in = width
        # END SOLUTION

    def __call__(self, x):
        # BEGIN SOLUTION (task 4) for each layer: sum(w * x) + b per unit, tanh except on the last layer
        h = list(x)
        for k, (W, b) in enumerate(self.layers):
            pre = [sum((wi * xi for wi, xi in zip(row, h)), bj) for row, bj in zip(W, b)]
            h = pre if k == len(self.layers) - 1 else [p.tanh() for p in pre]
        return h[0] if len(h) == 1 else h
        # END SOLUTION

    def parameters(self) -> list[Value]:
        # BEGIN SOLUTION (task 4) every weight and every bias, in a flat list
        return [p for W, b in self.layers for row in W for p in row] + [p for _, b in self.layers for p in b]
        # END SOLUTION


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
    # BEGIN SOLUTION (task 4) zero every p.grad before each backward, or gradients pile up across epochs
    mlp = MLP(len(X[0]), list(sizes), seed=seed)
    params = mlp.parameters()
    rows = [[float(v) for v in row] for row in X]
    targets = [float(t) for t in y]
    losses = []
    for _ in range(epochs):
        loss = sum(((mlp(row) - t) ** 2 for row, t in zip(rows, targets)), Value(0.0)) * (1.0 / len(rows))
        for p in params:
            p.grad = 0.0
        loss.backward()
        for p in params:
            p.data -= lr * p.grad
        losses.append(loss.data)
    return mlp, losses
    # END SOLUTION


def cross_entropy(logits: list, target: int) -> "Value":
    """Stretch (task 5): -log softmax(logits)[target] as a Value, for logits a list of Values.

    Subtract the largest logit's data first (a plain float) so exp never overflows; the result
    and its gradients are unchanged by that shift.
    """
    # BEGIN SOLUTION (task 5) log-sum-exp of the shifted logits minus the target's shifted logit
    m = max(v.data for v in logits)
    shifted = [v - m for v in logits]
    total = sum((s.exp() for s in shifted), Value(0.0))
    return total.log() - shifted[target]
    # END SOLUTION


def save_mind_map(path) -> Path:
    """Provided: write the Markdown mind-map (a Mermaid block of concept_map()) to path."""
    path = Path(path)
    path.write_text("# From the perceptron to the MLP\n\n```mermaid\n" + to_mermaid(concept_map()) + "```\n",
                    encoding="utf-8")
    return path
