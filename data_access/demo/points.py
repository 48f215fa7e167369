"""Deterministic random points inside boundary polygons (rejection sampling): Sulsel kecamatan, every kab/kota."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from data_access.reference import GEO_DIR

KECAMATAN_FILE: Path = GEO_DIR / "sulsel_kecamatan.geojson"
KABKOTA_FILE: Path = GEO_DIR / "idn_kabkota.geojson"


@lru_cache(maxsize=1)
def kecamatan_polygons() -> dict[str, BaseGeometry]:
    """``{kode: polygon}`` of every Sulsel kecamatan (read once per process)."""
    import geopandas as gpd

    frame = gpd.read_file(KECAMATAN_FILE)
    return {str(code): geom for code, geom in zip(frame["kode"], frame.geometry)}


@lru_cache(maxsize=1)
def kabkota_polygons() -> dict[str, BaseGeometry]:
    """``{kode: polygon}`` of every kab/kota of Indonesia (read once per process)."""
    features = json.loads(KABKOTA_FILE.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["kode"]: shapely.geometry.shape(f["geometry"]) for f in features}


def points_in(rng: np.random.Generator, polygon: BaseGeometry, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uniform points inside ``polygon`` as (lon, lat); bounds-box rejection keeps it exact."""
    if n == 0:
        return np.empty(0), np.empty(0)
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    xs, ys = [], []
    found = 0
    while found < n:
        # Coastal/island kecamatan fill little of their box: over-draw so one pass usually suffices.
        m = max(4 * (n - found), 32)
        x = rng.uniform(minx, maxx, m)
        y = rng.uniform(miny, maxy, m)
        inside = shapely.contains_xy(polygon, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        found += int(inside.sum())
    return np.concatenate(xs)[:n], np.concatenate(ys)[:n]
