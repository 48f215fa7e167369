"""Every plotly figure the pages send passes plotly's validation unchanged.

The app builds its figures without plotly's per-property validation (``ui.charts.new_figure``,
``ui.maps.cached_choropleth``: it was most of a chart's cost). Here each figure as sent to the browser is
validated the slow way: a property plotly would refuse fails the test, and so does any value validation
would have changed (what the browser draws would then differ from what plotly promises).
"""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from tests.pages.conftest import ANALIS, PIMPINAN_SULSEL, no_exception

PAGES = [
    ("peta_risiko", ANALIS, {}),
    ("tren", ANALIS, {}),
    ("profil_wilayah", ANALIS, {"region": "73.71"}),
    ("metodologi", PIMPINAN_SULSEL, {}),
]


def _sent(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _check(figures: list[dict]) -> None:
    for spec in figures:
        sent = {"data": spec.get("data", []), "layout": spec.get("layout", {})}
        validated = go.Figure(sent)          # validates every property: raises on one plotly refuses
        assert json.loads(validated.to_json()) == sent, spec.get("layout", {}).get("title")


@pytest.mark.parametrize("name, principal, query", PAGES, ids=[p[0] for p in PAGES])
def test_figures_pass_plotly_validation_unchanged(page, name, principal, query):
    at = page(name, principal, query=query)
    no_exception(at)
    figures = _sent(at)
    assert figures, f"{name} drew no plotly figure"
    _check(figures)


def test_the_score_coloured_map_passes_validation_unchanged(page):
    at = page("peta_risiko", ANALIS)
    at.session_state["peta_warna"] = "score"
    at.run()
    no_exception(at)
    figures = _sent(at)
    assert any(t.get("colorscale") for spec in figures for t in spec["data"] if t["type"] == "choropleth")
    _check(figures)
