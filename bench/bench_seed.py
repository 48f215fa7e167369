"""Seeding benchmark: national 1,000,000 incidents into fresh SQLite and PostgreSQL databases,
plus the Sulsel demo. Prints timings; copy them into bench/RESULTS.md (## Seeding).

    .venv/bin/python bench/bench_seed.py [--incidents N] [--skip-postgresql]

PostgreSQL uses a temporary database created and dropped through the admin URL
(``SIPKS_BENCH_ADMIN_URL``, default postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from data_access.db import make_engine, upgrade  # noqa: E402
from data_access.demo import seed_demo  # noqa: E402
from data_access.reference import load_regions  # noqa: E402

ADMIN_URL = os.environ.get("SIPKS_BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TODAY = date(2026, 11, 29)
LIMIT_SECONDS = 60.0


def _seed(url: str, scale: str, n: int | None) -> float:
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        load_regions(conn)
    started = time.perf_counter()
    with engine.begin() as conn:   # timing includes the commit
        seed_demo(conn, scale=scale, n_incidents=n, today=TODAY)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def _sqlite(scale: str, n: int | None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return _seed(f"sqlite:///{Path(tmp) / 'bench.db'}", scale, n)


def _postgresql(scale: str, n: int | None) -> float:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"sipks_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))   # name is generated here, never user input
    try:
        return _seed(make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False), scale, n)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--skip-postgresql", action="store_true")
    args = parser.parse_args()
    backends = [("SQLite", _sqlite)] + ([] if args.skip_postgresql else [("PostgreSQL", _postgresql)])
    failed = False
    print(f"cpu={os.cpu_count()} today={TODAY}")
    for label, run in backends:
        sulsel = run("sulsel", None)
        print(f"{label:<10} sulsel demo (5,000 incidents + actions, indicators): {sulsel:6.2f} s", flush=True)
        national = run("national", args.incidents)
        rate = args.incidents / national
        verdict = "OK" if national < LIMIT_SECONDS or args.incidents != 1_000_000 else "TOO SLOW"
        failed |= verdict != "OK"
        print(f"{label:<10} national {args.incidents:,} incidents: {national:6.2f} s "
              f"({rate:,.0f} rows/s) {verdict}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
