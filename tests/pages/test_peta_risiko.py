"""Peta Risiko: every polygon of the scope drawn offline, coloured by its category; region choice opens the profile."""
from __future__ import annotations

import json

from ui import geo
from tests.pages.conftest import ANALIS, OPERATOR_GOWA, PIMPINAN_SULSEL, TODAY, no_exception


def figure(at, key: str = "peta_choropleth") -> dict:
    chart = next(c for c in at.get("plotly_chart") if key in (c.proto.id or ""))
    return json.loads(chart.proto.spec)


def locations(spec: dict) -> list[str]:
    return [loc for trace in spec["data"] if trace["type"] == "choropleth" for loc in trace["locations"]]


def categories(spec: dict) -> dict[str, str]:
    """Region code -> category label, named by the legend entry of the trace that draws its polygon."""
    return {code: t["name"].rsplit(" (", 1)[0] for t in spec["data"] if t["type"] == "choropleth"
            for code in t["locations"]}


def labels(spec: dict) -> list[str]:
    return [text for trace in spec["data"] if trace["type"] == "scattergeo" and trace.get("mode") == "text"
            for text in trace["text"]]


def test_sulsel_map_has_24_kabkota_and_no_tiles(page):
    at = page("peta_risiko", PIMPINAN_SULSEL)
    no_exception(at)
    spec = figure(at)
    codes = locations(spec)
    assert len(codes) == 24 and len(set(codes)) == 24 and all(c.startswith("73.") for c in codes)
    # An SVG geo map: no tile server, and its labels are SVG text, so no glyph server either.
    assert "map" not in spec["layout"] and spec["layout"]["geo"]["visible"] is False
    # no polygon in the figure: every category's trace names the kab/kota boundary file the browser fetches once
    polygons = [t for t in spec["data"] if t["type"] == "choropleth"]
    assert {(t["geojson"], t["featureidkey"]) for t in polygons} == {(geo.level_url("kabkota"), "properties.kode")}
    assert set(codes) <= geo.available_codes("kabkota")
    assert all("geojson" not in t for t in spec["data"] if t["type"] != "choropleth")
    assert all(t["name"].endswith(f"({len(t['locations'])})") for t in polygons)
    assert [t.get("mode") for t in spec["data"] if t["type"] == "scattergeo"].count("text") == 1
    assert at.get("deck_gl_json_chart"), "incident layer drawn"
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert "http" not in json.dumps(deck) and "mapProvider" not in deck  # no base map to fetch
    outline = next(layer for layer in deck["layers"] if layer["@@type"] == "GeoJsonLayer")
    assert outline["data"] == geo.level_url("kabkota")   # the boundary file the browser fetches once
    # the file holds every kab/kota: Sulsel's are filled, the neighbours drawn as faint outlines only
    assert outline["getFillColor"].startswith("@@=properties.kode_prov == '73' ?")


def test_scope_property_marks_the_features_of_a_scope():
    assert geo.scope_property("kabkota", None) is None
    assert geo.scope_property("kabkota", "73") == ("kode_prov", "73")
    assert geo.scope_property("kabkota", "73.06") == ("kode", "73.06")
    assert geo.scope_property("kecamatan", "73.06") == ("kode_kabkota", "73.06")
    assert geo.scope_property("provinsi", "73") == ("kode", "73")
    features = geo._features("kecamatan").values()
    assert all(f["properties"]["kode_kabkota"] == f["properties"]["kode"].rsplit(".", 1)[0] for f in features)


def test_operator_sees_only_own_region(page):
    at = page("peta_risiko", OPERATOR_GOWA)
    no_exception(at)
    assert locations(figure(at)) == ["73.06"]


def test_kecamatan_level(page):
    at = page("peta_risiko", PIMPINAN_SULSEL)
    at.session_state["peta_tingkat"] = "kecamatan"
    at.run()
    no_exception(at)
    codes = locations(figure(at))
    assert len(codes) > 100 and all(c.count(".") == 2 for c in codes)


def test_national_scope_draws_provinces(page):
    at = page("peta_risiko", ANALIS, query={"cakupan": "nasional"})
    no_exception(at)
    codes = locations(figure(at))
    assert len(codes) == 38 and all("." not in c for c in codes)


def test_national_scope_can_draw_all_514_kabkota_under_one_megabyte(page, seeded_url):
    """Issue 15: the national view draws every kab/kota, each polygon sent once, coloured by its stored category."""
    from data_access.db import make_engine
    from domain.access import Scope
    from domain.period import Month
    from services import risk

    at = page("peta_risiko", ANALIS, query={"cakupan": "nasional"})
    at.segmented_control(key="peta_tingkat_nas").set_value("kabkota").run()
    no_exception(at)
    spec = figure(at)
    assert len(locations(spec)) == 514
    assert len(json.dumps(spec, separators=(",", ":")).encode()) <= 1_000_000
    with make_engine(seeded_url).connect() as conn:
        stored = risk.scores_for(conn, ANALIS, Scope.national(), Month.of(TODAY), level="kabkota").table
    from ui.charts import risk_label
    seen = categories(spec)
    assert len(stored) == 24 and all(seen[c] == risk_label(k) for c, k in zip(stored["region_code"],
                                                                              stored["category"]))
    assert sum(1 for v in seen.values() if v == risk_label(None)) == 514 - 24   # no data: grey, said so


def test_every_page_runs_in_national_scope(page):
    for name in ("ringkasan", "tren", "insiden", "metodologi"):
        no_exception(page(name, ANALIS, query={"cakupan": "nasional"}))


def _z(trace) -> list[float]:
    z = trace["z"]
    if isinstance(z, dict):
        import base64

        import numpy as np
        return [float(v) for v in np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])]
    return [float(v) for v in z]


def test_colour_by_score_and_by_indicator(page, seeded_url):

    from data_access.dashboard import latest_indicator_values
    from data_access.db import make_engine
    from domain.period import Month
    from services import risk
    from domain.access import Scope

    at = page("peta_risiko", PIMPINAN_SULSEL)
    at.session_state["peta_warna"] = "score"
    at.run()
    no_exception(at)
    trace = figure(at)["data"][0]
    month = Month.of(TODAY)
    with make_engine(seeded_url).connect() as conn:
        scores = risk.scores_for(conn, PIMPINAN_SULSEL, Scope.for_region("73"), month).table
        values = latest_indicator_values(conn, PIMPINAN_SULSEL, as_of=month.last_day, benchmark_province="73")
    expected = dict(zip(scores["region_code"], scores["score"]))
    assert {c: round(v, 6) for c, v in zip(trace["locations"], _z(trace))} == \
        {c: round(expected[c], 6) for c in trace["locations"]}
    at.session_state["peta_warna"] = "indicator"
    at.run()
    indicator = at.selectbox(key="peta_indikator").value
    trace = figure(at)["data"][0]
    part = values[values["indicator_code"] == indicator].set_index("region_code")["value"]
    got = {c: v for c, v in zip(trace["locations"], _z(trace)) if v == v}
    assert got and got == {c: float(part[c]) for c in got}


def test_period_selector_shows_a_past_month_and_updates_the_shared_view(page, seeded_url):

    from data_access.db import make_engine
    from domain.access import Scope
    from domain.period import Month
    from services import risk

    past = Month.of(TODAY).shift(-6)
    at = page("peta_risiko", PIMPINAN_SULSEL)
    at.selectbox(key="peta_periode").select(past).run()
    no_exception(at)
    assert at.session_state["view_month"] == past
    with make_engine(seeded_url).connect() as conn:
        scores = risk.scores_for(conn, PIMPINAN_SULSEL, Scope.for_region("73"), past).table
    seen = categories(figure(at))
    from ui.charts import risk_label
    assert seen == \
        {c: risk_label(k) for c, k in zip(scores["region_code"], scores["category"])}


def test_regions_are_named_on_the_map_with_their_category_letter(page, seeded_url):
    """Issue 12: region names (those that fit) plus the category letter, riskiest first; every merah named."""
    from data_access.db import make_engine
    from domain.access import Scope
    from domain.period import Month
    from services import risk
    from services.briefing_figures import label_text

    at = page("peta_risiko", PIMPINAN_SULSEL)
    no_exception(at)
    shown = labels(figure(at))
    with make_engine(seeded_url).connect() as conn:
        scores = risk.scores_for(conn, PIMPINAN_SULSEL, Scope.for_region("73"), Month.of(TODAY)).table
    names = dict(zip(scores["region_code"], scores["name"]))
    expected = {label_text(names[c], k) for c, k in zip(scores["region_code"], scores["category"])}
    assert len(shown) >= 12 and len(set(shown)) == len(shown) and set(shown) <= expected
    merah = [c for c, k in zip(scores["region_code"], scores["category"]) if k == "merah"]
    assert merah and all(label_text(names[c], "merah") in shown for c in merah)
    assert all(text.endswith((" (M)", " (K)", " (H)", " (–)")) for text in shown)
