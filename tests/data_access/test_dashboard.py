"""Dashboard queries: grid cells and indicator percentiles equal hand-computed numbers, on both backends."""
from datetime import date

import pytest
from sqlalchemy import insert

from data_access import dashboard as q
from data_access.models import IndicatorDefinition, IndicatorValue
from domain.access import Principal, Role, Scope
from domain.filters import IncidentFilter
from tests.data_access.factories import incident, insert_incidents

NATIONAL = Principal("ana", Role.ANALIS, Scope.national(), clearance="rahasia")
SULSEL = Principal("pim", Role.PIMPINAN, Scope.for_region("73"))
GOWA_ONLY = Principal("opr", Role.OPERATOR, Scope.for_region("73.06"))


@pytest.fixture
def points_db(db):
    rows = [
        # Two incidents in one 0.1° cell (lon 119.40–119.50, lat −5.20…−5.10), one with casualties.
        incident(lat=-5.13, lon=119.41, deaths=1, injuries=2),
        incident(lat=-5.19, lon=119.49),
        # A neighbouring cell to the south, in Gowa.
        incident(kabkota_code="73.06", lat=-5.21, lon=119.45, category="sengketa_lahan_sda"),
        # No point: never on the grid.
        incident(),
        # Outside Sulawesi Selatan (Kota Manado).
        incident(kabkota_code="71.71", lat=1.47, lon=124.84),
    ]
    with db.begin() as conn:
        insert_incidents(conn, rows)
    return db


def test_grid_counts_points_per_cell(points_db):
    with points_db.connect() as conn:
        grid = q.incident_grid(conn, NATIONAL, IncidentFilter(), cell_deg=0.1)
    cells = {(round(r.lon, 2), round(r.lat, 2)): (r.incidents, r.deaths, r.injuries) for r in grid.itertuples()}
    assert cells == {
        (119.45, -5.15): (2, 1, 2),
        (119.45, -5.25): (1, 0, 0),
        (124.85, 1.45): (1, 0, 0),
    }


def test_grid_respects_scope_and_filters(points_db):
    with points_db.connect() as conn:
        assert int(q.incident_grid(conn, SULSEL, IncidentFilter(), 0.1)["incidents"].sum()) == 3
        assert int(q.incident_grid(conn, GOWA_ONLY, IncidentFilter(), 0.1)["incidents"].sum()) == 1
        only_land = q.incident_grid(conn, SULSEL, IncidentFilter(categories=("sengketa_lahan_sda",)), 0.1)
        assert only_land["incidents"].tolist() == [1]
        with pytest.raises(ValueError):
            q.incident_grid(conn, SULSEL, IncidentFilter(), 0)


@pytest.fixture
def indicator_db(db):
    with db.begin() as conn:
        conn.execute(insert(IndicatorDefinition), [
            {"code": "kemiskinan", "name": "Tingkat kemiskinan", "unit": "%", "higher_is_riskier": True,
             "source": "BPS", "description": "", "min_value": 0, "max_value": 100},
        ])
        rows = [
            ("73.71", date(2023, 1, 1), 4.0), ("73.71", date(2024, 1, 1), 5.0),   # latest ≤ as_of: 5.0
            ("73.06", date(2024, 1, 1), 7.0),
            ("73.01", date(2024, 1, 1), 12.0), ("73.01", date(2025, 1, 1), 1.0),  # 2025 value is after as_of
            ("71.71", date(2024, 1, 1), 99.0),                                    # another province
        ]
        conn.execute(insert(IndicatorValue), [
            {"region_code": c, "period": p, "indicator_code": "kemiskinan", "value": v, "source": "BPS"}
            for c, p, v in rows])
    return db


def test_latest_values_and_percentile_within_province(indicator_db):
    with indicator_db.connect() as conn:
        frame = q.latest_indicator_values(conn, SULSEL, as_of=date(2024, 6, 30), benchmark_province="73")
        got = {r.region_code: (r.value, r.period, r.percentile, r.n_regions) for r in frame.itertuples()}
        assert got == {"73.01": (12.0, "2024-01", 100.0, 3), "73.06": (7.0, "2024-01", 50.0, 3),
                       "73.71": (5.0, "2024-01", 0.0, 3)}
        # A Gowa operator sees only Gowa, still ranked among the province's three regions.
        gowa = q.latest_indicator_values(conn, GOWA_ONLY, as_of=date(2024, 6, 30), benchmark_province="73")
        assert gowa["region_code"].tolist() == ["73.06"] and gowa["percentile"].tolist() == [50.0]
        # Nationally the Manado value joins the comparison.
        national = q.latest_indicator_values(conn, NATIONAL, as_of=date(2024, 6, 30))
        assert set(national["region_code"]) == {"73.01", "73.06", "73.71", "71.71"}
        assert national.set_index("region_code").loc["71.71", "percentile"] == 100.0
