"""Records written as a folder of partition files, for users who want files, not a store:
`depeche analyze INPUTS --out DIR [--cluster ...]`.

Inputs are cut, in input order, into partitions of `size` items; partition k's records
(one JSON record a line, in input order) go to `DIR/part-0000k.jsonl`, written under a
temporary name and renamed when complete. A rerun with the same inputs and size skips
the partitions already written: an interrupted run (Ctrl-C, a killed worker, a crash)
resumes with what is left. `DIR/_errors.jsonl` lists the inputs that failed."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable


@dataclass
class PartitionSummary:
    partitions: int = 0        # partitions of this input
    skipped: int = 0           # already written by an earlier run
    written: int = 0
    records: int = 0
    failed: int = 0

    def line(self) -> str:
        return (f"{self.partitions} partitions ({self.written} written now, {self.skipped} "
                f"already there), {self.records} records, {self.failed} failed")


class Done:
    """The future of work already done here (no cluster): `result()` is its value."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def partition_path(folder: Path, k: int) -> Path:
    return folder / f"part-{k:05d}.jsonl"


def write_partitions(items: Iterable, folder: Path, submit: Callable, *, size: int = 64,
                     inflight: int = 4, progress: Callable[[int], None] | None = None,
                     on_error: Callable[[str, str], None] | None = None) -> PartitionSummary:
    """Analyse `items` (`articles.Item`s) into `folder`. `submit(articles)` starts the
    analysis of a batch and returns a future (`.result()` gives `records_as_json`'s
    pairs); at most `inflight` partitions are in flight, written in order."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = PartitionSummary()
    pending: list = []                  # (k, future | None, items)
    errors = (folder / "_errors.jsonl").open("a", encoding="utf-8")

    def report(origin: str, message: str) -> None:
        summary.failed += 1
        errors.write(json.dumps({"input": origin, "error": message}, ensure_ascii=False)
                     + "\n")
        errors.flush()
        if on_error:
            on_error(origin, message)

    def finish(k: int, fut, batch: list) -> None:
        results = iter(fut.result() if fut is not None else ())
        path = partition_path(folder, k)
        tmp = path.with_suffix(".jsonl.part")
        with tmp.open("w", encoding="utf-8") as fh:
            for item in batch:
                if item.article is None:
                    report(item.origin, str(item.error))
                    continue
                line, error = next(results)
                if line is None:
                    report(item.origin, error)
                else:
                    fh.write(line + "\n")
                    summary.records += 1
        os.replace(tmp, path)
        summary.written += 1
        if progress:
            progress(len(batch))

    def start(k: int, batch: list) -> None:
        summary.partitions += 1
        if partition_path(folder, k).exists():
            summary.skipped += 1
            if progress:
                progress(len(batch))
            return
        articles = [it.article for it in batch if it.article is not None]
        pending.append((k, submit(articles) if articles else None, batch))
        while len(pending) > inflight:
            finish(*pending.pop(0))

    try:
        batch: list = []
        k = 0
        for item in items:
            batch.append(item)
            if len(batch) >= size:
                start(k, batch)
                k, batch = k + 1, []
        if batch:
            start(k, batch)
        while pending:
            finish(*pending.pop(0))
    finally:
        for _, fut, _ in pending:       # interrupted: what is not written is dropped
            if fut is not None and hasattr(fut, "cancel"):
                fut.cancel()
        errors.close()
    return summary
