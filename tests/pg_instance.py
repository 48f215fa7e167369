"""A throw-away PostgreSQL server of its own (data directory and port), for tests that stop and start
the server while the app is connected. The shared server at 5432 is never touched.

The binaries come from the machine's PostgreSQL package (/usr/lib/postgresql/<version>/bin);
as root they run as the ``postgres`` OS user, which PostgreSQL requires.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


def missing() -> str | None:
    """Why no throw-away server can be started here (Bahasa Indonesia), or None."""
    if _bin_dir() is None:
        return "pg_ctl/initdb tidak ada di /usr/lib/postgresql/*/bin (paket server PostgreSQL)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser tidak ada: initdb tidak boleh dijalankan sebagai root"
    return None


class ThrowawayPostgres:
    """``start()`` / ``stop()`` / ``cleanup()`` a server on a free port; ``url`` for SQLAlchemy."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="sipks_pg_"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def _run(self, tool: str, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout, cwd=self.root)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "-t", "60",
                  "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def cleanup(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
