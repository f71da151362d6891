"""Read wandb runs back from their offline files (`run-<id>.wandb`), without a server.

An offline wandb run (WANDB_MODE=offline) writes everything it logs into one `run-<id>.wandb` file
under `<dir>/wandb/offline-run-<time>-<id>/`; wandb 0.31 has no public reader for it. The file is a
LevelDB-style log: a 7-byte header (`:W&B`, magic 0xBEE1, version 0), then 32 KiB blocks of chunks,
each with a 7-byte header (CRC-32, length, type FULL/FIRST/MIDDLE/LAST); the reassembled payloads
are `wandb_internal_pb2.Record` protobufs. `read_run` returns the run's config, its history rows and
its summary, decoded from their JSON values, so tests can check what a run really logged.

`run.finish()` returns before wandb's background service has written the whole file (measured with
wandb 0.31 on a busy machine: the history was still missing right after finish). A finished run ends
with an `exit` record, so `read_run` waits (up to `wait` seconds) for it; a run that never gets one,
because `run.finish()` was not called, is an error that says so.
"""
from __future__ import annotations

import json
import struct
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

_BLOCK = 32768
_FULL, _FIRST, _MIDDLE, _LAST = 1, 2, 3, 4


@dataclass
class Run:
    """One offline run: id, project, config {key: value}, history [{key: value} per log call], summary."""
    path: Path
    id: str = ""
    project: str = ""
    config: dict = field(default_factory=dict)
    history: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def _records(data: bytes):
    if len(data) < 7:                  # a file just created: nothing written yet
        return
    if data[:4] != b":W&B" or struct.unpack("<HB", data[4:7]) != (0xBEE1, 0):
        raise ValueError("not a wandb run file (bad header)")
    pos, pending = 7, b""
    while pos + 7 <= len(data):
        left_in_block = _BLOCK - pos % _BLOCK
        if left_in_block < 7:          # the rest of a block too small for a chunk header is padding
            pos += left_in_block
            continue
        crc, length, kind = struct.unpack("<IHB", data[pos:pos + 7])
        chunk = data[pos + 7:pos + 7 + length]
        if len(chunk) < length:        # a chunk still being written
            break
        if kind == 0 and length == 0:  # zero padding at the end of the file
            break
        if zlib.crc32(bytes([kind]) + chunk) & 0xFFFFFFFF != crc:
            raise ValueError(f"corrupt chunk at byte {pos}")
        pos += 7 + length
        if kind == _FULL:
            yield chunk
        elif kind == _FIRST:
            pending = chunk
        elif kind == _MIDDLE:
            pending += chunk
        elif kind == _LAST:
            yield pending + chunk
            pending = b""


def _item_key(item) -> str:
    return item.key if item.key else "/".join(item.nested_key)


def _parsed(path: Path):
    """The records of the file, and whether the run's exit record is among them."""
    from wandb.proto import wandb_internal_pb2 as pb

    records = []
    for payload in _records(path.read_bytes()):
        rec = pb.Record()
        rec.ParseFromString(payload)
        records.append(rec)
    return records, any(r.WhichOneof("record_type") == "exit" for r in records)


def read_run(path, wait: float = 20.0) -> Run:
    """The run stored in one `run-<id>.wandb` file, once it is complete (waits up to `wait` seconds)."""
    path = Path(path)
    deadline = time.monotonic() + wait
    records, finished = _parsed(path)
    while not finished and time.monotonic() < deadline:
        time.sleep(0.1)
        records, finished = _parsed(path)
    if not finished:
        raise ValueError(f"{path} holds no finished run (no exit record after {wait:.0f} s): was run.finish() called?")
    run = Run(path=path)
    for rec in records:
        kind = rec.WhichOneof("record_type")
        if kind == "run":
            run.id, run.project = rec.run.run_id, rec.run.project
            for item in rec.run.config.update:
                run.config[_item_key(item)] = json.loads(item.value_json)
        elif kind == "config":
            for item in rec.config.update:
                run.config[_item_key(item)] = json.loads(item.value_json)
        elif kind == "history":
            run.history.append({_item_key(i): json.loads(i.value_json) for i in rec.history.item})
        elif kind == "summary":
            for item in rec.summary.update:
                run.summary[_item_key(item)] = json.loads(item.value_json)
    run.config.pop("_wandb", None)
    for key, value in list(run.config.items()):  # wandb stores config entries as {"value": v, "desc": ...}
        if isinstance(value, dict) and set(value) <= {"value", "desc"} and "value" in value:
            run.config[key] = value["value"]
    return run


def read_runs(folder, wait: float = 20.0) -> list[Run]:
    """Every offline run under folder (searched recursively), in the order of their file paths."""
    return [read_run(p, wait=wait) for p in sorted(Path(folder).rglob("run-*.wandb"))]
