"""Region boundaries for the maps, from ``static/geo/<level>.json``: read once per process, subset per view.

The boundaries are reference data shipped with the app (no network), simplified once per
level with a topology-preserving method (``scripts/simplify_geo.py``: neighbours share
their edges exactly), so even all 514 kab/kota stay under 1 MB. They live in the app's
static folder so the browser fetches a level's file once (:func:`level_url`) and every map
figure refers to it instead of carrying polygons; the server keeps the parsed features
(``st.cache_resource``) for labels, framing and the incident layer's outlines.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from services import boundaries
from services.boundaries import TOPOJSON_URL

# Sources and attribution: assets/geo/SOURCE.md (the simplified files are derived by scripts/simplify_geo.py).
GEO_DIR = Path(__file__).resolve().parent.parent / "static" / "geo"
LEVEL_FILES = {
    "provinsi": "provinsi.json",
    "kabkota": "kabkota.json",
    "kecamatan": "kecamatan.json",
}
FEATURE_ID_KEY = "properties.kode"   # where a level file's features carry their region code


@dataclass(frozen=True)
class Bounds:
    """Bounding box of some features (lon/lat degrees), with a centre and a map zoom that fits it."""

    west: float
    south: float
    east: float
    north: float

    @property
    def center(self) -> dict[str, float]:
        return {"lon": (self.west + self.east) / 2, "lat": (self.south + self.north) / 2}

    def zoom(self, width_px: int = 1200, height_px: int = 700) -> float:
        """Web-Mercator zoom at which the box fits a map of ``width_px`` × ``height_px``.

        MapLibre (plotly's ``map`` traces) and deck.gl use 512-pixel tiles: the world is 512·2^zoom px wide.
        """
        import math

        lon_span = max(self.east - self.west, 1e-6)
        lat_span = max(self.north - self.south, 1e-6)
        zoom_x = math.log2(width_px * 360 / (512 * lon_span))
        # Near the equator (Indonesia) latitude degrees are close to longitude degrees on Mercator.
        zoom_y = math.log2(height_px * 360 / (512 * lat_span))
        return max(1.0, min(zoom_x, zoom_y) - 0.1)


@st.cache_resource(show_spinner=False)
def _features(level: str) -> dict[str, dict]:
    """All features of one level keyed by region code (parsed once per process)."""
    path = GEO_DIR / LEVEL_FILES[level]
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["kode"]: f for f in data["features"]}


@st.cache_resource(show_spinner=False)
def level_url(level: str) -> str:
    """The URL the browser fetches ``level``'s boundaries from (the app's static files), versioned by content
    so a changed file is fetched anew."""
    path = GEO_DIR / LEVEL_FILES[level]
    version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{TOPOJSON_URL}geo/{LEVEL_FILES[level]}?v={version}"


def scope_property(level: str, scope_code: str | None) -> tuple[str, str] | None:
    """(feature property, code) that marks the features of ``level``'s file inside a scope (a province or a
    kab/kota code); None for the national scope (every feature is in it)."""
    if scope_code is None:
        return None
    if "." not in scope_code:
        return ("kode_prov", scope_code) if level in ("kabkota", "kecamatan") else ("kode", scope_code)
    return ("kode_kabkota", scope_code) if level == "kecamatan" else ("kode", scope_code)


def geo_level(code_depth: int) -> str:
    return ("provinsi", "kabkota", "kecamatan")[code_depth]


def available_codes(level: str) -> frozenset[str]:
    return frozenset(_features(level))


def feature_collection(level: str, codes: list[str] | tuple[str, ...]) -> dict:
    """A FeatureCollection of the given codes (unknown codes are skipped); ``id`` = the region code."""
    features = _features(level)
    out = []
    for code in codes:
        feature = features.get(code)
        if feature is not None:
            out.append({"type": "Feature", "id": code, "properties": {"kode": code},
                        "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": out}


@st.cache_resource(show_spinner=False)
def _label_points(level: str) -> dict[str, tuple[float, float]]:
    # shapely per polygon: a fifth of a cold map page when it was redone for every figure
    return boundaries.label_points(feature_collection(level, list(_features(level))))


def label_points(level: str, codes: list[str] | tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """The label point (lon, lat) of each known code of ``level`` (computed once per process)."""
    points = _label_points(level)
    return {code: points[code] for code in codes if code in points}


def _walk_coords(geometry: dict):
    coords = geometry["coordinates"]
    polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def bounds(collection: dict, *, robust: bool = False) -> Bounds | None:
    """Bounding box of every coordinate in ``collection`` (None when it is empty).

    ``robust=True`` frames only each feature's largest polygon, so a small map is not zoomed out
    to fit a scatter of tiny outlying islands (those are still drawn).
    """
    lons: list[float] = []
    lats: list[float] = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if robust:
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            geometry = {"type": "Polygon", "coordinates": max(polygons, key=lambda p: len(p[0]))}
        for lon, lat in _walk_coords(geometry):
            lons.append(lon)
            lats.append(lat)
    if not lons:
        return None
    return Bounds(min(lons), min(lats), max(lons), max(lats))


@st.cache_resource(show_spinner=False)
def _robust_boxes(level: str) -> dict[str, Bounds]:
    # each feature's box as bounds(robust=True) frames it, computed once per process
    return {code: bounds({"features": [feature]}, robust=True) for code, feature in _features(level).items()}


def level_bounds(level: str, codes: list[str] | tuple[str, ...]) -> Bounds | None:
    """``bounds(feature_collection(level, codes), robust=True)`` from boxes kept per process (no coordinate
    walk per view)."""
    boxes = _robust_boxes(level)
    known = [boxes[c] for c in codes if c in boxes and boxes[c] is not None]
    if not known:
        return None
    return Bounds(min(b.west for b in known), min(b.south for b in known), max(b.east for b in known),
                  max(b.north for b in known))


def centroids(collection: dict) -> dict[str, tuple[float, float]]:
    """Label point (lon, lat) per feature: the centre of its largest polygon's bounding box."""
    out = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        best = max(polygons, key=lambda p: len(p[0]))
        lons = [pt[0] for pt in best[0]]
        lats = [pt[1] for pt in best[0]]
        out[feature["id"]] = ((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    return out
