"""The one place that says which Chromium the browser tests, screenshots and `make browser-deps` use.

Debian's package at /usr/bin/chromium, or the path in ``SIPKS_CHROMIUM``; never a downloaded
browser build. ``python scripts/chromium.py`` prints the path and exits 0 when it is there
and executable, else prints why on stderr and exits 1 (the Makefile installs the package then).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> Path:
    """Where Chromium is expected (it may be missing: see :func:`chromium_missing`)."""
    return Path(os.environ.get("SIPKS_CHROMIUM") or DEFAULT)


def chromium_missing() -> str | None:
    """Why the browser cannot run (Bahasa Indonesia), or None when it can."""
    path = chromium_path()
    if not path.is_file():
        return f"Chromium tidak ada di {path} (pasang dengan `make browser-deps`)"
    if not os.access(path, os.X_OK):
        return f"Chromium di {path} tidak dapat dijalankan"
    return None


if __name__ == "__main__":
    problem = chromium_missing()
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(1)
    print(chromium_path())
