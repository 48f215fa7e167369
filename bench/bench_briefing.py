"""The Laporan Situasi pack: time to build, render and audit (PPTX and PDF) for Sulawesi Selatan and
for national scope, with both image renderers, and the file sizes. Targets: Sulsel ≤ 30 s,
national ≤ 60 s, PPTX ≤ 10 MB (2 cores).

    .venv/bin/python bench/bench_briefing.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access.db import make_engine, upgrade  # noqa: E402
from data_access.demo import seed_demo  # noqa: E402
from data_access.reference import load_regions  # noqa: E402
from domain.access import Principal, Role, Scope  # noqa: E402
from domain.period import Month  # noqa: E402
from services.pack import export_pack  # noqa: E402

TODAY = date(2026, 11, 29)
MONTH = Month(2026, 10)


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def run(engine, label: str, scope: Scope) -> list[tuple]:
    principal = Principal("bench", Role.ANALIS, Scope.national(), "rahasia")
    rows = []
    for renderer in ("kaleido", "matplotlib"):
        for file_format in ("pptx", "pdf"):
            start = time.perf_counter()
            pack = export_pack(engine, principal, scope, MONTH, file_format, renderer=renderer, channel="bench")
            rows.append((label, file_format, renderer, time.perf_counter() - start, len(pack.data), loadavg()))
    return rows


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, scale, scope in (("Sulawesi Selatan (5.000 insiden)", "sulsel", Scope.for_region("73")),
                                    ("Nasional (100.000 insiden)", "national", Scope.national())):
            engine = make_engine(f"sqlite:///{Path(tmp) / (scale + '.db')}")
            upgrade(engine)
            with engine.begin() as conn:
                load_regions(conn)
                seed_demo(conn, today=TODAY, scale=scale)
            rows += run(engine, label, scope)
            engine.dispose()
    print("| Scope | Format | Images | Time | Size | load (1 min) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, file_format, renderer, seconds, size, load in rows:
        print(f"| {label} | {file_format.upper()} | {renderer} | {seconds:.1f} s | {size / 1e6:.2f} MB | {load} |")


if __name__ == "__main__":
    main()
