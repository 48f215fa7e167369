"""Every score a page shows equals services.risk's, computed here directly for the same view."""
from __future__ import annotations

import json
import re

import pytest

from data_access.db import make_engine
from domain import fmt
from domain.access import Scope
from domain.period import Month
from services import risk
from tests.pages.conftest import ANALIS, PIMPINAN_SULSEL, TODAY, no_exception
from ui import geo
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
    for trace in (t for t in spec["data"] if t["type"] == "choropleth"):   # the label trace names, not colours
        colour = trace["colorscale"][0][1]
        category = next(c for c, hexcode in RISK_COLOURS.items() if hexcode == colour)
        assert trace["name"].startswith(risk_label(category))  # the legend says what the colour means
        assert trace["geojson"] == geo.level_url("kabkota")  # the boundary file, not polygons
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


# --- index v2 (issue 10): as-of date, "Merah · 72 %", borderline marks, the concrete why -------------

def _badge_pattern_ok(text: str) -> bool:
    import re
    return re.fullmatch(r"(Merah|Kuning|Hijau) · \d{1,3} %( ◆ dekat ambang)?( \(!\) data belum lengkap)?", text) is not None


def test_ringkasan_shows_probability_borderline_why_and_as_of(page, scores):
    from ui import risk_text as RT
    at = page("ringkasan", PIMPINAN_SULSEL)
    no_exception(at)
    top10 = next(d.value for d in at.dataframe if T.TOP10_RANK in d.value.columns)
    expected = scores.sort_values("rank").head(10)
    badges = list(top10[T.TOP10_CATEGORY])
    assert all(_badge_pattern_ok(b) for b in badges)
    assert [b.replace(" " + T.INCOMPLETE_FLAG, "") for b in badges] == [RT.row_badge(r) for r in
                                                                      expected.to_dict("records")]
    first = expected.iloc[0]
    p = RT.category_probability(first["category"], first["p_merah"], first["p_hijau"])
    assert badges[0].startswith(f"{RT.short_label(first['category'])} · {round(100 * p)} %")
    # the driver column names the concrete driver with its number, not a component name
    assert list(top10[T.TOP10_DRIVER]) == [RT.why(d) for d in expected["drivers"]]
    assert any(ch.isdigit() for ch in top10[T.TOP10_DRIVER].iloc[0])
    assert any(c.value == RT.table_as_of_line(scores) and c.value.startswith("Dihitung per ") for c in at.caption)


def test_borderline_mark_appears_for_borderline_regions(page, scores):
    from ui import risk_text as RT
    at = page("metodologi", PIMPINAN_SULSEL)
    no_exception(at)
    table = next(d.value for d in at.dataframe if T.RISK_P_MERAH in d.value.columns)
    assert len(table) == len(scores)
    marked = {n for n, b in zip(table[T.TOP10_REGION], table[T.TOP10_CATEGORY]) if T.RISK_BORDERLINE in b}
    assert marked and marked == set(scores.loc[scores["borderline"].astype(bool), "name"])
    assert list(table[T.RISK_P_MERAH]) == [RT.percent_text(p) for p in scores["p_merah"]]
    text = "\n".join(m.value for m in at.markdown)
    m = risk.methodology()
    assert f"≥ **{fmt.number(m.kategori.floor_merah, 0)}**" in text and "Benjamini–Hochberg" in text


def test_profile_shows_badge_drivers_with_numbers_and_as_of(page, scores):
    from ui import risk_text as RT
    at = page("profil_wilayah", ANALIS, query={"region": "73.71"})
    no_exception(at)
    row = scores.set_index("region_code").loc["73.71"]
    assert next(m for m in at.metric if m.label == T.PROFIL_CATEGORY).value == \
        RT.badge(row["category"], row["p_merah"], row["p_hijau"])
    assert _badge_pattern_ok(next(m for m in at.metric if m.label == T.PROFIL_CATEGORY).value)
    assert any(T.RISK_BORDERLINE in c.value for c in at.caption) == bool(row["borderline"])
    drivers = next(m.value for m in at.markdown if m.value.startswith(f"**{T.PROFIL_DRIVERS}**"))
    for d in row["drivers"]:
        assert RT.why([d]).replace("&", "").split(" ")[0] in drivers
    assert any(c.value == RT.as_of_line(row["as_of"], row["data_as_of"]) for c in at.caption)


def test_map_hover_and_legend_carry_the_probability_and_the_why(page, scores):
    from ui import risk_text as RT
    at = page("peta_risiko", PIMPINAN_SULSEL)
    no_exception(at)
    chart = next(c for c in at.get("plotly_chart") if "peta_choropleth" in c.proto.id)
    custom = {p[0]: p for trace in json.loads(chart.proto.spec)["data"] if trace["type"] == "choropleth"
              for p in trace["customdata"]}
    by_code = scores.set_index("region_code")
    for code, point in custom.items():
        assert point[3] == RT.row_badge(by_code.loc[code])
        assert point[4] == RT.why(by_code.loc[code, "drivers"])
    legend = next(d.value for d in at.dataframe if T.TOP10_SCORE in d.value.columns)
    # the narrow legend column carries the borderline mark alone, explained under the table
    by_name = scores.set_index("name")
    assert list(legend[T.TOP10_CATEGORY]) == [
        RT.compact_badge(*by_name.loc[n, ["category", "p_merah", "p_hijau", "borderline"]])
        for n in legend[T.TOP10_REGION]]
    assert all(re.fullmatch(r"(Merah|Kuning|Hijau) · \d{1,3} %( ◆)?", b) for b in legend[T.TOP10_CATEGORY])
    borderline = scores["borderline"].fillna(False).astype(bool).any()
    assert (T.RISK_BORDERLINE_NOTE in [c.value for c in at.caption]) == borderline


def test_legend_paints_each_category_cell_and_shows_every_cell_as_written(page, scores):
    """The styled legend as Streamlit sends it: every cell's display value is its text, and the CSS paints the
    category cells (and only those) in their category's colour."""
    import pyarrow as pa

    at = page("peta_risiko", PIMPINAN_SULSEL)
    no_exception(at)
    element = next(d for d in at.dataframe if T.TOP10_SCORE in d.value.columns)
    legend, styler = element.value, element.proto.arrow_data.styler
    shown = pa.ipc.open_stream(styler.display_values).read_all().to_pandas()
    assert [list(map(str, row)) for row in shown[list(legend.columns)].itertuples(index=False)] == [
        list(map(str, row)) for row in legend.itertuples(index=False)]
    painted: dict[tuple[int, int], str] = {}
    for selectors, colour in re.findall(r"([^{}]+)\{ background-color: (#[0-9A-Fa-f]{6})", styler.styles):
        for row, col in re.findall(r"row(\d+)_col(\d+)", selectors):
            painted[(int(row), int(col))] = colour.upper()
    category_column = list(legend.columns).index(T.TOP10_CATEGORY)
    by_name = scores.set_index("name")
    assert painted == {(i, category_column): RISK_COLOURS[by_name.loc[name, "category"]].upper()
                       for i, name in enumerate(legend[T.TOP10_REGION])}


def test_trend_table_of_chosen_regions_shows_badge_and_why(page, scores):
    from ui import risk_text as RT
    at = page("tren", PIMPINAN_SULSEL)
    no_exception(at)
    table = next(d.value for d in at.dataframe if T.RISK_WHY in d.value.columns)
    top3 = scores.sort_values("rank").head(3)
    assert list(table[T.TOP10_REGION]) == list(top3["name"])
    assert list(table[T.TOP10_CATEGORY]) == [RT.row_badge(r) for r in top3.to_dict("records")]
    assert list(table[T.RISK_WHY]) == [RT.why(d, 2) for d in top3["drivers"]]


def test_trend_shows_published_scores_and_on_request_the_recomputed_ones(page, seeded_url):
    """Issue 10: history shows what was published at the time; "dihitung ulang" is a second, dashed series,
    each line exactly the stored snapshots of its series."""
    from data_access.db import make_engine
    from domain.access import Scope
    from services import risk

    at = page("tren", PIMPINAN_SULSEL)
    no_exception(at)

    def traces():
        chart = next(c for c in at.get("plotly_chart") if "tren_scores" in c.proto.id)
        return json.loads(chart.proto.spec)["data"]

    published = traces()
    assert all("dash" not in t.get("line", {}) for t in published)
    assert T.TREN_SCORES_SERIES_NOTE in [c.value for c in at.caption]
    at.toggle(key="tren_recomputed").set_value(True).run()
    no_exception(at)
    both = traces()
    dashed = [t for t in both if t.get("line", {}).get("dash") == "dash"]
    assert [t["name"] for t in dashed] == [T.SCORE_RECOMPUTED_LINE.format(region=t["name"]) for t in published]
    months = [Month.of(TODAY).shift(-i) for i in range(35, -1, -1)]
    with make_engine(seeded_url).connect() as conn:
        for series, line in (("terbit", published[0]), ("dihitung_ulang", dashed[0])):
            stored = risk.history_for(conn, PIMPINAN_SULSEL, Scope.for_region("73"), months, series=series)
            stored = stored[stored["name"] == published[0]["name"]].set_index("period")["score"]
            xs, ys = line["x"], _values(line["y"])
            assert len(xs) >= 2 and len(xs) == len(ys)
            for x, y in zip(xs, ys):
                assert abs(stored[str(x)[:7]] - y) < 1e-9, (series, x)


def _values(v) -> list[float]:
    if isinstance(v, dict):  # a typed array
        import base64

        import numpy as np
        return [float(x) for x in np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])]
    return [float(x) for x in v]
