"""Peta Risiko: every polygon of the scope drawn offline, coloured by its category; region choice opens the profile."""
from __future__ import annotations

import json

from tests.pages.conftest import ANALIS, OPERATOR_GOWA, PIMPINAN_SULSEL, no_exception


def figure(at, key: str = "peta_choropleth") -> dict:
    chart = next(c for c in at.get("plotly_chart") if key in (c.proto.id or ""))
    return json.loads(chart.proto.spec)


def locations(spec: dict) -> list[str]:
    return [loc for trace in spec["data"] for loc in trace["locations"]]


def test_sulsel_map_has_24_kabkota_and_no_tiles(page):
    at = page("peta_risiko", PIMPINAN_SULSEL)
    no_exception(at)
    spec = figure(at)
    codes = locations(spec)
    assert len(codes) == 24 and len(set(codes)) == 24 and all(c.startswith("73.") for c in codes)
    assert spec["layout"]["map"]["style"] == "white-bg"  # no tile server, no glyphs: works offline
    assert all(t["type"] == "choroplethmap" for t in spec["data"])
    assert at.get("deck_gl_json_chart"), "incident layer drawn"
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert "http" not in json.dumps(deck) and "mapProvider" not in deck  # no base map to fetch


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
