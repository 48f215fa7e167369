"""Handling reads: open cases, counts, actions per region/incident, last action — exact numbers on a hand-made fixture."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import insert, select

from data_access import handling
from data_access.models import HandlingAction, Incident
from domain.access import Principal, Role, Scope, SYSTEM
from tests.data_access.factories import incident

TODAY = date(2024, 6, 30)
MAKASSAR_ANALIS = Principal("analis_mks", Role.ANALIS, Scope.for_region("73.71"))
GOWA_ANALIS = Principal("analis_gowa", Role.ANALIS, Scope.for_region("73.06"))


def _action(incident_id, region_code="73.71", **overrides) -> dict:
    row = {
        "incident_id": incident_id, "region_code": region_code, "province_code": region_code[:2],
        "stage": "penghentian", "action_type": "dialog_mediasi", "agency": "polri",
        "started_on": date(2024, 6, 1), "due_on": date(2024, 7, 15), "finished_on": None,
        "status": "berjalan", "outcome": "", "source_ref": None, "withdrawn_at": None, "created_by": "test",
    }
    row.update(overrides)
    return row


@pytest.fixture
def fixture_db(db):
    with db.begin() as conn:
        conn.execute(insert(Incident), [
            incident(source_ref="A", occurred_on=date(2024, 6, 1), handling_status="ditangani"),       # 1 overdue action
            incident(source_ref="B", occurred_on=date(2024, 5, 1), handling_status="baru",
                     severity="berat"),                                                                # unhandled > 14 d
            incident(source_ref="C", occurred_on=date(2024, 6, 25), handling_status="baru"),           # fresh
            incident(source_ref="D", occurred_on=date(2024, 4, 1), handling_status="selesai"),         # closed
            incident(source_ref="E", occurred_on=date(2024, 6, 2), kabkota_code="73.06",
                     handling_status="pemulihan", sensitivity="rahasia"),
            incident(source_ref="F", occurred_on=date(2024, 6, 3), handling_status="baru",
                     deleted_at=datetime(2024, 6, 4), delete_reason="ganda"),                           # deleted
        ])
        ids = dict(conn.execute(select(Incident.source_ref, Incident.id)).all())
        conn.execute(insert(HandlingAction), [
            _action(ids["A"], started_on=date(2024, 6, 2), due_on=date(2024, 6, 10), agency="polri"),  # overdue
            _action(ids["A"], started_on=date(2024, 6, 20), due_on=date(2024, 7, 20), agency="fkub",
                    action_type="rekonsiliasi", stage="pemulihan"),                                   # latest of A
            _action(ids["A"], started_on=date(2024, 6, 25), agency="tni",
                    withdrawn_at=datetime(2024, 6, 26)),                                               # withdrawn
            _action(ids["E"], region_code="73.06", agency="kesbangpol", status="selesai",
                    due_on=date(2024, 6, 5), outcome="Rahasia: nama informan"),
            _action(None, region_code="73.71.01", agency="pemda", started_on=date(2024, 6, 28),
                    due_on=None, stage="pencegahan", action_type="sosialisasi", status="direncanakan"),
        ])
    return db, ids


def test_open_cases_lists_unclosed_incidents_with_latest_action_and_overdue(fixture_db):
    engine, ids = fixture_db
    with engine.connect() as conn:
        frame = handling.open_cases(conn, SYSTEM, today=TODAY)
    # most urgent first: overdue (B berat before A), then the rest newest first (C, E)
    assert list(frame["incident_id"]) == [ids["B"], ids["A"], ids["C"], ids["E"]]
    assert rows_stage(frame, ids["A"]) == "pemulihan" and pd.isna(rows_stage(frame, ids["B"]))
    rows = frame.set_index("incident_id")
    assert rows.loc[ids["A"], "last_agency"] == "fkub"
    assert rows.loc[ids["A"], "last_action_type"] == "rekonsiliasi"
    assert rows.loc[ids["A"], "action_count"] == 2        # the withdrawn action does not count
    assert rows.loc[ids["A"], "overdue_actions"] == 1
    assert bool(rows.loc[ids["A"], "overdue"]) is True
    assert rows.loc[ids["A"], "age_days"] == 29
    assert bool(rows.loc[ids["B"], "overdue"]) is True     # baru, nobody acted for 60 days
    assert rows.loc[ids["B"], "action_count"] == 0
    assert bool(rows.loc[ids["C"], "overdue"]) is False    # baru but only 5 days old
    assert bool(rows.loc[ids["E"], "overdue"]) is False    # its only action is selesai
    assert rows.loc[ids["E"], "kabkota_name"] == "Kabupaten Gowa"


def rows_stage(frame, incident_id):
    return frame.set_index("incident_id").loc[incident_id, "last_stage"]


def test_open_cases_and_count_respect_scope(fixture_db):
    engine, ids = fixture_db
    with engine.connect() as conn:
        assert handling.count_open_cases(conn, SYSTEM) == 4
        assert handling.count_open_cases(conn, MAKASSAR_ANALIS) == 3
        assert handling.count_open_cases(conn, GOWA_ANALIS) == 1
        # a requested scope can narrow but never widen
        assert handling.count_open_cases(conn, SYSTEM, Scope.for_region("73.06")) == 1
        assert handling.count_open_cases(conn, GOWA_ANALIS, Scope.for_region("73.71")) == 1
        assert set(handling.open_cases(conn, GOWA_ANALIS, today=TODAY)["incident_id"]) == {ids["E"]}
        by_region = handling.open_cases_by_region(conn, SYSTEM)
    assert by_region.set_index("kabkota_code")["open_cases"].to_dict() == {"73.06": 1, "73.71": 3}


def test_open_cases_empty_has_columns(db):
    with db.connect() as conn:
        frame = handling.open_cases(conn, SYSTEM, today=TODAY)
    assert frame.empty and list(frame.columns) == list(handling.OPEN_CASE_COLUMNS)


def test_actions_for_region_includes_kecamatan_and_excludes_withdrawn(fixture_db):
    engine, ids = fixture_db
    with engine.connect() as conn:
        frame = handling.actions_for_region(conn, SYSTEM, "73.71", today=TODAY)
        last = handling.last_action(conn, SYSTEM, "73.71", today=TODAY)
        none = handling.last_action(conn, SYSTEM, "73.08", today=TODAY)
        other = handling.actions_for_region(conn, MAKASSAR_ANALIS, "73.06", today=TODAY)
    assert list(frame["agency"]) == ["pemda", "fkub", "polri"]
    assert list(frame["overdue"]) == [False, False, True]
    assert last["agency"] == "pemda" and last["region_code"] == "73.71.01"
    assert none is None
    assert other.empty  # out of scope


def test_actions_for_incident_masks_restricted_outcome(fixture_db):
    engine, ids = fixture_db
    cleared = Principal("a", Role.ANALIS, Scope.national(), clearance="rahasia")
    plain = Principal("b", Role.ANALIS, Scope.national(), clearance="umum")
    with engine.connect() as conn:
        seen = handling.actions_for_incident(conn, cleared, ids["E"], today=TODAY)
        masked = handling.actions_for_incident(conn, plain, ids["E"], today=TODAY)
        out = handling.actions_for_incident(conn, MAKASSAR_ANALIS, ids["E"], today=TODAY)
    assert seen.iloc[0]["outcome"] == "Rahasia: nama informan"
    assert masked.iloc[0]["outcome"] is None
    assert out.empty
