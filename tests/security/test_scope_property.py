"""Property: data_access calls with a narrow scope never return out-of-scope rows, and never show
restricted fields above the caller's clearance — over random scopes, clearances and filters, on a
seeded database (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access import handling, incidents, regions
from data_access.incidents import RESTRICTED_COLUMNS
from domain.access import Principal, Role, Scope
from domain.filters import IncidentFilter
from domain.taxonomy import SENSITIVITY_ORDER
from tests.data_access.factories import incident, insert_incidents

KABKOTA = ("73.71", "73.06", "73.01", "73.72", "32.73", "32.01", "11.71")
PROVINCES = ("73", "32", "11")
CATEGORIES = ("bentrok_antarwarga", "sengketa_lahan_sda", "politik_pemilu", "ujaran_kebencian_hoaks")
START = date(2024, 1, 1)


def seed(engine) -> list[dict]:
    rows = []
    for i in range(210):
        code = KABKOTA[i % len(KABKOTA)]
        rows.append(incident(
            kabkota_code=code, occurred_on=START + timedelta(days=(i * 7) % 500),
            category=CATEGORIES[(i // 3) % len(CATEGORIES)], sensitivity=SENSITIVITY_ORDER[(i // 2) % 3],
            description=f"rahasia-{i} di {code}", actors=f"aktor-{i}", source_ref=f"P-{i}",
            handling_status=("baru", "ditangani", "selesai")[i % 3], deaths=i % 4,
        ))
    with engine.begin() as conn:
        insert_incidents(conn, rows)
    return rows


scopes = st.one_of(st.just(Scope.national()), st.sampled_from(PROVINCES).map(Scope.for_region),
                   st.sampled_from(KABKOTA).map(Scope.for_region))
principals = st.builds(lambda scope, clearance, role: Principal("uji", role, scope, clearance),
                       scopes, st.sampled_from(SENSITIVITY_ORDER), st.sampled_from(list(Role)))
filters = st.builds(
    lambda regions_, cats, start, span: IncidentFilter(
        date_from=START + timedelta(days=start), date_to=START + timedelta(days=start + span),
        region_codes=tuple(regions_), categories=tuple(cats)),
    st.lists(st.sampled_from(KABKOTA + PROVINCES), max_size=3, unique=True),
    st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True),
    st.integers(0, 400), st.integers(0, 500),
)


def _expected(rows: list[dict], principal: Principal, flt: IncidentFilter) -> list[dict]:
    def region_ok(row):
        return not flt.region_codes or any(row["kabkota_code"] == c or row["province_code"] == c
                                           for c in flt.region_codes)
    return [r for r in rows if principal.scope.contains(r["kabkota_code"]) and region_ok(r)
            and (not flt.categories or r["category"] in flt.categories)
            and flt.date_from <= r["occurred_on"] <= flt.date_to]


def test_scoped_queries_never_leak(db):
    rows = seed(db)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(principal=principals, flt=filters)
    def check(principal: Principal, flt: IncidentFilter) -> None:
        expected = _expected(rows, principal, flt)
        with db.connect() as conn:
            listed = incidents.list_incidents(conn, principal, flt, limit=None)
            count = incidents.count_incidents(conn, principal, flt)
            by_region = incidents.aggregate(conn, principal, flt, by=("kabkota_code", "month"))
            totals = incidents.totals(conn, principal, flt)
            serious = incidents.serious_incidents(conn, principal, flt, limit=50)
            region_list = regions.list_regions(conn, principal, levels=("provinsi", "kabupaten", "kota"))
            open_cases = handling.open_cases(conn, principal, None)
        # Exactly the in-scope rows, counted and summed in SQL.
        assert count == len(expected) == len(listed) == int(by_region["incidents"].sum()) == totals["incidents"]
        assert totals["deaths"] == sum(r["deaths"] for r in expected)
        for frame, column in ((listed, "kabkota_code"), (by_region, "kabkota_code"), (serious, "kabkota_code"),
                              (region_list, "code"), (open_cases, "kabkota_code")):
            assert all(principal.scope.contains(c) for c in frame[column]), column
        # Restricted fields are NULL above the caller's clearance, present otherwise.
        readable = set(principal.readable_sensitivities)
        for frame in (listed, serious):
            for row in frame.itertuples():
                hidden = row.sensitivity not in readable
                assert bool(row.restricted) == hidden
                for column in RESTRICTED_COLUMNS:
                    missing = pd.isna(getattr(row, column))
                    assert missing if hidden else not missing
        # A search cannot reveal hidden text: searching for a restricted description finds only readable rows.
        with db.connect() as conn:
            found = incidents.list_incidents(conn, principal, IncidentFilter(search="rahasia-1"), limit=None)
        assert all(s in readable and principal.scope.contains(c)
                   for s, c in zip(found["sensitivity"], found["kabkota_code"]))

    check()


def test_single_incident_outside_scope_is_not_found(db):
    seed(db)
    admin = Principal("adm", Role.ADMIN, Scope.national(), "rahasia")
    operator = Principal("op", Role.OPERATOR, Scope.for_region("73.71"), "rahasia")
    with db.connect() as conn:
        every = incidents.list_incidents(conn, admin, IncidentFilter(), limit=None)
        for row in every.itertuples():
            got = incidents.get_incident(conn, operator, int(row.id))
            assert (got is not None) == (row.kabkota_code == "73.71")
