"""Maps: boundaries simplified once per level without breaking shared edges; the national view of all
514 kab/kota fits in 1 MB with its geometry sent once, and a page's figure names the boundary file the
browser fetches (once) instead of carrying polygons."""
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
        data = json.loads((OUT_DIR / f"{level}.json").read_text(encoding="utf-8"))
        geoms = [shape(f["geometry"]) for f in data["features"]]
        assert all(g.is_valid and not g.is_empty for g in geoms)
        # a coverage: no two regions overlap after simplification (shared edges were simplified once)
        assert shapely.coverage_is_valid(shapely.GeometryCollection(geoms)), level


def test_page_figure_of_all_514_kabkota_names_the_served_boundary_file_of_under_one_megabyte():
    codes = sorted(geo.available_codes("kabkota"))
    frame = _national_frame(codes).assign(badge="")
    collection = geo.feature_collection("kabkota", codes)
    spec = maps.cached_choropleth("kabkota", frame, mode="category", bounds=geo.bounds(collection, robust=True)
                                  ).to_plotly_json()
    polygons = [t for t in spec["data"] if t["type"] == "choropleth"]
    assert sorted(c for t in polygons for c in t["locations"]) == codes
    url = geo.level_url("kabkota")
    assert {t["geojson"] for t in polygons} == {url} and url.startswith("/app/static/geo/kabkota.json?v=")
    # the figure itself is small; the file it names is what the browser fetches once (static/ is served)
    assert len(json.dumps(spec, default=str, separators=(",", ":")).encode()) < 150_000
    served = geo.GEO_DIR / "kabkota.json"
    assert served.parent.parent.name == "static" and served.stat().st_size <= 1_000_000
    file_codes = {f["properties"]["kode"] for f in json.loads(served.read_text(encoding="utf-8"))["features"]}
    assert file_codes == set(codes)


def test_level_bounds_frame_what_bounds_of_the_collection_frames():
    for level in ("provinsi", "kabkota", "kecamatan"):
        codes = sorted(geo.available_codes(level))
        for subset in (codes, codes[::7], codes[:1], [codes[0], "99.99"]):
            expected = geo.bounds(geo.feature_collection(level, subset), robust=True)
            assert geo.level_bounds(level, subset) == expected, (level, len(subset))
    assert geo.level_bounds("kabkota", ["99.99"]) is None


def test_incident_deck_json_is_pydecks_own_without_indentation():
    import pydeck as pdk

    grid = pd.DataFrame({"lon": [119.25, 120.75], "lat": [-5.25, -3.75], "incidents": [12, 3], "deaths": [1, 0],
                         "injuries": [4, 0]})
    deck = maps.incident_deck(grid, geo.level_url("kabkota"), geo.level_bounds("kabkota", ["73.71"]), 0.5,
                              in_scope=("kode_prov", "73"))
    compact = deck.to_json()
    assert "\n" not in compact
    assert json.loads(compact) == json.loads(pdk.Deck.to_json(deck))   # pydeck's own serialisation
    assert deck.mapbox_key is None and deck.google_maps_key is None and deck.carto_key is None  # offline
    cells = next(layer for layer in json.loads(compact)["layers"] if layer["@@type"] == "GridCellLayer")
    assert [(c["label"], c["casualties"]) for c in cells["data"]] == [("12", "1 / 4"), ("3", "0 / 0")]
    # the colour is a deck.gl expression of the cell's count (the busiest cell opaque); its syntax is Python's too
    fill = cells["getFillColor"].removeprefix("@@=")
    assert [eval(fill, {"__builtins__": {}}, {"incidents": c["incidents"]}) for c in cells["data"]] == [
        [179, 38, 30, 255], [179, 38, 30, 80 + 175 * 3 / 12]]
    busy = pd.DataFrame({"lon": [119.25], "lat": [-5.25], "incidents": [1234], "deaths": [0], "injuries": [1500]})
    record = json.loads(maps.incident_deck(busy, geo.level_url("kabkota"), None, 0.5).to_json())["layers"][1]["data"][0]
    assert (record["label"], record["casualties"]) == ("1.234", "0 / 1.500")


def test_the_cached_map_follows_every_change_of_what_it_draws():
    """The figure cache is keyed by a digest of the frame: any changed cell is a different map, an equal frame
    the same one (and a frame equal in content but built anew reuses it)."""
    codes = sorted(geo.available_codes("provinsi"))
    frame = _national_frame(codes).assign(badge="")
    bounds = geo.level_bounds("provinsi", codes)

    def categories(f: pd.DataFrame) -> dict[str, str]:
        spec = maps.cached_choropleth("provinsi", f, mode="category", bounds=bounds).to_plotly_json()
        return {code: trace["name"].split(" (")[0] for trace in spec["data"] if trace["type"] == "choropleth"
                for code in trace["locations"]}   # the trace name without its count

    before = categories(frame)
    changed = frame.copy()
    changed.loc[0, "category"] = "hijau" if frame.loc[0, "category"] != "hijau" else "merah"
    after = categories(changed)
    assert after[codes[0]] != before[codes[0]] and {c: n for c, n in after.items() if c != codes[0]} == {
        c: n for c, n in before.items() if c != codes[0]}
    assert categories(frame.copy()) == before
    assert maps.frame_digest(frame) == maps.frame_digest(frame.copy()) != maps.frame_digest(changed)
    renamed = frame.assign(value=2.0)
    assert maps.frame_digest(renamed) != maps.frame_digest(frame)
