"""Prepare the map boundaries once: topology-preserving simplification per level (shapely coverage_simplify).

Neighbouring regions share their simplified edges exactly (no gaps, no overlaps), and
coordinates are snapped to a 0.001° grid (≈ 110 m), so the national map of all 514 kab/kota
fits in well under 1 MB. Writes ``static/geo/<level>.json`` (served to the browser as is); the app reads only these.

    .venv/bin/python scripts/simplify_geo.py
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

GEO_DIR = Path(__file__).resolve().parent.parent / "assets" / "geo"
OUT_DIR = GEO_DIR.parent.parent / "static" / "geo"
# level -> (source file, tolerance in degrees, grid size in degrees)
LEVELS = {
    "provinsi": ("idn_provinsi.geojson", 0.03, 1e-3),
    "kabkota": ("idn_kabkota.geojson", 0.025, 1e-3),
    "kecamatan": ("sulsel_kecamatan.geojson", 0.004, 1e-4),
}


def simplify_level(level: str) -> dict:
    """The level's FeatureCollection with simplified, valid geometries (``properties`` kept)."""
    source, tolerance, grid = LEVELS[level]
    data = json.loads((GEO_DIR / source).read_text(encoding="utf-8"))
    geoms = np.array([shape(f["geometry"]) for f in data["features"]], dtype=object)
    simple = shapely.set_precision(shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True), grid)
    if shapely.is_empty(simple).any() or not shapely.is_valid(simple).all():
        raise ValueError(f"{level}: penyederhanaan menghasilkan geometri kosong/tidak sah")
    features = [{"type": "Feature", "properties": f["properties"], "geometry": mapping(g)}
                for f, g in zip(data["features"], simple)]
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    OUT_DIR.mkdir(exist_ok=True)
    for level in LEVELS:
        text = json.dumps(simplify_level(level), separators=(",", ":"))
        (OUT_DIR / f"{level}.json").write_text(text, encoding="utf-8")
        print(f"{level}: {len(text) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
