"""Maps: boundaries simplified once per level without breaking shared edges; the national view of all
514 kab/kota fits in 1 MB with its geometry sent once."""
from __future__ import annotations

import json

import pandas as pd
import shapely
from shapely.geometry import shape

from ui import geo, maps


def _national_frame(codes: list[str]) -> pd.DataFrame:
    cats = ["merah", "kuning", "hijau", None]
    return pd.DataFrame({"region_code": codes, "name": codes, "score": [50.0] * len(codes),
                         "category": [cats[i % 4] for i in range(len(codes))], "top_driver": ["—"] * len(codes),
                         "value_text": [""] * len(codes), "value": [1.0] * len(codes)})


def test_all_514_kabkota_each_polygon_sent_once_under_one_megabyte():
    codes = sorted(geo.available_codes("kabkota"))
    assert len(codes) == 514
    collection = geo.feature_collection("kabkota", codes)
    figure = maps.choropleth(collection, _national_frame(codes), mode="category",
                             bounds=geo.bounds(collection, robust=True))
    spec = figure.to_plotly_json()
    sent = json.dumps(spec, default=str, separators=(",", ":"))
    assert len(sent.encode()) <= 1_000_000
    sent = [f["id"] for t in spec["data"] if t.get("geojson") for f in t["geojson"]["features"]]
    assert sorted(sent) == codes                # every polygon once, in the trace of its category


def test_simplified_neighbours_still_share_their_edges_and_stay_valid():
    from scripts.simplify_geo import LEVELS, OUT_DIR

    for level in LEVELS:
        data = json.loads((OUT_DIR / f"{level}.geojson").read_text(encoding="utf-8"))
        geoms = [shape(f["geometry"]) for f in data["features"]]
        assert all(g.is_valid and not g.is_empty for g in geoms)
        # a coverage: no two regions overlap after simplification (shared edges were simplified once)
        assert shapely.coverage_is_valid(shapely.GeometryCollection(geoms)), level
