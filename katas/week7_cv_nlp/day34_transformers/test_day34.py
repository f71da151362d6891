"""Day 34 — Fine-tune the pretrained MiniLM (offline) on IMDB: loading, tokenising, training, evaluating, the report."""
import re
import time

import numpy as np
import pytest

from katalib import kata
from katalib.figures import read_saved_text
from katalib.randomstate import call_keeps_global_state

N_PARAMS = 22_713_986   # MiniLM-L6 encoder with pooler + a 2-class head


@pytest.fixture(scope="module")
def ft():
    return kata.load("day34", "finetune")


def _reviews(imdb, split, n, seed):
    part = imdb[imdb["split"] == split]
    idx = np.random.default_rng(seed).choice(len(part), size=n, replace=False)
    rows = part.iloc[idx]
    return rows["review"].tolist(), (rows["sentiment"] == "positive").to_numpy().astype(np.int64)


def _load(ft, torch):
    out = ft.load_model_and_tokenizer()
    assert isinstance(out, tuple) and len(out) == 2, "load_model_and_tokenizer() should return (tokenizer, model)"
    return out


# ---------------------------------------------------------------- Task 1: the pretrained model

@pytest.mark.task(1)
@pytest.mark.timeout(300)
def test_model_is_the_pretrained_minilm_with_a_new_two_class_head(ft, torch):
    from safetensors import safe_open
    from pathlib import Path

    tokenizer, model = _load(ft, torch)
    assert hasattr(tokenizer, "convert_ids_to_tokens"), f"the first item should be the tokenizer, got {type(tokenizer).__name__}"
    assert isinstance(model, torch.nn.Module) and hasattr(model, "config"), f"the second item should be the model, got {type(model).__name__}"
    assert model.config.num_labels == 2, f"the model has {model.config.num_labels} labels, expected 2"
    n = sum(p.numel() for p in model.parameters())
    assert n == N_PARAMS, f"the model has {n:,} parameters, expected {N_PARAMS:,} (MiniLM with a 2-class head)"
    assert tokenizer.vocab_size == 30522, f"the tokenizer has {tokenizer.vocab_size} tokens: use the model's own tokenizer"
    with safe_open(str(Path(ft.model_path()) / "model.safetensors"), framework="pt") as f:
        key = next(k for k in f.keys() if k.endswith("embeddings.word_embeddings.weight"))
        pretrained = f.get_tensor(key)
    mine = model.base_model.embeddings.word_embeddings.weight.detach()
    assert torch.equal(mine, pretrained), "the encoder's weights are not the pretrained ones: from_pretrained(model_path())"
    id2label = {int(k): v for k, v in model.config.id2label.items()}
    assert id2label == {0: "negative", 1: "positive"}, f"config.id2label is {id2label}, expected 0 -> negative, 1 -> positive"


# ---------------------------------------------------------------- Task 2: tokenisation

@pytest.mark.task(2)
@pytest.mark.timeout(300)
def test_encode_cleans_truncates_and_pads(ft, torch, imdb):
    tokenizer, _ = _load(ft, torch)
    long = imdb["review"][imdb["review"].str.len() > 2000].iloc[0]
    short = "Great film.<br /><br />Loved it"
    batch = ft.encode(tokenizer, [short, long], max_length=40)
    ids, mask = batch["input_ids"], batch["attention_mask"]
    assert isinstance(ids, torch.Tensor) and isinstance(mask, torch.Tensor), "encode should return torch tensors (return_tensors='pt')"
    assert ids.dtype == torch.int64 and mask.dtype == torch.int64, f"dtypes {ids.dtype}, {mask.dtype}: expected int64"
    assert tuple(ids.shape) == (2, 40), (
        f"input_ids has shape {tuple(ids.shape)}, expected (2, 40): truncate the long review to max_length, pad to the longest")
    tokens = tokenizer.convert_ids_to_tokens(ids[0].tolist())
    assert "br" not in tokens and "<" not in tokens, f"the <br /> tags reached the tokenizer: {tokens[:16]}"
    words = tokenizer.convert_ids_to_tokens(tokenizer(re.sub(r"<[^>]*>", " ", short))["input_ids"])
    n_short = len(words)
    assert mask[0].tolist() == [1] * n_short + [0] * (40 - n_short), (
        f"attention_mask of the short review: {mask[0].tolist()}, expected {n_short} ones then zeros (padding)")
    assert ids[0, n_short:].eq(tokenizer.pad_token_id).all(), "padding positions should hold the pad token"
    assert ids[1, 0] == tokenizer.cls_token_id and ids[1, -1] == tokenizer.sep_token_id, (
        "a truncated review still starts with [CLS] and ends with [SEP] (truncation=True does that)")
    assert ft.encode(tokenizer, [short], max_length=40)["input_ids"].shape[1] == n_short, (
        "pad to the longest text of the batch (padding=True), not always to max_length")


# ---------------------------------------------------------------- Task 3: fine-tuning and prediction

@pytest.mark.task(3)
@pytest.mark.timeout(300)
def test_fine_tune_lowers_the_loss_and_changes_every_layer(ft, torch, imdb, seed):
    texts, labels = _reviews(imdb, "train", 16, seed)
    tokenizer, model = _load(ft, torch)
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    losses = call_keeps_global_state(
        lambda: ft.fine_tune(model, tokenizer, texts, labels, epochs=3, batch_size=8, lr=1e-4, max_length=64, seed=seed),
        "fine_tune(model, tokenizer, texts, labels, epochs=3, batch_size=8, ...)")
    assert isinstance(losses, list) and len(losses) == 6, (
        f"fine_tune returned {type(losses).__name__} of length {len(losses) if hasattr(losses, '__len__') else '?'}, "
        "expected one loss per step: 3 epochs x 2 batches = 6")
    assert all(isinstance(v, float) and np.isfinite(v) for v in losses), f"losses should be finite floats: {losses}"
    assert np.mean(losses[-2:]) < np.mean(losses[:2]), f"the loss should fall over 3 epochs on 16 reviews: {losses}"
    changed = {name for name, p in model.named_parameters() if not torch.equal(p.detach(), before[name])}
    head = [n for n in before if n.startswith("classifier")]
    assert set(head) <= changed, "the classification head did not change: are its weights in the optimiser?"
    encoder = [n for n in before if ".layer." in n and n.endswith("weight")]
    frac = sum(n in changed for n in encoder) / len(encoder)
    assert frac > 0.9, f"only {frac:.0%} of the encoder's weights changed: fine-tune the whole model, not only the head"


@pytest.mark.task(3)
@pytest.mark.timeout(300)
def test_predict_is_deterministic_in_eval_mode_and_matches_the_logits(ft, torch, imdb, seed):
    texts, _ = _reviews(imdb, "test", 12, seed)
    tokenizer, model = _load(ft, torch)
    model.train()
    a = ft.predict(model, tokenizer, texts, max_length=64)
    b = ft.predict(model, tokenizer, texts, max_length=64)
    assert isinstance(a, np.ndarray) and a.dtype == np.int64 and a.shape == (12,), (
        f"predict returned {type(a).__name__} {getattr(a, 'dtype', '')} {getattr(a, 'shape', '')}, expected int64 (12,)")
    assert np.array_equal(a, b), "predict gave two different answers for the same texts: call model.eval() (dropout)"
    assert all(p.grad is None for p in model.parameters()), "predict computed gradients: use torch.no_grad()"
    model.eval()
    with torch.no_grad():
        cleaned = [re.sub(r"<[^>]*>", " ", t) for t in texts]
        enc = tokenizer(cleaned, truncation=True, max_length=64, padding=True, return_tensors="pt")
        expected = model(**enc).logits.argmax(-1).numpy()
    assert np.array_equal(a, expected), f"predict -> {a}, the model's argmax -> {expected}"


# ---------------------------------------------------------------- Task 4: the classification report

@pytest.mark.task(4)
def test_report_file_and_dict_agree_with_the_predictions(ft, outdir):
    from sklearn.metrics import precision_recall_fscore_support

    y_true = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1])
    y_pred = np.array([1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1])
    path = outdir / "classification_report.txt"
    report = ft.write_report(y_true, y_pred, path)
    text = read_saved_text(path, "write_report(y_true, y_pred, path)")
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=[0, 1])
    assert isinstance(report, dict), f"write_report should return the report as a dict, got {type(report).__name__}"
    for i, name in enumerate(("negative", "positive")):
        assert name in report, f"the report dict has keys {sorted(report)}: name the classes negative and positive"
        row = report[name]
        assert row["precision"] == pytest.approx(p[i]) and row["recall"] == pytest.approx(r[i]), (
            f"report[{name!r}] = {row}, expected precision {p[i]:.4f}, recall {r[i]:.4f}")
        line = next((l for l in text.splitlines() if l.strip().startswith(name)), None)
        assert line, f"no line for {name!r} in the report file:\n{text}"
        nums = [float(x) for x in re.findall(r"\d+\.\d+|\d+", line)]
        assert nums[:4] == pytest.approx([round(p[i], 4), round(r[i], 4), round(f[i], 4), s[i]], abs=1e-4), (
            f"the {name} line reads {nums[:4]}, expected precision, recall, f1 (4 decimals) and support "
            f"{[round(p[i], 4), round(r[i], 4), round(f[i], 4), int(s[i])]}")
    acc = (y_true == y_pred).mean()
    assert report["accuracy"] == pytest.approx(acc)
    assert re.search(rf"accuracy\s+{acc:.4f}", text), f"the accuracy ({acc:.4f}) line is missing from the file:\n{text}"


# ---------------------------------------------------------------- Task 5 (stretch): a frozen encoder

@pytest.mark.task(5)
@pytest.mark.stretch
@pytest.mark.timeout(300)
def test_freeze_encoder_trains_only_the_head(ft, torch, imdb, seed):
    texts, labels = _reviews(imdb, "train", 8, seed)
    tokenizer, model = _load(ft, torch)
    n = ft.freeze_encoder(model)
    head = sum(p.numel() for name, p in model.named_parameters() if name.startswith(("classifier", "bert.pooler")))
    assert n == head == 148_610, f"freeze_encoder returned {n:,} trainable parameters, expected {head:,} (pooler + classifier)"
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    ft.fine_tune(model, tokenizer, texts, labels, epochs=1, batch_size=8, max_length=32, seed=seed)
    moved = [name for name, p in model.named_parameters()
             if not torch.equal(p.detach(), before[name]) and not name.startswith(("classifier", "bert.pooler"))]
    assert not moved, f"frozen weights changed during fine_tune: {moved[:3]}"
    assert not torch.equal(model.classifier.weight.detach(), before["classifier.weight"]), "the head did not train"


# ---------------------------------------------------------------- slow: accuracy on held-out official test reviews

@pytest.mark.task(3)
@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_fine_tuned_minilm_accuracy_on_1000_test_reviews(ft, torch, imdb):
    train_texts, train_labels = _reviews(imdb, "train", 1000, 0)
    test_texts, test_labels = _reviews(imdb, "test", 1000, 1)
    tokenizer, model = _load(ft, torch)
    start = time.perf_counter()
    ft.fine_tune(model, tokenizer, train_texts, train_labels, epochs=1, batch_size=16, lr=1e-4, max_length=128, seed=0)
    acc = float((ft.predict(model, tokenizer, test_texts, max_length=128) == test_labels).mean())
    print(f"\nday34 slow: MiniLM fine-tuned on 1,000 reviews, accuracy {acc:.4f} on 1,000 test reviews, "
          f"{time.perf_counter() - start:.0f} s")
    assert acc >= 0.72, f"accuracy {acc:.3f} on 1,000 held-out test reviews, expected >= 0.72"
