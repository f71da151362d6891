"""katalib.wandb_runs reads back what an offline wandb run logged: config, history rows, summary."""
import pytest

from katalib import wandb_runs


def test_an_offline_run_reads_back_config_history_and_summary(tmp_path, monkeypatch):
    import wandb

    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.setenv("WANDB_SILENT", "true")
    run = wandb.init(project="harness", dir=str(tmp_path), config={"hidden_size": 32, "lr": 0.001}, mode="offline")
    for epoch in (1, 2, 3):
        run.log({"epoch": epoch, "acc": epoch / 10})
    run.summary["final"] = 0.3
    run_id = run.id
    run.finish()
    runs = wandb_runs.read_runs(tmp_path)
    assert [r.id for r in runs] == [run_id]
    r = runs[0]
    assert r.project == "harness" and r.config == {"hidden_size": 32, "lr": 0.001}
    assert [(row["epoch"], row["acc"]) for row in r.history] == [(1, 0.1), (2, 0.2), (3, 0.3)]
    assert r.summary["final"] == 0.3 and r.summary["epoch"] == 3


def test_a_file_that_is_not_a_run_is_refused(tmp_path):
    path = tmp_path / "run-x.wandb"
    path.write_bytes(b"not a run file at all")
    with pytest.raises(ValueError):
        wandb_runs.read_run(path)
