"""Demo seeding: deterministic, structured like the real problem, refuses to overwrite data.

The Sulsel demo is seeded once per backend (module-scoped) and read by most tests.
"""
from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pandas as pd
import pytest
import shapely
from sqlalchemy import func, insert, select

from data_access.demo import DELIBERATE_GAPS, DemoDataError, seed_demo, window_start
from data_access.demo.points import kecamatan_polygons
from data_access.meta import get_meta
from data_access.models import (
    Alert, ConflictStatusDeclaration, Event, HandlingAction, Incident, IndicatorDefinition, IndicatorValue, Region,
)
from domain.taxonomy import taxonomy
from tests.conftest import clear_data

TODAY = date(2026, 11, 29)


def _incident_hash(conn) -> str:
    rows = conn.execute(select(Incident).order_by(Incident.id)).all()
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def seeded(engine):
    """The Sulsel demo seeded once into this backend's database; incidents as a DataFrame."""
    clear_data(engine)
    with engine.begin() as conn:
        summary = seed_demo(conn, today=TODAY)
    with engine.connect() as conn:
        frame = pd.read_sql(select(Incident.__table__), conn)
    frame["occurred_on"] = pd.to_datetime(frame["occurred_on"])
    yield engine, summary, frame
    clear_data(engine)


def test_same_seed_and_today_give_identical_rows(seeded):
    engine, _, _ = seeded
    with engine.connect() as conn:
        first = _incident_hash(conn)
        actions_first = conn.execute(select(func.count()).select_from(HandlingAction)).scalar_one()
    with engine.begin() as conn:
        seed_demo(conn, today=TODAY, replace=True)
    with engine.connect() as conn:
        assert _incident_hash(conn) == first
        assert conn.execute(select(func.count()).select_from(HandlingAction)).scalar_one() == actions_first


def test_summary_counts_and_codes(seeded):
    engine, summary, frame = seeded
    assert summary.incidents == len(frame) == 5000
    assert summary.kabkota == 24
    tax = taxonomy()
    for column, vocabulary in (("category", "category"), ("arena", "arena"), ("severity", "severity"),
                               ("source", "source"), ("verification", "verification"),
                               ("sensitivity", "sensitivity"), ("handling_status", "handling_status")):
        assert set(frame[column]) <= set(tax.codes(vocabulary)), column
    assert (frame["created_by"] == "demo").all()
    assert not frame.duplicated(["source", "source_ref"]).any()
    with engine.connect() as conn:
        assert get_meta(conn, "demo_data") == "sintetis"


def test_all_24_kabkota_and_36_months(seeded):
    engine, _, frame = seeded
    with engine.connect() as conn:
        kabkota = set(conn.execute(select(Region.code).where(
            Region.province_code == "73", Region.level.in_(("kabupaten", "kota")))).scalars())
    assert len(kabkota) == 24 and set(frame["kabkota_code"]) == kabkota
    months = frame["occurred_on"].dt.to_period("M").unique()
    assert len(months) == 36
    assert frame["occurred_on"].min() >= pd.Timestamp(window_start(TODAY))
    assert frame["occurred_on"].max() <= pd.Timestamp(TODAY)
    assert (pd.to_datetime(frame["reported_on"]) >= frame["occurred_on"]).all()


def test_real_world_incidents_have_kecamatan_and_point_inside_it(seeded):
    _, _, frame = seeded
    nyata = frame[frame["arena"] == "nyata"]
    located = nyata[nyata["kecamatan_code"].notna() & nyata["lat"].notna()]
    assert len(located) / len(nyata) >= 0.70
    assert (located["kecamatan_code"].str.slice(0, 5) == located["kabkota_code"]).all()
    sample = located.sample(400, random_state=1)
    polygons = kecamatan_polygons()
    inside = [shapely.contains_xy(polygons[k], x, y) for k, x, y in
              zip(sample["kecamatan_code"], sample["lon"], sample["lat"])]
    assert all(inside)
    assert frame.loc[frame["arena"] == "maya", "lat"].isna().all()


def test_politik_pemilu_peaks_at_pemilu_and_pilkada(seeded):
    _, _, frame = seeded
    monthly = frame[frame["category"] == "politik_pemilu"].groupby(frame["occurred_on"].dt.to_period("M")).size()
    monthly = monthly.reindex(pd.period_range(window_start(TODAY), TODAY, freq="M"), fill_value=0)
    median = monthly.median()
    assert monthly[pd.Period("2024-02", "M")] > 4 * median
    assert monthly[pd.Period("2024-11", "M")] > 4 * median


def test_structure_makassar_brawls_land_disputes_spikes(seeded):
    _, _, frame = seeded
    brawls = frame[frame["category"] == "bentrok_antarwarga"]["kabkota_code"].value_counts()
    assert brawls.index[0] == "73.71"
    land = frame[frame["category"] == "sengketa_lahan_sda"]["kabkota_code"].value_counts()
    assert set(land.index[:4]) <= {"73.24", "73.22", "73.02", "73.13", "73.14"}
    # Quiet regions flare up: the last 30 days exceed any earlier 30-day count in the window.
    for code in ("73.01", "73.16"):
        days = frame.loc[frame["kabkota_code"] == code, "occurred_on"]
        recent = (days > pd.Timestamp(TODAY - timedelta(days=30))).sum()
        earlier = days[days <= pd.Timestamp(TODAY - timedelta(days=30))]
        max_earlier = earlier.dt.to_period("M").value_counts().max()
        assert recent >= 8 and recent > 2 * max_earlier, code


def test_recent_death_and_severity_mix(seeded):
    _, _, frame = seeded
    recent = frame[frame["occurred_on"] > pd.Timestamp(TODAY - timedelta(days=14))]
    assert (recent["deaths"] > 0).any()
    shares = frame["severity"].value_counts(normalize=True)
    assert shares["ringan"] > shares["sedang"] > shares["berat"] > 0
    sens = frame["sensitivity"].value_counts(normalize=True)
    assert 0.65 < sens["umum"] < 0.85 and sens["rahasia"] < 0.1


def test_indicators_per_kabkota_with_documented_gaps(seeded):
    engine, _, _ = seeded
    with engine.connect() as conn:
        codes = set(conn.execute(select(IndicatorDefinition.code)).scalars())
        values = pd.read_sql(select(IndicatorValue.region_code, IndicatorValue.indicator_code,
                                    IndicatorValue.period, IndicatorValue.value), conn)
        definitions = {d.code: d for d in conn.execute(select(IndicatorDefinition.__table__))}
    assert codes == {"ikp_bawaslu", "kemiskinan", "pengangguran", "kepadatan", "kriminalitas", "unjuk_rasa",
                     "laporan_hoaks", "sengketa_lahan", "indeks_kerukunan"}
    assert definitions["indeks_kerukunan"].higher_is_riskier is False
    per_region = values.groupby("region_code")["indicator_code"].nunique()
    assert len(per_region) == 24 and (per_region >= 8).all()
    gap_regions = {region for region, _, _ in DELIBERATE_GAPS}
    assert (per_region.drop(list(gap_regions)) == 9).all()
    assert "indeks_kerukunan" not in set(values.loc[values["region_code"] == "73.01", "indicator_code"])
    for code, d in definitions.items():
        v = values.loc[values["indicator_code"] == code, "value"]
        assert v.between(d.min_value, d.max_value).all(), code
    land = values[(values["indicator_code"] == "sengketa_lahan")].groupby("region_code")["value"].mean()
    assert land["73.24"] > land["73.71"]


def test_actions_events_and_declaration(seeded):
    engine, _, frame = seeded
    with engine.connect() as conn:
        actions = pd.read_sql(select(HandlingAction.__table__), conn)
        events = pd.read_sql(select(Event.__table__), conn)
        declarations = conn.execute(select(ConflictStatusDeclaration.__table__)).all()
    handled = actions["incident_id"].dropna().nunique() / len(frame)
    assert 0.3 < handled < 0.55
    assert actions["incident_id"].isna().sum() > 0   # region-level prevention
    assert set(actions["stage"]) == set(taxonomy().codes("stage"))
    assert set(actions["action_type"]) <= set(taxonomy().codes("action_type"))
    assert set(actions["agency"]) <= set(taxonomy().codes("agency"))
    due = pd.to_datetime(actions["due_on"])
    overdue = actions[(actions["status"] != "selesai") & (due < pd.Timestamp(TODAY))]
    assert 1 <= len(overdue) <= 60
    names = set(events["name"])
    assert {"Pemungutan suara Pemilu 2024", "Pilkada serentak 2024", "Hari Raya Idul Fitri"} <= names
    assert events["region_code"].notna().sum() >= 2
    assert len(declarations) == 1
    d = declarations[0]
    assert d.start_on.year == 2024 and (d.end_on - d.start_on).days < 90 and d.end_on < TODAY


def test_refuses_non_empty_database_without_replace(seeded):
    engine, _, _ = seeded
    with engine.begin() as conn, pytest.raises(DemoDataError, match="--replace"):
        seed_demo(conn, today=TODAY)


def test_replace_also_clears_alerts_that_point_at_the_replaced_incidents(db):
    # `setup` leaves alerts (some naming an incident); --replace used to fail on their foreign key
    with db.begin() as conn:
        seed_demo(conn, today=TODAY)
        first = conn.execute(select(func.min(Incident.id))).scalar_one()
        conn.execute(insert(Alert).values(
            rule="lonjakan", region_code="73.71", province_code="73", severity="tinggi", priority=1.0,
            evidence={}, incident_id=first, first_seen_on=TODAY, last_seen_on=TODAY, config_version="t"))
    with db.begin() as conn:
        summary = seed_demo(conn, scale="national", n_incidents=500, today=TODAY, replace=True)
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Alert)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(Incident)).scalar_one() == summary.incidents == 500


def test_national_scale_small(db):
    with db.begin() as conn:
        summary = seed_demo(conn, scale="national", n_incidents=3000, today=TODAY, seed=7)
    with db.connect() as conn:
        frame = pd.read_sql(select(Incident.kabkota_code, Incident.province_code, Incident.kecamatan_code), conn)
        n_values = conn.execute(select(func.count()).select_from(IndicatorValue)).scalar_one()
    assert summary.kabkota == 514 and len(frame) == 3000
    assert (frame["kabkota_code"].str.slice(0, 2) == frame["province_code"]).all()
    assert frame["kecamatan_code"].isna().all()
    assert frame["province_code"].nunique() > 30
    assert n_values > 514 * 8


def test_national_scale_places_real_world_incidents_inside_their_kabkota(db):
    from data_access.imports.placement import place

    with db.begin() as conn:
        seed_demo(conn, scale="national", n_incidents=3000, today=TODAY, seed=7)
    with db.connect() as conn:
        frame = pd.read_sql(select(Incident.kabkota_code, Incident.arena, Incident.lat, Incident.lon), conn)
    located = frame[frame["lat"].notna()]
    assert located["lon"].notna().all() and (located["arena"] == "nyata").all()   # cyberspace has no place
    share = len(located) / (frame["arena"] == "nyata").sum()
    assert 0.5 < share < 0.7                     # SHARE_LOCATED of the real-world incidents
    placed = place(located["lat"].to_numpy(float), located["lon"].to_numpy(float))
    assert list(placed.kabkota) == list(located["kabkota_code"]) and not placed.near.any()
