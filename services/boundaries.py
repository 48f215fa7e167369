"""Region outlines from ``assets/geo`` for the briefing map (page and pack), wound for d3/plotly ``geo``.

Plotly's ``geo`` subplots (SVG, drawn by d3) need clockwise exterior rings; the shipped
GeoJSON follows RFC 7946 (counter-clockwise), so each polygon is re-oriented here.
"""
from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

GEO_DIR = Path(__file__).resolve().parent.parent / "assets" / "geo"
LEVEL_FILES = {"provinsi": "idn_provinsi.geojson", "kabkota": "idn_kabkota.geojson"}
# A world topology with no shapes: plotly.js asks for one before drawing any ``geo`` subplot.
# Served by the app (static/) and handed to kaleido, so no request leaves the machine.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
TOPOJSON_URL = "/app/static/"


def _clockwise(geometry: dict) -> dict:
    geom = shape(geometry)
    if geom.geom_type == "Polygon":
        geom = orient(geom, sign=-1.0)
    elif geom.geom_type == "MultiPolygon":
        geom = type(geom)([orient(p, sign=-1.0) for p in geom.geoms])
    return mapping(geom)


def collection(level: str, codes: list[str] | tuple[str, ...]) -> dict:
    """FeatureCollection (``id`` = region code) of the given codes at ``provinsi`` or ``kabkota`` level.

    Raises ``FileNotFoundError`` when the boundary file is missing (never an empty map).
    """
    data = json.loads((GEO_DIR / LEVEL_FILES[level]).read_text(encoding="utf-8"))
    wanted = set(codes)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f["properties"]["kode"], "properties": {"kode": f["properties"]["kode"]},
         "geometry": _clockwise(f["geometry"])}
        for f in data["features"] if f["properties"]["kode"] in wanted]}


def label_points(features: dict) -> dict[str, tuple[float, float]]:
    """A point inside each feature's largest polygon (lon, lat), where its label goes."""
    out = {}
    for feature in features["features"]:
        geom = shape(feature["geometry"])
        largest = max(geom.geoms, key=lambda p: p.area) if geom.geom_type == "MultiPolygon" else geom
        point = largest.representative_point()
        out[feature["id"]] = (point.x, point.y)
    return out
