"""Issue 16 finding 1: every filter, grouping and search on a restricted column works on the masked
value, per restricted column and per clearance, on SQLite and PostgreSQL.

The oracle is the masked list itself (what the caller is shown): whatever a filter, group or
search returns must be computable from that list alone, or it would tell a hidden value.
"""
from __future__ import annotations

import pandas as pd
import pytest

from data_access import incidents
from data_access.masking import RESTRICTED
from domain.access import Principal, Role, Scope
from domain.filters import IncidentFilter
from tests.data_access.factories import incident, insert_incidents

# Written out, not derived: a new restricted column must be added here (and tested) on purpose.
RESTRICTED_INCIDENT_COLUMNS = ("description", "actors", "source", "source_ref")
CLEARANCES = ("umum", "terbatas", "rahasia")
SENSITIVITIES = ("umum", "terbatas", "rahasia")
SOURCES = ("intelijen_daerah", "polri", "media")
ALL = IncidentFilter()


def _seed(conn) -> None:
    rows = []
    for sensitivity in SENSITIVITIES:
        for source in SOURCES:
            for i in range(2 if sensitivity == "umum" else 3):
                rows.append(incident(
                    sensitivity=sensitivity, source=source, source_ref=f"REF-{sensitivity}-{source}-{i}",
                    description=f"Uraian kata{sensitivity}kata nomor {i}", actors=f"Pihak-{sensitivity}-{source}"))
    insert_incidents(conn, rows)


def _principal(clearance: str) -> Principal:
    return Principal(f"uji_{clearance}", Role.ANALIS, Scope.for_region("73"), clearance=clearance)


def _needles(column: str) -> list[str]:
    """Search terms that hit exactly one sensitivity level's raw values in ``column``."""
    if column == "description":
        return [f"kata{s}kata" for s in SENSITIVITIES]
    if column == "actors":
        return [f"pihak-{s}" for s in SENSITIVITIES]
    if column == "source_ref":
        return [f"ref-{s}" for s in SENSITIVITIES]
    return list(SOURCES)  # "source": searching the code itself


def test_the_restricted_columns_are_the_ones_tested():
    assert RESTRICTED["incidents"] == RESTRICTED_INCIDENT_COLUMNS == incidents.RESTRICTED_COLUMNS


@pytest.mark.parametrize("clearance", CLEARANCES)
@pytest.mark.parametrize("column", RESTRICTED_INCIDENT_COLUMNS)
def test_search_on_a_restricted_column_sees_only_the_masked_value(db, column, clearance):
    principal = _principal(clearance)
    with db.begin() as conn:
        _seed(conn)
    with db.connect() as conn:
        shown = incidents.list_incidents(conn, principal, ALL, limit=None)
        assert len(shown) == 24
        for needle in _needles(column):
            hay = shown[column].fillna("").str.lower()
            expected = set(shown.loc[hay.str.contains(needle, regex=False), "id"])
            others = [c for c in ("kabkota_code", "category", *RESTRICTED_INCIDENT_COLUMNS) if c != column]
            for other in others:  # rows found through another visible column count too
                expected |= set(shown.loc[shown[other].fillna("").str.lower().str.contains(needle, regex=False), "id"])
            flt = IncidentFilter(search=needle)
            found = incidents.list_incidents(conn, principal, flt, limit=None)
            assert set(found["id"]) == expected, (column, clearance, needle)
            assert incidents.count_incidents(conn, principal, flt) == len(expected)


@pytest.mark.parametrize("clearance", CLEARANCES)
def test_filter_and_group_by_source_see_only_the_masked_value(db, clearance):
    """The Insiden page's Sumber filter and every source grouping go through these two functions."""
    principal = _principal(clearance)
    with db.begin() as conn:
        _seed(conn)
    with db.connect() as conn:
        shown = incidents.list_incidents(conn, principal, ALL, limit=None)
        for source in SOURCES:
            flt = IncidentFilter(sources=(source,))
            expected = shown[shown["source"] == source]
            assert incidents.count_incidents(conn, principal, flt) == len(expected), (clearance, source)
            assert incidents.totals(conn, principal, flt)["incidents"] == len(expected)
            assert set(incidents.list_incidents(conn, principal, flt, limit=None)["id"]) == set(expected["id"])
            by_month = incidents.aggregate(conn, principal, flt, ("month",))
            assert int(by_month["incidents"].sum()) == len(expected)
        grouped = incidents.aggregate(conn, principal, ALL, ("source",))
    got = {(None if pd.isna(k) else k): int(v) for k, v in zip(grouped["source"], grouped["incidents"])}
    want = {(None if pd.isna(k) else k): int(v) for k, v in shown["source"].value_counts(dropna=False).items()}
    assert got == want
    hidden = sum(1 for s in SENSITIVITIES if s not in principal.readable_sensitivities) * 3 * len(SOURCES)
    assert got.get(None, 0) == hidden


def test_operator_filtering_by_a_masked_source_learns_nothing(db):
    """The finding as reported: an umum operator filtering by intelijen_daerah got the restricted rows too."""
    operator = Principal("operator", Role.OPERATOR, Scope.for_region("73.71"), clearance="umum")
    with db.begin() as conn:
        _seed(conn)
    with db.connect() as conn:
        flt = IncidentFilter(sources=("intelijen_daerah",))
        assert incidents.count_incidents(conn, operator, flt) == 2          # the umum rows only, not 2 + 3 + 3
        grouped = incidents.aggregate(conn, operator, flt, ("kabkota_code",))
    assert int(grouped["incidents"].sum()) == 2
