"""Synthetic national incidents for load tests: fully vectorised, no per-row Python formatting."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data_access.demo import attributes as attr
from data_access.demo import profile as prof
from data_access.demo.points import kabkota_polygons, points_in
from data_access.demo.regions import KabKota
from data_access.demo.sulsel import time_profile
from data_access.demo.texts import ACTORS, ACTORS_MAYA, MAYA, NYATA, short_region_name
from domain.taxonomy import taxonomy

# Real-world incidents with a place (the rest are known to their kab/kota only, as in the Sulsel demo and in
# reports without coordinates): the Peta incident layer and the grid query then work on real rows.
SHARE_LOCATED = 0.6
_OUTCOME = np.array(["tidak ada korban jiwa", "ada korban luka", "ada korban meninggal dunia"], dtype=object)


def _split_template(text: str, slot: str) -> tuple[str, str]:
    head, _, tail = text.partition("{" + slot + "}")
    return head, tail.replace("; {korban}.", "; ")


def generate(rng: np.random.Generator, regions: KabKota, start: date, today: date, n: int) -> pd.DataFrame:
    """``n`` incidents over every kab/kota, weighted by population and by the election seasonality."""
    categories = taxonomy().codes("category")
    days = attr.day_range(start, today)
    weights = np.array([prof.CATEGORY_WEIGHT[c] for c in categories], dtype=float)
    c_i = rng.choice(len(categories), size=n, p=weights / weights.sum())
    profile = time_profile(days, categories)
    d_i = np.empty(n, dtype=np.int64)
    for c in range(len(categories)):   # one draw per category, in taxonomy order
        mask = c_i == c
        d_i[mask] = rng.choice(len(days), size=int(mask.sum()), p=profile[:, c] / profile[:, c].sum())
    share = regions.population ** 0.9
    r_i = rng.choice(len(regions.codes), size=n, p=share / share.sum())
    order = np.lexsort((r_i, d_i))    # date order keeps index inserts sequential (much faster loads)
    c_i, d_i, r_i = c_i[order], d_i[order], r_i[order]

    occurred = days[d_i]
    category = np.asarray(categories, dtype=object)[c_i]
    maya = rng.random(n) < np.array([prof.MAYA_SHARE.get(c, 0.0) for c in categories])[c_i]
    severity = attr.severity(rng, category, maya, categories)
    cas = attr.casualties(rng, severity, category, maya)
    age = (np.datetime64(today, "D") - occurred).astype(np.int64)
    reported = occurred + np.minimum(attr.report_delay(rng, n), age)
    source = attr.sources(rng, category, maya)
    seconds = attr.occurred_seconds(rng, category, categories)
    names = np.array([short_region_name(x) for x in regions.names], dtype=object)

    # Descriptions: the first template of each category split around the place name, then
    # concatenated as whole object arrays (C loops, no Python formatting per row).
    heads = np.array([_split_template(NYATA[c][0], "lokasi")[0] for c in categories], dtype=object)
    tails = np.array([_split_template(NYATA[c][0], "lokasi")[1] for c in categories], dtype=object)
    maya_heads = np.array([_split_template((MAYA.get(c) or MAYA["lainnya"])[0], "wilayah")[0]
                           for c in categories], dtype=object)
    maya_tails = np.array([_split_template((MAYA.get(c) or MAYA["lainnya"])[0], "wilayah")[1]
                           for c in categories], dtype=object)
    outcome = _OUTCOME[np.where(cas.deaths > 0, 2, np.where(cas.injuries > 0, 1, 0))]
    description = np.where(maya, maya_heads[c_i] + names[r_i] + maya_tails[c_i],
                           heads[c_i] + names[r_i] + tails[c_i] + outcome + ".")
    actors = np.where(maya, ACTORS_MAYA[0], np.array([ACTORS[c][0] for c in categories], dtype=object)[c_i])
    # from a child generator: every other column keeps the draws it had before points were added
    lon, lat = _points(rng.spawn(1)[0], regions.codes, r_i, ~maya)
    return _frame({
        "occurred_on": occurred.astype("datetime64[s]"),
        "occurred_time": _times(seconds),
        "reported_on": reported.astype("datetime64[s]"),
        "province_code": np.asarray(regions.province, dtype=object)[r_i],
        "kabkota_code": np.asarray(regions.codes, dtype=object)[r_i],
        "category": category, "arena": np.where(maya, "maya", "nyata").astype(object),
        "lat": lat, "lon": lon,
        "severity": severity, "deaths": cas.deaths, "injuries": cas.injuries, "displaced": cas.displaced,
        "actors": actors, "description": description,
        "source": source, "source_ref": attr.source_refs(source, occurred),
        "verification": attr.verifications(rng, age), "sensitivity": attr.sensitivities(rng, source),
        "handling_status": attr.handling_statuses(rng, age),
        "created_by": "demo",
        "created_at": reported.astype("datetime64[s]") + np.timedelta64(9, "h"),
        "version": 1,
    })


def _points(rng: np.random.Generator, codes: tuple[str, ...], r_i: np.ndarray,
            real_world: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat): uniform points inside the kab/kota polygon for :data:`SHARE_LOCATED` of the real-world
    incidents, NaN for the others."""
    n = len(r_i)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    located = real_world & (rng.random(n) < SHARE_LOCATED)
    polygons = kabkota_polygons()
    order = np.argsort(r_i, kind="stable")
    edges = np.searchsorted(r_i[order], np.arange(len(codes) + 1))
    for k, code in enumerate(codes):
        rows = order[edges[k]:edges[k + 1]]
        rows = rows[located[rows]]
        if rows.size and code in polygons:
            lon[rows], lat[rows] = points_in(rng, polygons[code], rows.size)
    return lon, lat


def _times(seconds: np.ndarray) -> np.ndarray:
    """Times as ``datetime.time`` objects via a 288-entry lookup (times are on a 5-minute grid)."""
    from datetime import time

    lookup = np.array([time(s // 3600, s % 3600 // 60) for s in range(0, 86400, 300)] + [None], dtype=object)
    return lookup[np.where(seconds < 0, len(lookup) - 1, seconds // 300)]


def _frame(columns: dict) -> pd.DataFrame:
    # Keep text columns as object arrays: pandas 3 would otherwise convert a million Python
    # strings to Arrow and bulk_insert straight back (seconds of pure overhead).
    return pd.DataFrame({name: pd.Series(values, dtype=object) if isinstance(values, np.ndarray)
                         and values.dtype == object else values for name, values in columns.items()}, copy=False)
