"""Synthetic Sulawesi Selatan incidents with regional, seasonal and escalation structure.

Expected counts are built on a (day × kab/kota × category) grid from population,
regional profiles, election seasonality and a few bursts, then one multinomial draw
places exactly ``n`` incidents; every other column is sampled per group.
"""
from __future__ import annotations

from datetime import date, time, timedelta

import numpy as np
import pandas as pd

from data_access.demo import attributes as attr
from data_access.demo import profile as prof
from data_access.demo.points import kecamatan_polygons, points_in
from data_access.demo.regions import KabKota
from data_access.demo.texts import MAYA, NYATA, actor_for, casualty_phrase, short_region_name
from domain.taxonomy import taxonomy

SHARE_WITH_KECAMATAN = 0.86   # of real-world incidents; the rest are known only to kab/kota level
HOTSPOT_SHARE = 0.6           # of a hotspot category's incidents that fall in the listed kecamatan


def _bump(days: np.ndarray, center: date, before: float, after: float) -> np.ndarray:
    x = (days - np.datetime64(center, "D")).astype(float)
    return np.where(x < 0, np.exp(-0.5 * (x / before) ** 2), np.exp(-0.5 * (x / after) ** 2))


def _ramp_before(days: np.ndarray, center: date) -> np.ndarray:
    # Online provocation builds up over the months before a vote and dies out within a week after.
    x = (days - np.datetime64(center, "D")).astype(float)
    return np.where(x <= 0, np.where(x > -150, np.exp(x / 45), 0.0), np.exp(-x / 7))


def time_profile(days: np.ndarray, categories: tuple[str, ...]) -> np.ndarray:
    """Relative daily intensity per category, shape (days, categories)."""
    trend = 1 + 0.15 * np.linspace(0, 1, len(days))
    profile = {
        "politik_pemilu": 0.25 + 7 * _bump(days, prof.PEMILU, 30, 10) + 7 * _bump(days, prof.PILKADA, 35, 12),
        "ujaran_kebencian_hoaks": 0.7 + 3.5 * _ramp_before(days, prof.PEMILU) + 3.5 * _ramp_before(days, prof.PILKADA),
        "unjuk_rasa": 1 + 1.5 * _bump(days, prof.PEMILU + timedelta(days=10), 5, 20)
        + 1.5 * _bump(days, prof.PILKADA + timedelta(days=14), 5, 20)
        + 3 * _bump(days, date(2025, 8, 29), 7, 10),
    }
    ones = np.ones(len(days))
    return np.stack([profile.get(c, ones) * trend for c in categories], axis=1)


def _add_burst(lam: np.ndarray, days: np.ndarray, burst: prof.Burst, r: int, categories: tuple[str, ...],
               today: date) -> None:
    end = burst.end or today
    start = burst.start or (end - timedelta(days=burst.days - 1))
    span = (days >= np.datetime64(start, "D")) & (days <= np.datetime64(min(end, today), "D"))
    if not span.any():
        return
    full_days = (end - start).days + 1
    shape = np.linspace(0.3, 1.0, full_days)[: int(span.sum())]      # rising towards the end
    weight = np.array([prof.CATEGORY_WEIGHT[c] for c in burst.categories])
    expected = burst.expected * span.sum() / full_days
    cells = shape[:, None] * weight[None, :]
    cells *= expected / cells.sum()
    for j, code in enumerate(burst.categories):
        lam[span, r, categories.index(code)] += cells[:, j]


def expected_counts(regions: KabKota, days: np.ndarray, n: int, today: date) -> np.ndarray:
    """Expected incidents per (day, kab/kota, category), summing to ``n``."""
    categories = taxonomy().codes("category")
    profiles = {p.code: p for p in prof.PROFILES}
    share = regions.population / regions.population.sum()
    region_cat = np.ones((len(regions.codes), len(categories)))
    for r, code in enumerate(regions.codes):
        p = profiles.get(code)
        if p is None:
            continue
        region_cat[r] *= p.activity
        for c, cat in enumerate(categories):
            region_cat[r, c] *= p.category_factor.get(cat, 1.0)
            if cat == "unjuk_rasa" and code not in prof.CITIES:
                region_cat[r, c] *= 0.6   # protests are an urban phenomenon
    cat_w = np.array([prof.CATEGORY_WEIGHT[c] for c in categories])
    lam = time_profile(days, categories)[:, None, :] * (share[:, None] * region_cat * cat_w[None, :])[None]
    bursts = [*prof.SPIKES, prof.LUWU_TIMUR_2024]
    burst_total = sum(b.expected for b in bursts)
    lam *= max(n - burst_total, n * 0.5) / lam.sum()
    for burst in bursts:
        if burst.region in regions.codes:
            _add_burst(lam, days, burst, regions.codes.index(burst.region), categories, today)
    return lam * (n / lam.sum())


def generate(rng: np.random.Generator, regions: KabKota, start: date, today: date, n: int) -> pd.DataFrame:
    """``n`` incidents between ``start`` and ``today`` (inclusive), sorted by date, without ``id``."""
    categories = taxonomy().codes("category")
    days = attr.day_range(start, today)
    lam = expected_counts(regions, days, n, today)
    counts = rng.multinomial(n, (lam / lam.sum()).ravel())
    d_i, r_i, c_i = np.unravel_index(np.repeat(np.arange(counts.size), counts), lam.shape)
    occurred = days[d_i]
    category = np.asarray(categories, dtype=object)[c_i]
    kab = np.asarray(regions.codes, dtype=object)[r_i]
    maya = rng.random(n) < np.array([prof.MAYA_SHARE.get(c, 0.0) for c in categories])[c_i]
    severity = attr.severity(rng, category, maya, categories)
    cas = attr.casualties(rng, severity, category, maya)
    deaths, injuries, displaced = cas.deaths, cas.injuries, cas.displaced
    status = attr.handling_statuses(rng, (np.datetime64(today, "D") - occurred).astype(int))

    occurred = _force_recent_death(occurred, kab, maya, severity, deaths, injuries, status, today, start)
    order = np.argsort(occurred, kind="stable")
    occurred, category, kab, maya, severity, deaths, injuries, displaced, status = (
        a[order] for a in (occurred, category, kab, maya, severity, deaths, injuries, displaced, status))

    kecamatan, lon, lat = _locations(rng, regions, kab, category, maya)
    age = (np.datetime64(today, "D") - occurred).astype(int)
    delay = np.minimum(attr.report_delay(rng, n), age)
    reported = occurred + delay
    seconds = attr.occurred_seconds(rng, category, categories)
    source = attr.sources(rng, category, maya)
    created_minutes = rng.integers(0, 9 * 60, n)
    template = rng.integers(0, 1 << 30, n)
    names = dict(zip(regions.codes, regions.names))
    frame = pd.DataFrame({
        "occurred_on": occurred.astype("datetime64[s]"),
        "occurred_time": [None if s < 0 else time(s // 3600, s % 3600 // 60) for s in seconds.tolist()],
        "reported_on": reported.astype("datetime64[s]"),
        "province_code": pd.Series(kab).map(dict(zip(regions.codes, regions.province))).to_numpy(dtype=object),
        "kabkota_code": kab,
        "kecamatan_code": kecamatan,
        "lat": lat, "lon": lon,
        "category": category, "arena": np.where(maya, "maya", "nyata").astype(object),
        "severity": severity, "deaths": deaths, "injuries": injuries, "displaced": displaced,
        "actors": [actor_for(c, m, t) for c, m, t in zip(category, maya.tolist(), template.tolist())],
        "description": _descriptions(category, maya, kab, kecamatan, deaths, injuries, displaced, template,
                                     names, regions.kecamatan_names),
        "source": source,
        "source_ref": attr.source_refs(source, occurred),
        "verification": attr.verifications(rng, age),
        "sensitivity": attr.sensitivities(rng, source),
        "handling_status": status,
        "created_by": "demo",
        "created_at": reported.astype("datetime64[s]") + (8 * 60 + created_minutes).astype("timedelta64[m]"),
        "version": 1,
    })
    return frame


def _force_recent_death(occurred: np.ndarray, kab: np.ndarray, maya: np.ndarray, severity: np.ndarray,
                        deaths: np.ndarray, injuries: np.ndarray, status: np.ndarray, today: date,
                        start: date) -> np.ndarray:
    """Guarantee one fatal real-world incident in the last 14 days (alerts and briefings need one)."""
    recent = occurred >= np.datetime64(today - timedelta(days=13), "D")
    for mask in (recent & ~maya & (kab == prof.RECENT_DEATH_REGION), recent & ~maya, ~maya):
        idx = np.flatnonzero(mask)
        if idx.size:
            i = idx[-1]
            break
    else:
        return occurred
    occurred = occurred.copy()
    occurred[i] = max(occurred[i], np.datetime64(max(today - timedelta(days=2), start), "D"))
    severity[i], status[i] = "berat", "ditangani"
    deaths[i] = max(deaths[i], 1)
    injuries[i] = max(injuries[i], 4)
    return occurred


def _locations(rng: np.random.Generator, regions: KabKota, kab: np.ndarray, category: np.ndarray,
               maya: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kecamatan and a point inside it for most real-world incidents; None/NaN otherwise."""
    n = len(kab)
    kecamatan = np.full(n, None, dtype=object)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    located = ~maya & (rng.random(n) < SHARE_WITH_KECAMATAN)
    hotspot_draw = rng.random(n)
    profiles = {p.code: p for p in prof.PROFILES}
    for code in regions.codes:
        options = regions.kecamatan.get(code, ())
        if not options:
            continue
        rows = np.flatnonzero(located & (kab == code))
        picks = np.asarray(options, dtype=object)[rng.integers(0, len(options), rows.size)]
        hotspots = profiles[code].hotspots if code in profiles else {}
        for cat in taxonomy().codes("category"):
            spots = hotspots.get(cat)
            if not spots:
                continue
            sel = (category[rows] == cat) & (hotspot_draw[rows] < HOTSPOT_SHARE)
            picks[sel] = np.asarray(spots, dtype=object)[rng.integers(0, len(spots), int(sel.sum()))]
        kecamatan[rows] = picks
    polygons = kecamatan_polygons()
    for code in sorted({k for k in kecamatan if k is not None}):
        rows = np.flatnonzero(kecamatan == code)
        if code in polygons:
            lon[rows], lat[rows] = points_in(rng, polygons[code], rows.size)
    return kecamatan, lon, lat


def _descriptions(category, maya, kab, kecamatan, deaths, injuries, displaced, template, names,
                  kecamatan_names) -> list[str]:
    out = []
    for i in range(len(category)):
        cat, region = category[i], short_region_name(names[kab[i]])
        if maya[i]:
            options = MAYA.get(cat) or MAYA["lainnya"]
            out.append(options[template[i] % len(options)].format(wilayah=region))
            continue
        place = f"Kec. {kecamatan_names[kecamatan[i]]}, {region}" if kecamatan[i] else region
        options = NYATA[cat]
        korban = casualty_phrase(int(deaths[i]), int(injuries[i]), int(displaced[i]))
        out.append(options[template[i] % len(options)].format(lokasi=place, korban=korban))
    return out
