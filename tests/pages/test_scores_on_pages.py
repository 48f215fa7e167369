"""Every score a page shows equals services.risk's, computed here directly for the same view."""
from __future__ import annotations

import json

import pytest

from data_access.db import make_engine
from domain import fmt
from domain.access import Scope
from domain.period import Month
from services import risk
from tests.pages.conftest import ANALIS, PIMPINAN_SULSEL, TODAY, no_exception
from ui import texts as T
from ui.charts import RISK_COLOURS, risk_label

SULSEL = Scope.for_region("73")


@pytest.fixture(scope="module")
def scores(seeded_url):
    with make_engine(seeded_url).connect() as conn:
        return risk.scores_for(conn, PIMPINAN_SULSEL, SULSEL, Month.of(TODAY)).table


def test_top10_first_row_is_scorings_top_region(page, scores):
    at = page("ringkasan", PIMPINAN_SULSEL)
    no_exception(at)
    top10 = next(d.value for d in at.dataframe if T.TOP10_RANK in d.value.columns)
    expected = scores.sort_values("rank").head(10)
    assert len(top10) == 10
    assert top10.iloc[0][T.TOP10_REGION] == expected.iloc[0]["name"]
    assert list(top10[T.TOP10_REGION]) == list(expected["name"])
    assert list(top10[T.TOP10_SCORE]) == [fmt.number(s, 1) for s in expected["score"]]
    for category in ("merah", "kuning", "hijau"):
        card = next(m for m in at.metric if m.label == T.KPI_REGIONS.format(category=risk_label(category)))
        assert card.value == fmt.number(int((scores["category"] == category).sum()))


def test_choropleth_colours_each_of_24_regions_by_its_category(page, scores):
    at = page("peta_risiko", PIMPINAN_SULSEL)
    no_exception(at)
    chart = next(c for c in at.get("plotly_chart") if "peta_choropleth" in c.proto.id)
    spec = json.loads(chart.proto.spec)
    category_of = dict(zip(scores["region_code"], scores["category"]))
    seen = {}
    for trace in spec["data"]:
        colour = trace["colorscale"][0][1]
        category = next(c for c, hexcode in RISK_COLOURS.items() if hexcode == colour)
        assert trace["name"].startswith(risk_label(category))  # the legend says what the colour means
        for code in trace["locations"]:
            seen[code] = category
    assert len(seen) == 24
    assert seen == category_of


def test_profile_header_shows_the_regions_score_and_rank(page, scores):
    at = page("profil_wilayah", ANALIS, query={"region": "73.71"})
    no_exception(at)
    row = scores.set_index("region_code").loc["73.71"]
    assert next(m for m in at.metric if m.label == T.PROFIL_SCORE).value == fmt.number(row["score"], 1)
    assert next(m for m in at.metric if m.label == T.PROFIL_RANK).value.startswith(f"{int(row['rank'])} dari 24")


def test_trend_score_lines_start_with_the_three_riskiest(page, scores):
    at = page("tren", PIMPINAN_SULSEL)
    no_exception(at)
    chart = next(c for c in at.get("plotly_chart") if "tren_scores" in c.proto.id)
    names = [trace["name"] for trace in json.loads(chart.proto.spec)["data"]]
    assert names == list(scores.sort_values("rank")["name"].head(3))


def test_methodology_uncertainty_covers_every_region(page):
    at = page("metodologi", PIMPINAN_SULSEL)
    no_exception(at)
    chart = next(c for c in at.get("plotly_chart") if "meth_uncertainty" in c.proto.id)
    assert len(json.loads(chart.proto.spec)["data"][0]["y"]) == 24
