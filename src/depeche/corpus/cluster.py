"""Analysis on a Dask cluster: `--cluster local:N` (a `distributed.LocalCluster` of N
worker processes on this machine) or `--cluster tcp://SCHEDULER:8786` (a running Dask
cluster, on as many machines as it has).

Each worker builds its Engine once, when it joins (a worker plugin, not per task), and
analyses the batches it is given; the records come back to the one client, which writes
them in input order (an ingest into a store) or as partition files (`analyze --out`).
Dask reschedules a batch whose worker died; a batch whose workers keep dying is
reported as failed. Dask itself is an optional extra: `pip install depeche[cluster]`.
"""
from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, TextIO

from ..errors import DepecheError

PLUGIN_NAME = "depeche-engine"
_LOCAL = re.compile(r"local(?::(\d+))?")
_REMOTE = re.compile(r"(tcp|tls)://[^\s/]+:\d+")


class ClusterError(DepecheError):
    """A cluster that cannot be reached or started, or Dask not installed."""
    code = "E750"
    kind = "cluster"


@dataclass(frozen=True)
class ClusterSpec:
    """`local` workers on this machine, or the `address` of a running scheduler."""
    address: str | None = None
    local: int = 0

    @classmethod
    def parse(cls, text: str) -> "ClusterSpec":
        text = text.strip()
        m = _LOCAL.fullmatch(text)
        if m:
            n = int(m.group(1) or 2)
            if not 1 <= n <= 256:
                raise ClusterError(f"--cluster {text!r}: give local:N with N from 1 to 256")
            return cls(local=n)
        if _REMOTE.fullmatch(text):
            return cls(address=text)
        raise ClusterError(f"--cluster {text!r}: give local:N (N worker processes here) or "
                           f"tcp://SCHEDULER:8786 (a running Dask scheduler)")

    def __str__(self) -> str:
        return self.address or f"local:{self.local}"


def spec_problem(text: str | None) -> str | None:
    """What is wrong with a --cluster value, for a usage error; None when it is good."""
    if not text:
        return None
    try:
        ClusterSpec.parse(text)
    except ClusterError as exc:
        return str(exc)
    return None


def _worker_plugin_class():
    from distributed import WorkerPlugin

    class EnginePlugin(WorkerPlugin):
        """Builds the worker's Engine once, when the worker starts or joins."""
        name = PLUGIN_NAME

        def __init__(self, settings):
            self.settings = settings
            self.engine = None
            self.error: DepecheError | None = None
            self.stores: dict = {}      # target -> the Store this worker writes into

        def store(self, target: str):
            """This worker's Store of `target` (a PostgreSQL URL), opened once."""
            if target not in self.stores:
                from ..store import Store
                self.stores[target] = Store(target)
            return self.stores[target]

        def teardown(self, worker) -> None:
            for store in self.stores.values():
                store.close()

        def setup(self, worker) -> None:
            from ..pipeline import Engine
            try:
                self.engine = Engine(self.settings)
                if "parse" in self.engine.pipeline.names:    # load the model now
                    assert self.engine.resources.nlp is not None
                if "places" in self.engine.pipeline.names:   # and the place index
                    assert self.engine.resources.gazetteer is not None
            except DepecheError as exc:      # told by each batch, then the ingest stops
                self.error = exc
    return EnginePlugin


def analyse_on_worker(articles, origins, settings):
    """A batch analysed by this worker's Engine (the plugin's): `ingest._analyse`."""
    from distributed import get_worker

    from .ingest import _analyse
    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    if plugin.error is not None:
        raise plugin.error
    return _analyse(plugin.engine, articles, origins, settings)


def write_on_worker(articles, origins, hashes, settings, target: str):
    """A batch analysed by this worker's Engine and written by the worker itself into
    the store `target` (PostgreSQL: every worker writes; nothing but counts comes back
    to the client): `ingest.WrittenBatch`."""
    from distributed import get_worker

    from ..store import StoredRecord
    from .ingest import WrittenBatch, _analyse
    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    if plugin.error is not None:
        raise plugin.error
    results = _analyse(plugin.engine, articles, origins, settings)
    stored = [StoredRecord(record, h, sig, origin) for (record, sig, _), h, origin
              in zip(results, hashes, origins) if record is not None]
    written = plugin.store(target).add_analysed(stored) if stored else None
    return WrittenBatch(written, [error for _, _, error in results])


def records_as_json(engine, articles) -> list[tuple[str | None, str | None]]:
    """(record JSON, None) or (None, error) for each article of a batch, in order."""
    try:
        return [(r.to_json(), None) for r in engine.analyze_many(articles)]
    except Exception:  # noqa: BLE001 - one article failing: find which, keep the others
        out: list[tuple[str | None, str | None]] = []
        for article in articles:
            try:
                out.append((engine.analyze_article(article).to_json(), None))
            except Exception as exc:  # noqa: BLE001 - any failure is one bad article
                out.append((None, f"analysis failed: {type(exc).__name__}: {exc}"))
        return out


def records_on_worker(articles):
    """`records_as_json` with this worker's Engine (the plugin's)."""
    from distributed import get_worker
    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    if plugin.error is not None:
        raise plugin.error
    return records_as_json(plugin.engine, articles)


@contextmanager
def connect(spec: ClusterSpec, engine_settings, *, err: TextIO | None = None,
            say: bool = True) -> Iterator:
    """A Dask client on the cluster of `spec`, every worker with an Engine (the plugin
    is registered on the workers there and on those that join later)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'depeche[cluster]' "
                           "(dask[distributed])") from None
    err = err or sys.stderr
    cluster = None
    try:
        if spec.local:
            cluster = LocalCluster(n_workers=spec.local, threads_per_worker=1,
                                   processes=True, dashboard_address=":0",
                                   silence_logs=40)
            client = Client(cluster)
        else:
            client = Client(spec.address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {spec}: {exc}") from None
    try:
        if say:
            n = len(client.scheduler_info().get("workers", {}))
            print(f"depeche: Dask cluster {spec}: {n} workers; dashboard "
                  f"{client.dashboard_link}", file=err, flush=True)
        client.register_plugin(_worker_plugin_class()(engine_settings), name=PLUGIN_NAME)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class DaskPool:
    """The pool `ingest._Analyser` submits batches to, on a Dask client: futures with
    done(), result() and cancel(), as a process pool's."""

    def __init__(self, client):
        self.client = client

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """The cluster is the caller's (`connect`): nothing to stop here."""
