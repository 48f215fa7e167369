"""A small, deterministic Sulawesi Selatan fixture for page tests (used until/unless the demo seeder is present).

All 24 kab/kota get every indicator the methodology uses and a few incidents a month over
two years, with points inside the province; Makassar gets a recent spike and a death so
categories and overrides have something to react to.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from data_access.models import AppMeta, Event, HandlingAction, IndicatorDefinition, IndicatorValue, Region
from domain.taxonomy import taxonomy

INDICATORS = (
    # code, name, unit, higher_is_riskier, min, max, lo, hi
    ("ikp_bawaslu", "Indeks Kerawanan Pemilu (Bawaslu)", "skor", True, 0, 100, 30, 85),
    ("kemiskinan", "Tingkat kemiskinan", "%", True, 0, 100, 4, 16),
    ("pengangguran", "Tingkat pengangguran terbuka", "%", True, 0, 100, 2, 11),
    ("kepadatan", "Kepadatan penduduk", "jiwa/km²", True, 0, 50000, 40, 8000),
    ("kriminalitas", "Angka kriminalitas", "per 100.000", True, 0, 10000, 50, 400),
    ("unjuk_rasa", "Unjuk rasa", "kejadian", True, 0, 10000, 0, 60),
    ("laporan_hoaks", "Laporan hoaks", "laporan", True, 0, 10000, 0, 90),
    ("sengketa_lahan", "Kasus sengketa lahan", "kasus", True, 0, 10000, 0, 40),
    ("indeks_kerukunan", "Indeks kerukunan umat beragama", "skor", False, 0, 100, 60, 90),
)


def seed_small(engine, today: date, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with engine.begin() as conn:
        kabkota = conn.execute(select(Region.code, Region.name).where(
            Region.province_code == "73", Region.level.in_(("kabupaten", "kota"))).order_by(Region.code)).all()
        kecamatan = conn.execute(select(Region.code, Region.parent_code).where(
            Region.province_code == "73", Region.level == "kecamatan")).all()
        kec_by_kab: dict[str, list[str]] = {}
        for code, parent in kecamatan:
            kec_by_kab.setdefault(parent, []).append(code)
        conn.execute(insert(AppMeta), [{"key": "demo_data", "value": "tests"}])
        conn.execute(insert(IndicatorDefinition), [
            {"code": c, "name": n, "unit": u, "higher_is_riskier": h, "source": "uji", "description": "",
             "min_value": lo, "max_value": hi} for c, n, u, h, lo, hi, _, _ in INDICATORS])
        values = []
        for i, (code, _) in enumerate(kabkota):
            for ind, _, _, _, _, _, lo, hi in INDICATORS:
                for year in (today.year - 1, today.year):
                    values.append({"region_code": code, "period": date(year, 1, 1), "indicator_code": ind,
                                   "value": round(lo + (hi - lo) * rnd.random(), 2), "source": "uji"})
        conn.execute(insert(IndicatorValue), values)

        categories = taxonomy().codes("category")
        rows = []
        n = 0
        start = date(today.year - 2, today.month, 1)
        day = start
        while day <= today:
            for code, _ in kabkota:
                if rnd.random() < 0.06:
                    n += 1
                    kec = kec_by_kab.get(code) or [None]
                    rows.append(_incident(n, day, code, rnd.choice(kec), rnd.choice(categories), rnd))
            day += timedelta(days=1)
        # A recent spike in Makassar, with a death (escalation and the deaths override).
        for k in range(12):
            n += 1
            row = _incident(n, today - timedelta(days=k % 10), "73.71", None, "bentrok_antarwarga", rnd)
            row.update(deaths=1 if k == 0 else 0, severity="berat" if k < 3 else "sedang")
            rows.append(row)
        from data_access.models import Incident
        ids = [r for r in conn.execute(insert(Incident).returning(Incident.id), rows).scalars()]
        conn.execute(insert(HandlingAction), [
            {"incident_id": ids[-1], "region_code": "73.71", "province_code": "73", "stage": "penghentian",
             "action_type": "dialog_mediasi", "agency": "kesbangpol", "started_on": today - timedelta(days=2),
             "due_on": today + timedelta(days=5), "status": "berjalan", "outcome": "Mediasi tokoh",
             "created_by": "uji"},
            {"incident_id": None, "region_code": "73.71", "province_code": "73", "stage": "pencegahan",
             "action_type": "patroli", "agency": "polri", "started_on": today - timedelta(days=40),
             "due_on": today - timedelta(days=20), "finished_on": today - timedelta(days=21), "status": "selesai",
             "outcome": "Patroli gabungan", "created_by": "uji"},
        ])
        conn.execute(insert(Event), [
            {"event_on": today - timedelta(days=200), "name": "Pilkada Serentak", "kind": "pilkada",
             "region_code": None, "description": ""},
            {"event_on": today - timedelta(days=400), "name": "Pemilu", "kind": "pemilu", "region_code": None,
             "description": ""},
        ])


def add_probes(engine, today: date) -> None:
    """Rows every page test relies on, whatever else is in the database: a *rahasia* report in
    Makassar and a report whose text looks like spreadsheet formulas in Gowa."""
    from data_access.models import Incident

    rnd = random.Random(11)
    secret = _incident(900_001, today - timedelta(days=3), "73.71", None, "sara", rnd)
    secret.update(sensitivity="rahasia", description="Rahasia: informan", actors="Informan X",
                  source_ref="PROBE-RAHASIA")
    formula = _incident(900_002, today - timedelta(days=4), "73.06", None, "ormas", rnd)
    formula.update(description='=HYPERLINK("http://x")', actors="+62 kelompok", source_ref="PROBE-FORMULA")
    with engine.begin() as conn:
        conn.execute(insert(Incident), [secret, formula])


def _incident(n: int, day: date, kabkota: str, kecamatan: str | None, category: str, rnd: random.Random) -> dict:
    lat = -5.1 - 2.0 * rnd.random() if kabkota != "73.71" else -5.14 + 0.02 * rnd.random()
    lon = 119.4 + 1.0 * rnd.random() if kabkota != "73.71" else 119.42 + 0.02 * rnd.random()
    return {
        "occurred_on": day, "reported_on": day, "province_code": "73", "kabkota_code": kabkota,
        "kecamatan_code": kecamatan, "lat": lat, "lon": lon, "category": category,
        "arena": "maya" if category == "ujaran_kebencian_hoaks" else "nyata",
        "severity": rnd.choice(("ringan", "ringan", "sedang", "berat")), "deaths": 0,
        "injuries": rnd.choice((0, 0, 0, 1, 2)), "displaced": 0, "actors": f"Kelompok {n}",
        "description": f"Insiden uji nomor {n}", "source": rnd.choice(("polri", "media", "kesbangpol")),
        "source_ref": f"UJI-{n}", "verification": "terverifikasi", "sensitivity": "umum",
        "handling_status": rnd.choice(("baru", "ditangani", "selesai")), "created_by": "uji",
    }
