"""Tren page: chart data equal direct aggregates, filters change them, the URL carries the filters."""
from __future__ import annotations

import json
from datetime import timedelta

from data_access import incidents
from data_access.db import make_engine
from domain.filters import IncidentFilter
from tests.pages.conftest import ANALIS, TODAY, no_exception
from ui import texts as T


def _spec(at, key: str) -> dict:
    chart = next(c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id)
    return json.loads(chart.proto.spec)


def _bars(at) -> dict[str, int]:
    """Total of every category's bars in the stacked chart, read from the figure the page sent."""
    return {trace["name"]: _sum(trace["y"]) for trace in _spec(at, "tren_counts")["data"]}


def _lines(at, key: str) -> dict[str, list[float]]:
    """Every line of a line chart: {legend name: y values}, as the page sent them."""
    return {t["name"]: _values(t["y"]) for t in _spec(at, key)["data"]}


def _values(values) -> list[float]:
    if isinstance(values, dict):
        import base64

        import numpy as np
        return [float(v) for v in np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])]
    return [float(v) for v in values]


def _top_and_rest(counts: dict[str, int], n: int = 6) -> dict[str, int]:
    """Hand rule of the chart: the n largest categories by name, everything else summed as one group."""
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    out = {c: counts[c] for c in ranked[:n]}
    if len(ranked) > n + 1:
        out[T.TREN_OTHER] = sum(counts[c] for c in ranked[n:])
    else:
        out.update({c: counts[c] for c in ranked[n:]})
    return out


def _sum(values) -> float:
    if isinstance(values, dict):  # plotly's typed-array encoding
        import base64

        import numpy as np
        return float(np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).sum())
    return float(sum(values))


def _flt(**extra) -> IncidentFilter:
    return IncidentFilter(date_from=(TODAY - timedelta(days=1095)).replace(day=1), date_to=TODAY, region_codes=("73",), **extra)


def test_stacked_counts_equal_the_database(page, seeded_url):
    at = page("tren")
    no_exception(at)
    with make_engine(seeded_url).connect() as conn:
        expected = incidents.aggregate(conn, ANALIS, _flt(), ("category",))
    from domain.taxonomy import taxonomy
    labels = taxonomy().labels("category")
    counts = {labels[r.category]: r.incidents for r in expected.itertuples()}
    assert len(counts) == 11
    assert _bars(at) == _top_and_rest(counts)             # 6 named categories + "lainnya"
    assert all(t.get("showlegend") is True for t in _spec(at, "tren_counts")["data"])


def test_filter_changes_numbers_and_url(page, seeded_url):
    at = page("tren")
    at.multiselect(key="tren_arena").select("maya").run()
    no_exception(at)
    with make_engine(seeded_url).connect() as conn:
        maya = incidents.count_incidents(conn, ANALIS, _flt(arenas=("maya",)))
        everything = incidents.count_incidents(conn, ANALIS, _flt())
    assert 0 < maya < everything
    assert sum(_bars(at).values()) == maya


def test_url_restores_filters(page, seeded_url):
    at = page("tren", query={"tren_kategori": "Politik, pemilu & pilkada", "tren_arena": "Nyata (luring)"})
    no_exception(at)
    assert at.multiselect(key="tren_kategori").value == ["politik_pemilu"]
    assert at.multiselect(key="tren_arena").value == ["nyata"]
    assert list(_bars(at)) == ["Politik, pemilu & pilkada"]
    # a single category keeps its legend
    spec = _spec(at, "tren_counts")
    assert spec["data"][0]["showlegend"] is True and spec["layout"]["showlegend"] is True


def test_per_100k_toggle_divides_by_population(page, seeded_url):
    at = page("tren")
    counts = sum(_bars(at).values())
    at.toggle(key="tren_per100k").set_value(True).run()
    no_exception(at)
    from sqlalchemy import select

    from data_access.models import Region
    with make_engine(seeded_url).connect() as conn:
        population = conn.execute(select(Region.population).where(Region.code == "73")).scalar_one()
    assert abs(sum(_bars(at).values()) - counts / population * 100_000) < 1e-6


def _month_index(flt: IncidentFilter) -> list:
    import pandas as pd

    from domain.period import Month
    return [pd.Timestamp(m.first_day) for m in Month.of(flt.date_from).range_to(Month.of(flt.date_to))]


def test_comparison_draws_one_line_per_region_equal_to_the_database(page, seeded_url):
    chosen = ["73.71", "73.06", "73.08"]
    at = page("tren")
    at.multiselect(key="tren_wilayah").set_value(chosen).run()
    no_exception(at)
    lines = _lines(at, "tren_compare")
    assert list(lines) == ["Kota Makassar", "Kab. Gowa", "Kab. Bone"]
    flt = _flt()
    months = _month_index(flt)
    from dataclasses import replace
    with make_engine(seeded_url).connect() as conn:
        for code, name in zip(chosen, lines):
            rows = incidents.aggregate(conn, ANALIS, replace(flt, region_codes=(code,)), ("month",))
            per_month = dict(zip(rows["month"], rows["incidents"]))
            assert lines[name] == [float(per_month.get(m, 0)) for m in months], name
    # the score chart follows the region filter
    assert list(_lines(at, "tren_scores")) == ["Kota Makassar", "Kab. Gowa", "Kab. Bone"]


def test_comparison_per_100k_divides_each_region_by_its_own_population(page, seeded_url):
    from sqlalchemy import select

    from data_access.models import Region
    at = page("tren")
    at.multiselect(key="tren_wilayah").set_value(["73.71", "73.06"]).run()
    at.toggle(key="tren_per100k").set_value(True).run()
    no_exception(at)
    lines = _lines(at, "tren_compare")
    flt = _flt()
    from dataclasses import replace
    with make_engine(seeded_url).connect() as conn:
        for code, name in (("73.71", "Kota Makassar"), ("73.06", "Kab. Gowa")):
            people = conn.execute(select(Region.population).where(Region.code == code)).scalar_one()
            total = incidents.count_incidents(conn, ANALIS, replace(flt, region_codes=(code,)))
            assert abs(sum(lines[name]) - total / people * 100_000) < 1e-6


def test_region_filter_is_limited_to_six(page):
    at = page("tren")
    assert at.multiselect(key="tren_wilayah").proto.max_selections == 6


def test_arena_split_has_a_line_per_arena_equal_to_the_database(page, seeded_url):
    at = page("tren")
    no_exception(at)
    lines = _lines(at, "tren_arena_split")
    flt = _flt()
    with make_engine(seeded_url).connect() as conn:
        for code, name in (("nyata", "Nyata (luring)"), ("maya", "Maya (siber)")):
            assert sum(lines[name]) == incidents.count_incidents(conn, ANALIS, replace_arena(flt, code))
    assert sum(lines["Nyata (luring)"]) > sum(lines["Maya (siber)"]) > 0


def replace_arena(flt: IncidentFilter, arena: str) -> IncidentFilter:
    from dataclasses import replace
    return replace(flt, arenas=(arena,))


def test_score_chart_without_a_region_filter_shows_the_three_riskiest(page, seeded_url):
    from domain.access import Scope
    from domain.period import Month
    from services import risk
    at = page("tren")
    with make_engine(seeded_url).connect() as conn:
        table = risk.scores_for(conn, ANALIS, Scope.for_region("73"), Month.of(TODAY)).table
    assert list(_lines(at, "tren_scores")) == list(table.sort_values("rank")["name"].head(3))
    assert T.TREN_SCORE_DEFAULT in [c.value for c in at.caption]


def test_tren_export_has_indonesian_headers_and_sums_to_the_chart(page, seeded_url):
    from ui import exports as X
    at = page("tren")
    no_exception(at)
    assert [b.proto.label for b in at.get("download_button")] == [T.EXPORT_CSV, T.EXPORT_XLSX]
    with make_engine(seeded_url).connect() as conn:
        rows = incidents.aggregate(conn, ANALIS, _flt(), ("month", "kabkota_code", "category", "arena"))
    table = X.trend_export_frame(rows, {"73.71": "Kota Makassar"}, {"73.71": 1_000_000.0})
    H = T.TREN_EXPORT_HEADERS
    assert list(table.columns) == list(H.values())
    assert table[H["incidents"]].sum() == sum(_bars(at).values())
    assert set(table[H["arena"]]) == {"Nyata (luring)", "Maya (siber)"}
    assert set(table[H["arena_code"]]) == {"nyata", "maya"}
    mks = table[table[H["region_code"]] == "73.71"]
    assert set(mks[H["region"]]) == {"Kota Makassar"}
    assert abs(mks[H["rate"]].sum() - mks[H["incidents"]].sum() / 10) < 0.01
