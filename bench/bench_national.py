"""Issue 15 at national scale: seed, full score recompute (first, then again: the steady state with the
closed months already published), recompute after a 1,000-row import, page
server time (cold / warm, Streamlit AppTest) against the bare reads each page makes, and the bytes of
the national 514-kab/kota map figure. One throw-away database per run (SQLite file; PostgreSQL database
created and dropped through ``SIPKS_BENCH_ADMIN_URL``). Copy the printed table into bench/RESULTS.md.

    .venv/bin/python bench/bench_national.py [--incidents N] [--db sqlite|postgresql|both] [--profile [full|import|both]]
                                             [--recompute-only]

Every figure is printed with the 1-minute load average read right after it (``os.getloadavg``);
run it with ``nice`` and alone (2 shared cores). ``--profile`` first runs the full recompute and the
import recompute under cProfile in a transaction that is rolled back (before the timed run, which it
must not warm) and prints the top cumulative entries.

Each page's first view in the process is reported apart from its cold views (median of 9, data caches
cleared, each followed by the page's bare reads so that both see the same load): a running server pays the
page's imports and parsed boundary files once, not per data change.
The national demo has coordinates for 60 % of its real-world incidents (since 7 Dec 2026), so Peta Risiko's
figures include its incident layer; before that date the layer was empty at national scope.

Sessions are ``tests.apptest.new_session``: as in one running server, the installed components are
discovered once and each script is compiled once (AppTest alone redoes both for every session: until
7 Dec 2026 that start-up work, 0.1–0.2 s, was inside every "warm new session" figure here).
"""
from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")   # AppTest outside a server warns on every cache call

import numpy as np
import streamlit as st
import streamlit.logger
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from data_access import alerts as alert_store
from data_access import calendar, dashboard, handling, incidents, regions
from data_access.db import make_engine, upgrade
from data_access.demo import seed_demo
from data_access.models import Incident, Region
from data_access.reference import load_regions
from data_access.snapshots import count_snapshots
from domain.access import Principal, Role, Scope
from domain.filters import IncidentFilter
from domain.period import Month
from services import risk
from services.refresh import DataChange, after_change
from tests.apptest import new_session

ADMIN_URL = os.environ.get("SIPKS_BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
HARNESS = ROOT / "tests" / "pages" / "harness_app.py"
streamlit.logger.set_log_level("error")
ANALIS = Principal("analis", Role.ANALIS, Scope.national(), clearance="terbatas")
PROFILE_REGION = "73.71"          # Kota Makassar: the most incidents of Sulsel
IMPORT_PROVINCE = "73"
PAGES = ("ringkasan", "peta_risiko", "tren", "profil_wilayah")
COLD_ROUNDS = 9                   # cold views, each followed by the page's bare reads
TARGETS = {"seed": 60.0, "full": 60.0, "import": 5.0, "warm_ms": 150.0, "cold_ratio": 2.0, "map_bytes": 1_000_000}


def load() -> float:
    return os.getloadavg()[0]


def uptime() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Report:
    """Figures of one database run, each with the load right after it."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.rows: list[tuple[str, str, float]] = []

    def add(self, what: str, figure: str) -> None:
        self.rows.append((what, figure, load()))
        print(f"[{self.label}] {what}: {figure}   (load {load():.2f})", flush=True)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


# ----------------------------------------------------------------------------- databases

def sqlite_url(tmp: Path) -> str:
    return f"sqlite:///{tmp / 'national.db'}"


class PostgresDatabase:
    """A throw-away PostgreSQL database, dropped on exit."""

    def __enter__(self) -> str:
        self.admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.name = f"sipks_bench15_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))   # generated name, never user input
        return make_url(ADMIN_URL).set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


# ----------------------------------------------------------------------------- 1–3: seed and recompute

def seed(engine, n: int, today: date, rep: Report) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        load_regions(conn)
    started = time.perf_counter()
    with engine.begin() as conn:   # the timing includes the commit
        summary = seed_demo(conn, scale="national", n_incidents=n, today=today)
    elapsed = time.perf_counter() - started
    rep.add(f"seed national {summary.incidents:,} incidents over {summary.kabkota} kab/kota, "
            f"{summary.start:%Y-%m}..{today:%Y-%m}", f"{elapsed:.1f} s (target ≤ {TARGETS['seed']:.0f} s, "
                                                      f"ratio {elapsed / TARGETS['seed']:.2f})")


def full_recompute(engine, today: date, rep: Report, profile: bool) -> None:
    if profile:   # first, so it sees what the timed run sees (no month published yet); rolled back
        profiled(engine, lambda conn: after_change(conn, DataChange.all(), today=today), rep, "full recompute")
    # first: no month published yet (the terbit months are reconstructed); second: the steady state of
    # `refresh-scores` run again (published months kept, only the recomputed series and the running month)
    for what in ("first", "second"):
        with engine.begin() as conn:
            elapsed, summary = timed(lambda: after_change(conn, DataChange.all(), today=today))
        with engine.connect() as conn:
            snapshots = count_snapshots(conn)
        steps = ", ".join(f"{s.step} {s.rows:,} rows" for s in summary.steps)
        rep.add(f"full recompute, {what} (refresh-scores: DataChange.all())",
                f"{elapsed:.1f} s (target ≤ {TARGETS['full']:.0f} s, ratio {elapsed / TARGETS['full']:.2f}); "
                f"{steps}; {snapshots:,} snapshot rows stored")


def profiled(engine, fn, rep: Report, what: str, top: int = 30) -> None:
    """``fn(conn)`` under cProfile in a transaction that is rolled back; prints the top cumulative entries."""
    prof = cProfile.Profile()
    with engine.connect() as conn:
        trans = conn.begin()
        started = time.perf_counter()
        prof.enable()
        try:
            fn(conn)
        finally:
            prof.disable()
            trans.rollback()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative").print_stats(top)
    rep.add(f"{what} under cProfile (rolled back)", f"{time.perf_counter() - started:.1f} s")
    print(buf.getvalue(), flush=True)


def import_1000(engine, today: date, rep: Report, days: int, profile: bool = False) -> None:
    """1,000 incidents into one province over its last ``days`` days, then the page's bounded recompute."""
    rng = np.random.default_rng(15)
    with engine.begin() as conn:
        kab = [c for (c,) in conn.execute(select(Region.code).where(
            Region.province_code == IMPORT_PROVINCE, Region.level.in_(("kabupaten", "kota"))).order_by(Region.code))]
        first_id = conn.execute(select(func.max(Incident.id))).scalar_one() + 1
        rows = []
        for k in range(1000):
            day = today - timedelta(days=int(rng.integers(0, days)))
            rows.append({"id": first_id + k, "occurred_on": day, "reported_on": day, "province_code": IMPORT_PROVINCE,
                         "kabkota_code": kab[int(rng.integers(len(kab)))], "category": "bentrok_antarwarga",
                         "arena": "nyata", "severity": "sedang", "deaths": 0, "description": "",
                         "source": "polri", "source_ref": f"BENCH15-{k}", "created_by": "bench"})
        conn.execute(insert(Incident), rows)
    touched = frozenset(r["kabkota_code"] for r in rows)
    since = Month.of(min(r["occurred_on"] for r in rows))
    # what pages/data_impor.py runs after a commit (ui.refresh.refresh_after_write: bounded to 36 months)
    change = DataChange(touched, since, reason="bench impor").bounded(36, today)
    if profile:
        profiled(engine, lambda conn: after_change(conn, change, today=today), rep, "import recompute")
    with engine.begin() as conn:
        elapsed, summary = timed(lambda: after_change(conn, change, today=today))
    steps = ", ".join(f"{s.step} {s.rows:,} rows" for s in summary.steps)
    rep.add(f"recompute after a 1,000-row import ({len(touched)} kab/kota of province {IMPORT_PROVINCE}, "
            f"from {since})", f"{elapsed:.2f} s (target ≤ {TARGETS['import']:.0f} s, "
                              f"ratio {elapsed / TARGETS['import']:.2f}); {steps}")


# ----------------------------------------------------------------------------- 4: pages vs bare reads

def bare_reads(engine, today: date) -> dict[str, Callable[[], None]]:
    """The data_access / services reads each page makes (same arguments as the page at national scope)."""
    p, nat, month = ANALIS, Scope.national(), Month.of(today)
    kab = Scope.for_region(PROFILE_REGION)

    def window(m: Month, cutoff: int | None) -> IncidentFilter:
        last = m.last_day if cutoff is None else min(m.first_day + timedelta(days=cutoff - 1), m.last_day)
        return IncidentFilter(date_from=m.first_day, date_to=last)

    def ringkasan() -> None:
        with engine.connect() as c:
            for m in (month, month.shift(-1), month.shift(-12)):
                incidents.totals(c, p, window(m, today.day))
            handling.count_open_cases(c, p, nat)
            incidents.serious_incidents(c, p, IncidentFilter(date_from=month.last_day - timedelta(days=90),
                                                             date_to=min(month.last_day, today)), limit=10)
            risk.scores_for(c, p, nat, month)
            alert_store.list_alerts(c, p)

    def peta() -> None:
        with engine.connect() as c:
            incidents.date_bounds(c, p)       # the month picker (the indicator list only when coloured by one)
            regions.list_regions(c, p, levels=("provinsi",))
            risk.scores_for(c, p, nat, month)
            flt = IncidentFilter(date_from=month.shift(-2).first_day, date_to=month.last_day)
            dashboard.incident_grid(c, p, flt, 0.5)

    def tren() -> None:
        start = (today - timedelta(days=1095)).replace(day=1)
        flt = IncidentFilter(date_from=start, date_to=today)
        with engine.connect() as c:
            regions.list_regions(c, p, levels=("kabupaten", "kota"))
            incidents.date_bounds(c, p)
            incidents.aggregate(c, p, flt, ("month", "category"))
            incidents.aggregate(c, p, flt, ("month", "arena"))
            incidents.totals(c, p, flt)
            calendar.list_events(c, p, date_from=start, date_to=today)
            regions.list_regions(c, p, levels=("provinsi", "kabupaten", "kota"))
            risk.scores_for(c, p, nat, month)
            risk.history_for(c, p, nat, list(Month.of(start).range_to(month))[-36:])

    def profil() -> None:
        flt = IncidentFilter(region_codes=(PROFILE_REGION,))
        with engine.connect() as c:
            regions.get_region(c, p, PROFILE_REGION)
            regions.get_region(c, p, IMPORT_PROVINCE)
            risk.scores_for(c, p, kab, month)
            risk.history_for(c, p, kab, [month.shift(-i) for i in range(11, -1, -1)])
            risk.transitions_for(c, p, kab, [month.shift(-i) for i in range(23, -1, -1)])
            dashboard.latest_indicator_values(c, p, as_of=month.last_day, benchmark_province=IMPORT_PROVINCE)
            handling.actions_for_region(c, p, PROFILE_REGION, limit=None)
            handling.open_cases_by_region(c, p, kab)
            incidents.count_incidents(c, p, flt)
            incidents.list_incidents(c, p, flt, limit=25, offset=0)
            regions.kabkota_in_province(c, IMPORT_PROVINCE)
            regions.list_regions(c, p, levels=("kecamatan",), parent_code=PROFILE_REGION)
            incidents.aggregate(c, p, IncidentFilter(date_from=month.shift(-11).first_day, date_to=month.last_day,
                                                     region_codes=(PROFILE_REGION,)), ("kecamatan_code",))
            alert_store.list_alerts(c, p, states=(), region_code=PROFILE_REGION, limit=200)

    return {"ringkasan": ringkasan, "peta_risiko": peta, "tren": tren, "profil_wilayah": profil}


def app_run(name: str) -> tuple[float, AppTest]:
    at = new_session(HARNESS, 600)   # one server: components discovered once
    at.session_state["principal"] = ANALIS
    at.query_params["cakupan"] = "nasional"
    if name == "profil_wilayah":
        at.query_params["region"] = PROFILE_REGION
    at.session_state["harness_page"] = f"{name}.py"
    elapsed, _ = timed(at.run)
    if at.exception:
        raise RuntimeError(f"{name}: {[e.value for e in at.exception]}")
    return elapsed, at


def plotly_bytes(at: AppTest) -> list[int]:
    return [len(el.proto.spec.encode()) for el in at.get("plotly_chart")]


def pages(engine, url: str, today: date, rep: Report) -> None:
    os.environ["SIPKS_DATABASE_URL"] = url
    os.environ["SIPKS_DEFAULT_SCOPE"] = "nasional"
    # Imports and the engine are warmed once (a running server has them); data caches are cleared per page.
    app_run("ringkasan")
    reads = bare_reads(engine, today)
    for name in PAGES:
        # The page's first view in this process also pays what a server does once per process (the page's
        # imports, parsed boundary files, label points): reported on its own, not as a cold view.
        st.cache_data.clear()
        first, _ = app_run(name)
        # cold: no cached query result (the first view after a data change: the caches key on the data
        # version). Each cold view is followed by the bare reads, so both see the same load; medians of
        # COLD_ROUNDS: single runs on this shared 2-core machine vary by ±30 % (until 7 Dec 2026 the bare reads
        # were a median of 3 taken after the warm views, and moved a ratio by up to 0.2 from run to run).
        colds, bares = [], []
        for _ in range(COLD_ROUNDS):
            st.cache_data.clear()
            elapsed, at = app_run(name)
            colds.append(elapsed)
            bares.append(timed(reads[name])[0])
        cold, bare, load_cold = statistics.median(colds), statistics.median(bares), load()
        warm = statistics.median(app_run(name)[0] for _ in range(5))   # more users of the scope: new sessions
        _, at2 = app_run(name)
        rerun = statistics.median(timed(at2.run)[0] for _ in range(5))  # the same session again (a widget touch)
        extra = ""
        if name == "peta_risiko":
            extra = f"; plotly JSON sent: {' + '.join(f'{b / 1e6:.3f} MB' for b in plotly_bytes(at))}"
        extra += f"; load at the cold run {load_cold:.2f}"
        rep.add(f"page {name}",
                f"first view after process start {first * 1000:.0f} ms · "
                f"cold {cold * 1000:.0f} ms · bare reads {bare * 1000:.0f} ms (medians of {COLD_ROUNDS}, in turn) · "
                f"cold/bare {cold / bare:.2f}× (target ≤ {TARGETS['cold_ratio']:.0f}×) · warm new session "
                f"{warm * 1000:.0f} ms · warm rerun {rerun * 1000:.0f} ms (medians of 5; target ≤ "
                f"{TARGETS['warm_ms']:.0f} ms)"
                + extra)


# ----------------------------------------------------------------------------- 5: the national kab/kota map

def national_map(engine, today: date, rep: Report, level: str = "kabkota") -> None:
    """The Peta figure at national scope, built as the page builds it: ``kabkota`` = all 514 kab/kota
    (``scores_for(level="kabkota")``), ``provinsi`` = the 38 provinces the page draws today."""
    import pandas as pd

    from ui import geo, maps
    from ui import risk_text as RT

    with engine.connect() as c:
        units = regions.list_regions(c, ANALIS, levels=("kabupaten", "kota") if level == "kabkota" else ("provinsi",))
        view = risk.scores_for(c, ANALIS, Scope.national(), Month.of(today), level=level)
    frame = pd.DataFrame({"region_code": units["code"], "name": units["display_name"]})
    cols = ["region_code", "score", "category", "rank", "p_merah", "p_hijau", "borderline", "drivers"]
    frame = frame.merge(view.table[cols], on="region_code", how="left")
    frame["category"] = frame["category"].astype(object).where(frame["category"].notna(), None)
    frame["top_driver"] = [RT.why(d) if isinstance(d, list) else None for d in frame["drivers"]]
    frame["badge"] = [RT.badge(c, pm, ph, b) for c, pm, ph, b in zip(frame["category"], frame["p_merah"],
                                                                     frame["p_hijau"], frame["borderline"])]
    frame["value"], frame["value_text"] = frame["score"], ""
    started = time.perf_counter()
    collection = geo.feature_collection(level, list(frame["region_code"]))
    frame = frame[frame["region_code"].isin({f["id"] for f in collection["features"]})].reset_index(drop=True)
    # as the page builds it: the traces name the level's boundary file (static/geo), which the browser fetches
    # once and keeps; the figure itself carries colours, hover texts and labels
    figure = maps.choropleth(collection, frame, mode="category", bounds=geo.bounds(collection, robust=True),
                             height=780, geojson_url=geo.level_url(level))
    sent = figure.to_json()   # what st.plotly_chart puts in the proto's spec
    elapsed = time.perf_counter() - started
    n = len(sent.encode())
    # the app's server gzips /app/static responses for a browser that accepts it (Streamlit's middleware)
    boundary_file = len(gzip.compress((geo.GEO_DIR / geo.LEVEL_FILES[level]).read_bytes(), compresslevel=5))
    traces = json.loads(sent)["data"]
    with_geo = [t for t in traces if isinstance(t.get("geojson"), dict)]
    first_view = n + boundary_file
    rep.add(f"national map, {level} ({len(collection['features'])} features, "
            f"{int(frame['category'].notna().sum())} with a stored category)",
            f"figure {n / 1e6:.3f} MB per view + boundary file {boundary_file / 1e6:.3f} MB gzipped, fetched "
            f"once per browser: first view {first_view / 1e6:.3f} MB (target ≤ 1 MB, ratio "
            f"{first_view / TARGETS['map_bytes']:.2f}); {len(traces)} traces, {len(with_geo)} carrying polygons; "
            f"built + serialised in {elapsed * 1000:.0f} ms")


# ----------------------------------------------------------------------------- main

def run_one(label: str, url: str, n: int, today: date, profile: str | None, import_days: int,
            recompute_only: bool = False) -> Report:
    rep = Report(label)
    print(f"== {label} · {n:,} incidents · today {today} · uptime load {uptime()}", flush=True)
    engine = make_engine(url)
    try:
        seed(engine, n, today, rep)
        full_recompute(engine, today, rep, profile in ("full", "both"))
        if recompute_only:
            return rep
        import_1000(engine, today, rep, import_days, profile in ("import", "both"))
        national_map(engine, today, rep, "kabkota")
        national_map(engine, today, rep, "provinsi")
        pages(engine, url, today, rep)
    finally:
        engine.dispose()
        st.cache_resource.clear()      # the app's pooled engine for this database
    print(f"== {label} done · uptime load {uptime()}", flush=True)
    return rep


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--profile", nargs="?", const="both", choices=("full", "import", "both"),
                        help="cProfile the full and/or the import recompute first (rolled back)")
    parser.add_argument("--import-days", type=int, default=60,
                        help="the 1,000 imported rows fall in the province's last N days (default 60)")
    parser.add_argument("--recompute-only", action="store_true",
                        help="stop after the seed and the two full recomputes (no import, map or pages)")
    args = parser.parse_args()
    today = date.today()      # the pages use the real date: seed and score for it
    if args.incidents != 1_000_000:
        print(f"NOTE: {args.incidents:,} incidents, not the issue's 1,000,000 — figures are at this smaller size.")
    reports = []
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            reports.append(run_one("SQLite", sqlite_url(Path(tmp)), args.incidents, today, args.profile,
                                   args.import_days, args.recompute_only))
    if args.db in ("postgresql", "both"):
        with PostgresDatabase() as url:
            reports.append(run_one("PostgreSQL", url, args.incidents, today, args.profile, args.import_days,
                                  args.recompute_only))
    print("\n| Database | Measurement | Figure | load (1 min) |\n| --- | --- | --- | --- |")
    for rep in reports:
        for what, figure, ld in rep.rows:
            print(f"| {rep.label} | {what} | {figure} | {ld:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
