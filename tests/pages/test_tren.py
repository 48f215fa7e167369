"""Tren page: chart data equal direct aggregates, filters change them, the URL carries the filters."""
from __future__ import annotations

import json
from datetime import timedelta

from data_access import incidents
from data_access.db import make_engine
from domain.filters import IncidentFilter
from tests.pages.conftest import ANALIS, TODAY, no_exception


def _bars(at) -> dict[str, int]:
    """Total of every category's bars in the stacked chart, read from the figure the page sent."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id and "tren_counts" in c.proto.id)
    spec = json.loads(chart.proto.spec)
    return {trace["name"]: _sum(trace["y"]) for trace in spec["data"]}


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
    assert _bars(at) == {labels[r.category]: r.incidents for r in expected.itertuples()}


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
