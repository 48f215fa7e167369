"""A full refresh reads the incidents once, nationally, and cuts each province's scoring frames out of that
read (``provincial_frames``): they must hold exactly what a province's own read holds, on both databases."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import insert

from data_access.demo import seed_demo
from data_access.demo.calendar import declaration_rows
from data_access.models import ConflictStatusDeclaration
from data_access.scoring_inputs import ScoringFrames, load_scoring_frames, provincial_frames
from data_access.snapshots import province_codes
from domain.access import Scope, ScopeLevel

TODAY = date(2026, 11, 16)
DAYS = {"day_from": date(2024, 1, 1), "day_to": TODAY}
SORT = {"regions": ["code"], "incident_daily": ["region_code", "day", "known_on", "category", "arena", "severity"],
        "declarations": ["region_code", "start_on"], "indicator_values": ["region_code", "period", "indicator_code"]}


def _sorted(frames: ScoringFrames, name: str) -> pd.DataFrame:
    # row order is the database's own (PostgreSQL's GROUP BY has none): compare the rows, sorted
    return getattr(frames, name).sort_values(SORT[name]).reset_index(drop=True)


def test_each_province_cut_from_the_national_read_equals_its_own_read(db):
    with db.begin() as conn:
        seed_demo(conn, scale="national", n_incidents=4000, today=TODAY, seed=3)
        conn.execute(insert(ConflictStatusDeclaration), declaration_rows(DAYS["day_from"], TODAY))
    with db.connect() as conn:
        provinces = province_codes(conn)
        national = load_scoring_frames(conn, Scope.national(), **DAYS)
        own = {p: load_scoring_frames(conn, Scope(ScopeLevel.PROVINSI, p), **DAYS) for p in provinces}
    cut = provincial_frames(national, provinces)
    assert sorted(cut) == provinces and len(provinces) == 38
    for name in SORT:
        total = sum(len(getattr(frames, name)) for frames in cut.values())
        # every row lands in exactly one province (a province's own row is in its regions frame)
        assert total == len(getattr(national, name)), name
    assert len(cut["73"].declarations) == 1 and sum(len(f.declarations) for f in cut.values()) == 1
    for p in provinces:
        assert cut[p].indicator_definitions is national.indicator_definitions
        for name in SORT:
            expected, got = _sorted(own[p], name), _sorted(cut[p], name)
            if expected.empty:
                assert got.empty and list(got.columns) == list(expected.columns), (p, name)
                continue
            pd.testing.assert_frame_equal(got, expected, check_dtype=True, obj=f"{p}.{name}")
