"""Placing events by coordinates: a vectorised point-in-polygon join on the kab/kota boundaries
(and the Sulawesi Selatan kecamatan boundaries), with a shapely STRtree.

The boundaries are simplified, so a coastal point can fall just outside its polygon; a point
within ``NEAR_DEGREES`` of a polygon is placed there and flagged as near. Anything farther is
outside Indonesia (Timor-Leste, the sea, another country).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree

GEO_DIR = Path(__file__).resolve().parents[2] / "assets" / "geo"
KABKOTA_FILE = GEO_DIR / "idn_kabkota.geojson"
KECAMATAN_FILE = GEO_DIR / "sulsel_kecamatan.geojson"
NEAR_DEGREES = 0.05   # about 5.5 km: simplified coastlines, not a neighbouring country


@dataclass(frozen=True)
class _Layer:
    codes: np.ndarray
    tree: STRtree

    @classmethod
    def read(cls, path: Path) -> "_Layer":
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        geometries = np.array([shapely.geometry.shape(f["geometry"]) for f in features], dtype=object)
        shapely.prepare(geometries)   # prepared polygons answer "contains this point" several times faster
        return cls(np.array([f["properties"]["kode"] for f in features], dtype=object), STRtree(geometries))

    def within(self, points: np.ndarray) -> np.ndarray:
        """Code of the polygon each point lies in (None where none).

        The same pairs as ``tree.query(points, predicate="within")``: candidates by bounding box, then
        the prepared polygon's ``contains`` (a point is within a polygon exactly when it contains it).
        """
        out = np.full(len(points), None, dtype=object)
        point_index, polygon_index = self.tree.query(points)
        inside = shapely.contains(self.tree.geometries[polygon_index], points[point_index])
        out[point_index[inside]] = self.codes[polygon_index[inside]]
        return out


@dataclass(frozen=True)
class Placement:
    kabkota: np.ndarray     # code or None (outside Indonesia / no coordinates)
    kecamatan: np.ndarray   # code or None (only where kecamatan boundaries exist)
    near: np.ndarray        # bool: placed on the nearest polygon, not inside one


@lru_cache(maxsize=1)
def _layers() -> tuple[_Layer, _Layer]:
    # Read once per process: the boundaries are reference data shipped with the app.
    return _Layer.read(KABKOTA_FILE), _Layer.read(KECAMATAN_FILE)


def place(lat: np.ndarray, lon: np.ndarray) -> Placement:
    """Kab/kota (and kecamatan) of each point; NaN coordinates give None."""
    kabkota_layer, kecamatan_layer = _layers()
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    valid = ~(np.isnan(lat) | np.isnan(lon))
    points = np.full(len(lat), None, dtype=object)
    points[valid] = shapely.points(lon[valid], lat[valid])
    kabkota = np.full(len(lat), None, dtype=object)
    kecamatan = np.full(len(lat), None, dtype=object)
    near = np.zeros(len(lat), dtype=bool)
    index = np.flatnonzero(valid)
    if len(index):
        kabkota[index] = kabkota_layer.within(points[index])
        missing = index[[kabkota[i] is None for i in index]]
        if len(missing):
            point_index, polygon_index = kabkota_layer.tree.query_nearest(
                points[missing], max_distance=NEAR_DEGREES, all_matches=False)
            kabkota[missing[point_index]] = kabkota_layer.codes[polygon_index]
            near[missing[point_index]] = True
        kecamatan[index] = kecamatan_layer.within(points[index])
    return Placement(kabkota, kecamatan, near)
