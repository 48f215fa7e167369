"""The briefing's "data as of" (newest write in scope) with and without migration 0007's indexes.

    .venv/bin/python bench/bench_data_as_of.py [--db sqlite|postgresql] [--national 1000000]

Seeds the national demo into a throwaway database, then times ``briefing_reads.data_as_of`` for the nation, a
province and a kab/kota (median of 5 after one warm-up), with the indexes and after dropping them, in the same
run. The indexes are put back by the migration's own statements at the end.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_concurrent import cli, load1, throwaway_database
from sqlalchemy import text

from data_access import briefing_reads
from data_access.db import make_engine
from domain.access import Principal, Role, Scope

ADMIN = Principal("bench", Role.ADMIN, Scope.national(), clearance="rahasia")
SCOPES = (("nasional", None), ("provinsi 73", Scope.for_region("73")), ("kab/kota 73.71", Scope.for_region("73.71")))
INDEXES = ("ix_incidents_written", "ix_incidents_province_written")


def timed(engine, scope) -> float:
    with engine.connect() as conn:
        briefing_reads.data_as_of(conn, ADMIN, scope)
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            briefing_reads.data_as_of(conn, ADMIN, scope)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--national", type=int, default=1_000_000, metavar="N")
    args = parser.parse_args()
    with throwaway_database(args.db) as url:
        cli(url, "upgrade")
        seeded = cli(url, "seed-demo", "--scale", "national", "--incidents", str(args.national))
        print(f"seed-demo national {args.national:,}: {seeded:.1f} s (with scores)", flush=True)
        engine = make_engine(url)
        try:
            with_index = {name: timed(engine, scope) for name, scope in SCOPES}
            load_with = load1()
            with engine.begin() as conn:
                for name in INDEXES:
                    conn.execute(text(f"DROP INDEX {name}"))
            without = {name: timed(engine, scope) for name, scope in SCOPES}
            load_without = load1()
            with engine.begin() as conn:
                conn.execute(text("CREATE INDEX ix_incidents_written ON incidents (coalesce(updated_at, created_at))"))
                conn.execute(text("CREATE INDEX ix_incidents_province_written "
                                  "ON incidents (province_code, coalesce(updated_at, created_at))"))
        finally:
            engine.dispose()
    print(f"\n{args.db}, national demo of {args.national:,} incidents: data_as_of, median of 5\n")
    print("| Scope | Without the indexes | With them (0007) | Ratio | Load |\n|---|---|---|---|---|")
    for name, _ in SCOPES:
        print(f"| {name} | {without[name] * 1000:,.1f} ms | {with_index[name] * 1000:,.2f} ms | "
              f"{without[name] / with_index[name]:,.0f}× | {load_without:.2f} · {load_with:.2f} |")


if __name__ == "__main__":
    main()
