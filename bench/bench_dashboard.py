"""Dashboard read paths on 100,000 Sulawesi Selatan demo incidents, most with a map point (SQLite temp file): what a page asks the database
for, and how big the map's incident layer is when aggregated in SQL versus sent as raw points.

    .venv/bin/python bench/bench_dashboard.py
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access import dashboard, incidents  # noqa: E402
from data_access.db import make_engine, upgrade  # noqa: E402
from data_access.demo import seed_demo  # noqa: E402
from data_access.reference import load_regions  # noqa: E402
from domain.access import Principal, Role, Scope  # noqa: E402
from domain.filters import IncidentFilter  # noqa: E402

TODAY = date(2026, 11, 29)
N = 100_000
REPEAT = 5


def best(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with engine.begin() as conn:
            load_regions(conn)
            seed_demo(conn, today=TODAY, scale="sulsel", n_incidents=N)
        national = Principal("bench", Role.ANALIS, Scope.national(), clearance="rahasia")
        year = IncidentFilter(date_from=TODAY - timedelta(days=365), date_to=TODAY)
        rows = []
        with engine.connect() as conn:
            total = incidents.count_incidents(conn, national, IncidentFilter())
            t, grid = best(lambda: dashboard.incident_grid(conn, national, IncidentFilter(), 0.05))
            payload = len(json.dumps(grid.to_dict("records")))
            rows.append(("grid 0.05° (≈5.6 km) of all incidents (province map layer)", t,
                         f"{len(grid):,} cells, {payload / 1e3:,.0f} kB"))
            t, grid = best(lambda: dashboard.incident_grid(conn, national, year, 0.01))
            rows.append(("grid 0.01° of 12 months, whole province (worst case of the kab/kota layer)", t,
                         f"{len(grid):,} cells"))
            t, points = best(lambda: incidents.list_incidents(conn, national, IncidentFilter(), limit=None)[["lat", "lon"]])
            raw = len(json.dumps(points.dropna().to_dict("records")))
            rows.append(("raw points, all incidents (what the grid avoids)", t, f"{len(points):,} rows, {raw / 1e6:,.1f} MB"))
            t, _ = best(lambda: incidents.aggregate(conn, national, year, ("month", "category")))
            rows.append(("month × category counts, 12 months (Tren)", t, ""))
            t, _ = best(lambda: incidents.totals(conn, national, IncidentFilter(date_from=TODAY.replace(day=1), date_to=TODAY)))
            rows.append(("totals of the running month (Ringkasan KPI)", t, ""))
            t, _ = best(lambda: (incidents.count_incidents(conn, national, year),
                                 incidents.list_incidents(conn, national, year, limit=100)))
            rows.append(("count + first page of 100 (Insiden)", t, ""))
            t, _ = best(lambda: dashboard.latest_indicator_values(conn, national, as_of=TODAY))
            rows.append(("latest indicator values + percentiles, 24 kab/kota", t, ""))
        engine.dispose()
    print(f"{total:,} incidents (Sulsel demo scaled up, SQLite); best of {REPEAT}")
    print("| Query | Time | Size |\n|---|---|---|")
    for name, t, size in rows:
        print(f"| {name} | {t * 1000:,.0f} ms | {size} |")


if __name__ == "__main__":
    main()
