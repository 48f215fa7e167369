"""Early warning on 2 cores: forecast for 514 kab/kota with 10 years of monthly history (target ≤ 60 s),
the Sulsel demo backtest over 24 origins (≤ 2 min), alert recomputation after a 1,000-row import (≤ 5 s).

Each figure is printed with the machine load (``/proc/loadavg``) and its ratio to the target.
Databases are throw-away SQLite files under /tmp.
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access.db import make_engine, upgrade  # noqa: E402
from data_access.demo import seed_demo  # noqa: E402
from data_access.models import Incident, Region  # noqa: E402
from data_access.reference import load_regions  # noqa: E402
from domain.access import Scope  # noqa: E402
from domain.taxonomy import taxonomy  # noqa: E402
from services.alerts import refresh_alerts  # noqa: E402
from services.forecast import backtest, default_origins, run_forecast  # noqa: E402

TODAY = date(2026, 11, 30)  # a month end: the last 24 months are complete origins


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def fresh_engine(name: str):
    path = Path(tempfile.mkdtemp(prefix="sipks-bench-ew-")) / f"{name}.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as conn:
        load_regions(conn)
    return engine


def national_history(engine, years: int = 10, seed: int = 5) -> int:
    """About 1.5 incidents a month per kab/kota (region-specific rates, a yearly cycle), 10 years."""
    rng = np.random.default_rng(seed)
    cats = taxonomy().codes("category")
    with engine.begin() as conn:
        kab = conn.execute(select(Region.code, Region.province_code).where(
            Region.level.in_(("kabupaten", "kota"))).order_by(Region.code)).all()
        start = date(TODAY.year - years, TODAY.month, 1)
        days = (TODAY - start).days
        rows = []
        rate = rng.gamma(1.5, 1.0, len(kab))                     # per month
        for i, (code, prov) in enumerate(kab):
            n = rng.poisson(rate[i] * days / 30.4)
            offsets = rng.integers(0, days, n)
            for k, off in enumerate(offsets):
                day = start + timedelta(days=int(off))
                rows.append({"occurred_on": day, "reported_on": day + timedelta(days=int(rng.integers(0, 4))),
                             "province_code": prov, "kabkota_code": code, "category": cats[int(rng.integers(len(cats)))],
                             "arena": "maya" if rng.random() < 0.2 else "nyata",
                             "severity": ("ringan", "sedang", "berat")[int(rng.choice(3, p=[0.6, 0.3, 0.1]))],
                             "deaths": int(rng.random() < 0.03), "description": "", "source": "polri",
                             "source_ref": f"B-{code}-{k}", "created_by": "bench"})
        rows = [r for r in rows if r["reported_on"] <= TODAY]
        for i in range(0, len(rows), 20_000):
            conn.execute(insert(Incident), rows[i:i + 20_000])
    return len(rows)


def report(label: str, seconds: float, target: float, extra: str = "") -> None:
    print(f"{label}: {seconds:.1f} s (target ≤ {target:.0f} s, ratio {seconds / target:.2f}){extra} · load {load()}",
          flush=True)


def bench_national_forecast() -> None:
    engine = fresh_engine("national")
    t0 = time.perf_counter()
    n = national_history(engine)
    print(f"national history: {n:,} incidents in 514 kab/kota over 10 years, written in "
          f"{time.perf_counter() - t0:.1f} s · load {load()}", flush=True)
    with engine.begin() as conn:
        t0 = time.perf_counter()
        out = run_forecast(conn, Scope.national(), created_by="bench", as_of=TODAY)
        total = time.perf_counter() - t0
    report("fit + forecast, 514 kab/kota × 120 months (SQL, features, 2 horizons × 4 fits, store)", total, 60,
           f"; model part {out.duration_s:.1f} s, {out.forecasts['region_code'].nunique()} kab/kota")
    with engine.begin() as conn:
        t0 = time.perf_counter()
        result = refresh_alerts(conn, None, as_of=TODAY)
        report("alert recomputation, all 514 kab/kota", time.perf_counter() - t0, 5,
               f"; {result.candidates} candidates")
    # National scale works for the backtest too (no target in the issue; three origins shown).
    with engine.begin() as conn:
        first, last = default_origins(conn, Scope.national(), as_of=TODAY, max_origins=3)
        t0 = time.perf_counter()
        run = backtest(conn, Scope.national(), month_from=first, month_to=last, horizons=(1, 3), created_by="bench",
                       as_of=TODAY)
        seconds = time.perf_counter() - t0
    skill = [f"h={h['horizon']} n={h['n_forecasts']} CRPS skill vs persistence {h['skill']['persistence']['crps']:+.2f}"
             f", vs 12-month mean {h['skill']['historical_mean']['crps']:+.2f}" for h in run["result"]["horizons"]]
    print(f"national backtest, {run['n_origins']} origins: {seconds:.1f} s; " + "; ".join(skill) + f" · load {load()}")
    engine.dispose()


def bench_sulsel() -> None:
    engine = fresh_engine("sulsel")
    with engine.begin() as conn:
        seed_demo(conn, today=TODAY)
    scope = Scope.for_region("73")
    with engine.begin() as conn:
        first, last = default_origins(conn, scope, as_of=TODAY)
        t0 = time.perf_counter()
        run = backtest(conn, scope, month_from=first, month_to=last, horizons=(1, 3), created_by="bench", as_of=TODAY)
        total = time.perf_counter() - t0
    report(f"Sulsel backtest, {run['n_origins']} origins {first:%Y-%m}–{last:%Y-%m}, horizons 1 and 3", total, 120)
    for h in run["result"]["horizons"]:
        cells = " | ".join(f"{name} CRPS {m['crps']:.3f} Brier {m['brier']:.3f}" for name, m in h["models"].items()
                           if name in ("model", "persistence", "historical_mean"))
        print(f"  h={h['horizon']} n={h['n_forecasts']}: {cells}")

    # 1,000 incidents arrive in one import across Sulsel's last 60 days; then the alert step runs.
    rng = np.random.default_rng(9)
    with engine.begin() as conn:
        kab = [c for (c,) in conn.execute(select(Region.code).where(
            Region.province_code == "73", Region.level.in_(("kabupaten", "kota"))))]
        rows = []
        for k in range(1000):
            day = TODAY - timedelta(days=int(rng.integers(0, 60)))
            rows.append({"occurred_on": day, "reported_on": day, "province_code": "73",
                         "kabkota_code": kab[int(rng.integers(len(kab)))], "category": "bentrok_antarwarga",
                         "arena": "nyata", "severity": "sedang", "deaths": 0, "description": "",
                         "source": "polri", "source_ref": f"IMP-{k}", "created_by": "bench"})
        conn.execute(insert(Incident), rows)
        touched = sorted({r["kabkota_code"] for r in rows})
    with engine.begin() as conn:
        t0 = time.perf_counter()
        result = refresh_alerts(conn, touched, as_of=TODAY)
        report(f"alert recomputation after a 1,000-row import ({len(touched)} kab/kota touched)",
               time.perf_counter() - t0, 5, f"; {result.new} new, {result.updated} updated alerts")
    engine.dispose()


if __name__ == "__main__":
    print(f"start · load {load()}", flush=True)
    if "--national-only" not in sys.argv:
        bench_sulsel()
    bench_national_forecast()
