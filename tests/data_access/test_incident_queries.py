"""Incident aggregates return exactly the numbers of a small hand-made fixture, on both databases."""
from datetime import date, datetime

import pandas as pd
import pytest

from data_access import incidents as q
from domain.access import Principal, Role, Scope
from domain.filters import IncidentFilter
from tests.data_access.factories import incident, insert_incidents

NATIONAL = Principal("ana", Role.ANALIS, Scope.national(), clearance="rahasia")
MAKASSAR_ONLY = Principal("opr", Role.OPERATOR, Scope.for_region("73.71"), clearance="umum")


@pytest.fixture
def fixture_db(db):
    rows = [
        incident(occurred_on=date(2024, 1, 5), category="politik_pemilu", deaths=1, injuries=2),
        incident(occurred_on=date(2024, 1, 20), category="politik_pemilu", injuries=3, sensitivity="rahasia",
                 description="Rahasia: informan X"),
        incident(occurred_on=date(2024, 2, 1), category="bentrok_antarwarga", displaced=10),
        incident(occurred_on=date(2024, 2, 2), kabkota_code="73.06", category="sengketa_lahan_sda", injuries=1,
                 kecamatan_code="73.06.01"),
        incident(occurred_on=date(2024, 2, 3), kabkota_code="71.71", category="unjuk_rasa", arena="maya"),
        incident(occurred_on=date(2024, 2, 4), deleted_at=datetime(2024, 2, 5), delete_reason="duplikat"),
    ]
    with db.begin() as conn:
        insert_incidents(conn, rows)
    return db


def test_totals_and_counts(fixture_db):
    with fixture_db.connect() as conn:
        assert q.totals(conn, NATIONAL, IncidentFilter()) == {
            "incidents": 5, "deaths": 1, "injuries": 6, "displaced": 10}
        assert q.count_incidents(conn, NATIONAL, IncidentFilter(region_codes=("73",))) == 4
        assert q.count_incidents(conn, NATIONAL, IncidentFilter(arenas=("maya",))) == 1
        assert q.count_incidents(conn, NATIONAL, IncidentFilter(include_deleted=True)) == 6
        assert q.count_incidents(conn, NATIONAL, IncidentFilter(date_from=date(2024, 2, 1))) == 3


def test_aggregate_by_month_and_category(fixture_db):
    with fixture_db.connect() as conn:
        frame = q.aggregate(conn, NATIONAL, IncidentFilter(region_codes=("73",)), ("month", "category"))
    expected = pd.DataFrame({
        "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-02-01"]),
        "category": ["politik_pemilu", "bentrok_antarwarga", "sengketa_lahan_sda"],
        "incidents": [2, 1, 1], "deaths": [1, 0, 0], "injuries": [5, 0, 1], "displaced": [0, 10, 0],
    })
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), expected, check_dtype=False)


def test_scope_is_enforced_even_when_filter_asks_wider(fixture_db):
    with fixture_db.connect() as conn:
        # Asking for another kab/kota or the whole province never widens a kab/kota scope.
        assert q.count_incidents(conn, MAKASSAR_ONLY, IncidentFilter()) == 3
        assert q.count_incidents(conn, MAKASSAR_ONLY, IncidentFilter(region_codes=("73.06",))) == 0
        assert q.count_incidents(conn, MAKASSAR_ONLY, IncidentFilter(region_codes=("73",))) == 3
        rows = q.list_incidents(conn, MAKASSAR_ONLY, IncidentFilter())
        assert set(rows["kabkota_code"]) == {"73.71"}


def test_restricted_fields_are_masked_and_not_searchable(fixture_db):
    with fixture_db.connect() as conn:
        rows = q.list_incidents(conn, MAKASSAR_ONLY, IncidentFilter(categories=("politik_pemilu",)))
        secret = rows[rows["sensitivity"] == "rahasia"].iloc[0]
        assert pd.isna(secret["description"]) and pd.isna(secret["source"]) and bool(secret["restricted"])
        assert q.count_incidents(conn, MAKASSAR_ONLY, IncidentFilter(search="informan")) == 0
        assert q.count_incidents(conn, NATIONAL, IncidentFilter(search="INFORMAN")) == 1


def test_search_treats_like_wildcards_literally(fixture_db):
    with fixture_db.connect() as conn:
        assert q.count_incidents(conn, NATIONAL, IncidentFilter(search="%")) == 0
        assert q.count_incidents(conn, NATIONAL, IncidentFilter(search="'; DROP TABLE incidents; --")) == 0
        assert q.count_incidents(conn, NATIONAL, IncidentFilter()) == 5


def test_get_incident_outside_scope_is_none(fixture_db):
    with fixture_db.connect() as conn:
        all_rows = q.list_incidents(conn, NATIONAL, IncidentFilter(region_codes=("73.06",)))
        other = int(all_rows.iloc[0]["id"])
        assert q.get_incident(conn, MAKASSAR_ONLY, other) is None
        assert q.get_incident(conn, NATIONAL, other)["kecamatan_name"] is not None


def test_date_bounds_are_the_first_and_last_live_incident_in_scope(fixture_db):
    with fixture_db.connect() as conn:
        assert q.date_bounds(conn, NATIONAL) == (date(2024, 1, 5), date(2024, 2, 3))
        # the deleted incident of 4 Feb is not the last one; Makassar's own last is 1 Feb
        assert q.date_bounds(conn, MAKASSAR_ONLY) == (date(2024, 1, 5), date(2024, 2, 1))
        gowa = Principal("g", Role.OPERATOR, Scope.for_region("73.06"), clearance="umum")
        assert q.date_bounds(conn, gowa) == (date(2024, 2, 2), date(2024, 2, 2))
        nowhere = Principal("t", Role.OPERATOR, Scope.for_region("74.01"), clearance="umum")
        assert q.date_bounds(conn, nowhere) == (None, None)
