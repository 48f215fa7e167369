"""The batched snapshot writer (a reference set's months shaped, converted and written at once; COPY on
PostgreSQL; scored in worker processes for a full refresh) stores exactly the rows the former per-month
path stored: every column, JSON text included.

The former path (one result at a time: ``result_rows`` → ``snapshot_records`` row by row with ``_plain`` →
``insert``) is kept here, in the test only, as the reference. Both run twice on the seeded Sulsel demo:
first with no month published (the *terbit* months reconstructed), then again (published months kept).
"""
from __future__ import annotations

from datetime import date, datetime
from itertools import groupby
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Text, and_, cast, delete, insert, select, tuple_

from data_access import snapshots as store
from data_access.demo.seed import seed_demo
from data_access.scoring_inputs import data_start, load_scoring_frames, provinces_with_data
from domain.access import SYSTEM
from domain.period import Month
from scoring import compute_range, snapshot_rows
from services import snapshots as svc
from services.refresh import DataChange
from tests.conftest import clear_data

TODAY = date(2026, 11, 20)
S = store.S


def _former_result_rows(result, keep: tuple[str, ...]) -> pd.DataFrame:
    table = result.table.copy()
    snap = snapshot_rows(result)
    for col in snap.columns:
        if col not in table.columns and col not in ("period", "series"):
            table[col] = snap[col].to_numpy()
    table = table[table["level"].isin(keep)]
    contrib = result.contributions[result.contributions["region_code"].isin(table["region_code"])]
    contrib = contrib.sort_values("region_code", kind="stable")[["region_code", *svc.CONTRIBUTION_FIELDS]]
    records = contrib.astype(object).where(contrib.notna(), None).to_dict("records")
    by_region = {code: [{k: r[k] for k in svc.CONTRIBUTION_FIELDS} for r in rows]
                 for code, rows in groupby(records, key=lambda r: r["region_code"])}
    table["contributions"] = [by_region.get(code, []) for code in table["region_code"]]
    return table


def _former_records(rows: pd.DataFrame, period: Month, series: str) -> list[dict[str, Any]]:
    plain, ready, day = store._plain, store._json_ready, store._day
    extra_cols = [c for c in rows.columns if c not in store.DEDICATED and c not in ("period", "name")]
    now = datetime.now().replace(microsecond=0)
    return [{
        "region_code": row["region_code"], "level": row["level"], "period": period.first_day,
        "series": series, "methodology_version": str(row["methodology_version"]),
        "as_of": day(row.get("as_of")) or period.last_day, "data_as_of": day(row.get("data_as_of")),
        "score": plain(row.get("score")), "category": plain(row.get("category")),
        "category_raw": plain(row.get("category_raw")), "rank": plain(row.get("rank")),
        "p_merah": plain(row.get("p_merah")), "p_hijau": plain(row.get("p_hijau")),
        "borderline": plain(row.get("borderline")), "components": ready(row.get("components")) or {},
        "drivers": ready(row.get("drivers")), "explanation": row.get("explanation") or "",
        "completeness": plain(row.get("completeness")), "imputed": plain(row.get("imputed")),
        "overrides": plain(row.get("overrides")) or None, "contributions": ready(row.get("contributions")),
        "extra": {c: plain(row[c]) for c in extra_cols} or None, "computed_at": now, "computed_by": SYSTEM.username,
    } for row in rows.to_dict("records")]


def _former_save(conn, records: list[dict[str, Any]], replace: bool) -> None:
    if not records:
        return
    keys = {(r["period"], r["series"], r["methodology_version"]) for r in records}
    codes = sorted({r["region_code"] for r in records})
    where = and_(tuple_(S.c.period, S.c.series, S.c.methodology_version).in_(sorted(keys)),
                 S.c.region_code.in_(codes))
    if replace:
        conn.execute(delete(S).where(where))
    else:
        stored = {tuple(r) for r in conn.execute(select(S.c.region_code, S.c.period, S.c.series,
                                                        S.c.methodology_version).where(where))}
        records = [r for r in records if (r["region_code"], r["period"], r["series"], r["methodology_version"])
                   not in stored]
        if not records:
            return
    conn.execute(insert(S), records)


def _former_refresh(conn) -> None:
    """services.snapshots.refresh for DataChange.all() as it was: one month at a time."""
    m, current = svc.methodology(), Month.of(TODAY)
    months = Month.of(data_start(conn)).range_to(current)
    terbit_from = current.shift(-(svc.TERBIT_MONTHS - 1))
    holding = set(provinces_with_data(conn))
    provinces = [p for p in sorted(store.province_codes(conn)) if p in holding]
    for bench, keep in svc.reference_sets(DataChange.all(), provinces, m):
        frames = load_scoring_frames(conn, bench, day_from=months[0].shift(-svc.lookback_months(m)).first_day,
                                     day_to=max(TODAY, months[-1].last_day))
        inputs = svc._inputs(frames)
        published = set.intersection(*[store.complete_months(conn, bench, level, store.TERBIT, m.version,
                                                             months[0], months[-1]) for level in keep])
        recomputed = compute_range(inputs, months, m, as_of=TODAY, draws=m.uncertainty.history_draws,
                                   last_draws=m.uncertainty.draws)
        for month, result in zip(months, recomputed):
            is_current = month == current
            as_of = TODAY if is_current else month.last_day
            rows = _former_result_rows(result, keep)
            _former_save(conn, _former_records(rows, month, store.DIHITUNG_ULANG), True)
            if is_current or (month >= terbit_from and month not in published):
                if not is_current:
                    rows = _former_result_rows(svc._score(inputs, month, m, as_of, known_by=as_of, current=False),
                                               keep)
                _former_save(conn, _former_records(rows, month, store.TERBIT), is_current)


def _stored(conn) -> pd.DataFrame:
    """Every stored column but the row id and the write time; JSON columns as the text the database holds."""
    cols = [cast(c, Text).label(c.name) if c.name in store.JSON_COLUMNS else c
            for c in S.c if c.name not in ("id", "computed_at")]
    rows = conn.execute(select(*cols).order_by(S.c.region_code, S.c.period, S.c.series)).all()
    return pd.DataFrame(rows, columns=[c.name for c in cols])


@pytest.fixture
def demo(db):
    clear_data(db)
    with db.begin() as conn:
        seed_demo(conn, today=TODAY)
    return db


def _run_twice(engine, refresh) -> list[pd.DataFrame]:
    out = []
    with engine.connect() as conn:
        trans = conn.begin()
        for _ in range(2):
            refresh(conn)
            out.append(_stored(conn))
        trans.rollback()
    return out


def test_batched_writer_stores_what_the_per_month_path_stored(demo, monkeypatch):
    former = _run_twice(demo, _former_refresh)
    refresh = lambda conn: svc.refresh(conn, DataChange.all(), SYSTEM, TODAY, lambda f, t: None)  # noqa: E731
    monkeypatch.setenv("SIPKS_REFRESH_WORKERS", "1")
    in_process = _run_twice(demo, refresh)
    # the same through the worker processes (the demo has 2 reference sets: Sulsel and the provinces)
    monkeypatch.delenv("SIPKS_REFRESH_WORKERS")
    monkeypatch.setattr(svc, "POOL_MIN_SETS", 2)
    assert svc._workers(DataChange.all(), 2) == 2
    pooled = _run_twice(demo, refresh)
    assert len(former[0]) > 36 * (24 + 38)      # both series, every month since the demo's first data
    assert set(former[0]["series"]) == {store.DIHITUNG_ULANG, store.TERBIT}
    assert (former[0]["contributions"].str.len() > 2).all() and former[0]["extra"].notna().all()
    for before, after, after_pool in zip(former, in_process, pooled):
        pd.testing.assert_frame_equal(after, before, check_exact=True)
        pd.testing.assert_frame_equal(after_pool, before, check_exact=True)


def test_records_of_several_months_equal_the_records_of_each_month():
    months = [Month(2024, 1), Month(2024, 2)]
    frame = pd.DataFrame({
        "region_code": ["73.01", "73.02", "73.01"], "level": "kabkota", "period": [months[0], months[0], months[1]],
        "methodology_version": "v", "as_of": [date(2024, 1, 31), None, pd.Timestamp("2024-02-29")],
        "data_as_of": [None, date(2024, 1, 30), None], "score": [1.5, float("nan"), 3.0],
        "category": ["merah", None, "hijau"], "category_raw": ["merah", None, "hijau"],
        "rank": pd.array([1, None, 2], dtype="Int64"), "p_merah": [0.5, float("nan"), 0.0],
        "p_hijau": [0.1, 0.2, 0.3], "borderline": [True, False, False],
        "components": [{"struktural": 1.0}, None, {"struktural": float("nan")}],
        "drivers": [[{"a": 1}], [], None], "explanation": ["x", None, ""], "completeness": [1.0, 0.5, 0.25],
        "imputed": [["ipm"], [], ("a",)], "overrides": [[], [{"rule": "r"}], None],
        "contributions": [[{"raw_value": 1.0}], [], [{"raw_value": None}]],
        "prev_rank": pd.array([None, 3, 1], dtype="Int64"), "flagged_incomplete": [False, True, False],
        "top_driver": [None, "t", "u"], "mixed": [1, "a", None],
    })
    batched = store.snapshot_records(frame, series=store.TERBIT, computed_by=SYSTEM.username)
    one_by_one = [r for month in months for r in _former_records(
        frame[frame["period"] == month].drop(columns="period"), month, store.TERBIT)]
    for rec in (*batched, *one_by_one):
        rec.pop("computed_at")
    assert batched == one_by_one
