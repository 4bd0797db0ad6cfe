"""A throwaway PostgreSQL server for the tests and benchmarks: a new cluster in a
temporary folder, started on a free local port, stopped and removed at the end.

    with throwaway_cluster() as server:
        url = server.create_database("depeche_test")    # postgresql://postgres@127.0.0.1:P/...

PostgreSQL's own programs (`initdb`, `pg_ctl`) are found on the PATH or in
`/usr/lib/postgresql/<version>/bin` (Debian's package). As root they run as the
`postgres` user (PostgreSQL refuses to run as root). `DEPECHE_TEST_PG` (a URL of a
running server the tests may create databases on) is used instead when set.

    python tests/pg_cluster.py      # start one and wait: prints its URL (Ctrl-C stops it)
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


class NoPostgres(RuntimeError):
    """PostgreSQL's programs are not installed here."""


def pg_bin(program: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        path = os.path.join(folder, program)
        if os.access(path, os.X_OK):
            return path
    raise NoPostgres(f"{program} not found: install PostgreSQL (Debian: apt-get install "
                     f"postgresql) or set DEPECHE_TEST_PG to a server's URL")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    """`cmd` run as the `postgres` user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class Server:
    url: str        # postgresql://USER@HOST:PORT (no database)

    def create_database(self, name: str) -> str:
        """A new empty database `name` (dropped first if it exists); its URL."""
        import psycopg
        with psycopg.connect(self.url + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"

    def drop_database(self, name: str) -> None:
        import psycopg
        with psycopg.connect(self.url + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def throwaway_cluster(*, durable: bool = False, folder: str | None = None
                      ) -> Iterator[Server]:
    """A PostgreSQL server of its own for the time of the block (or DEPECHE_TEST_PG's).
    Tests run it without syncing to disk; `durable` (benchmarks): PostgreSQL's own
    defaults (fsync, synchronous commit), as a real store runs. `folder`: where its
    files go (a temporary folder by default)."""
    given = os.environ.get("DEPECHE_TEST_PG")
    if given:
        yield Server(given.rstrip("/"))
        return
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    folder_path = Path(tempfile.mkdtemp(prefix="depeche-pg-", dir=folder))
    data = folder_path / "data"
    if os.geteuid() == 0:
        shutil.chown(folder_path, "postgres")
    port = _free_port()
    try:
        subprocess.run(_as_owner([initdb, "-D", str(data), "-U", "postgres", "-A", "trust",
                                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True, text=True)
        options = (f"-p {port} -k {folder_path} -c listen_addresses=127.0.0.1 "
                   f"-c max_connections=200")
        if not durable:     # a test server: speed over durability (nothing outlives it)
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", options, "-l",
                                  str(folder_path / "log"), "-w", "-t", "60", "start"]),
                       check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        log_file = folder_path / "log"
        log = log_file.read_text() if log_file.exists() else ""
        shutil.rmtree(folder_path, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from None
    try:
        yield Server(f"postgresql://postgres@127.0.0.1:{port}")
    finally:
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder_path, ignore_errors=True)


if __name__ == "__main__":
    import signal
    # stopped by Ctrl-C or by `kill` (SIGTERM): either way the server is stopped and its
    # folder removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # --durable: fsync and synchronous commits on (for benchmarks); a folder: where
    with throwaway_cluster(durable="--durable" in sys.argv,
                           folder=next((a for a in sys.argv[1:] if not a.startswith("--")),
                                       None)) as server:
        print(server.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            sys.exit(0)
