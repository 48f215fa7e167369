"""Profil Wilayah: a URL opens that region; unknown or out-of-scope regions show a message and no data."""
from __future__ import annotations

import json

from data_access import handling, incidents
from data_access.db import make_engine
from domain import fmt
from domain.filters import IncidentFilter
from tests.pages.conftest import ANALIS, OPERATOR_GOWA, no_exception
from ui import texts as T


def test_url_opens_kota_makassar(page, seeded_url):
    at = page("profil_wilayah", ANALIS, query={"region": "73.71"})
    no_exception(at)
    assert at.header[0].value == "Kota Makassar"
    with make_engine(seeded_url).connect() as conn:
        total = incidents.count_incidents(conn, ANALIS, IncidentFilter(region_codes=("73.71",)))
    assert any(m.value.startswith(f"**{fmt.number(total)}** insiden") for m in at.markdown)
    # Breadcrumbs: province link, then the region itself.
    assert [link.label for link in at.get("page_link")][:1] == ["Sulawesi Selatan"]
    # The handling timeline shows the region's actions.
    with make_engine(seeded_url).connect() as conn:
        actions = handling.actions_for_region(conn, ANALIS, "73.71")
    timeline = next(c for c in at.get("plotly_chart") if "profil_timeline" in c.proto.id)
    assert sum(len(t["y"]) for t in json.loads(timeline.proto.spec)["data"]) == min(len(actions), 12) > 0


def test_kecamatan_map_of_children(page):
    at = page("profil_wilayah", ANALIS, query={"region": "73.06"})
    no_exception(at)
    chart = next(c for c in at.get("plotly_chart") if "profil_children" in c.proto.id)
    spec = json.loads(chart.proto.spec)
    codes = [loc for t in spec["data"] for loc in t.get("locations", [])]
    assert codes and all(c.startswith("73.06.") for c in codes)
    # Kecamatan have no risk category: the map names them (those that fit) without a letter.
    names = {n for t in spec["data"] if t["type"] == "choropleth" for _, n, *_ in t["customdata"]}
    shown = [x for t in spec["data"] if t["type"] == "scattergeo" for x in t["text"]]
    assert len(shown) >= len(codes) // 3 and set(shown) <= names


def test_out_of_scope_and_unknown_regions_show_nothing(page):
    for who, code in ((OPERATOR_GOWA, "73.71"), (ANALIS, "99.99"), (ANALIS, "<script>")):
        at = page("profil_wilayah", who, query={"region": code})
        no_exception(at)
        assert at.error and "tidak dikenal atau di luar cakupan" in at.error[0].value
        assert not at.dataframe and not at.get("plotly_chart") and not at.metric


def test_kecamatan_and_province_profiles(page):
    at = page("profil_wilayah", ANALIS, query={"region": "73.71.01"})
    no_exception(at)
    assert [link.label for link in at.get("page_link")][:2] == ["Sulawesi Selatan", "Kota Makassar"]
    at = page("profil_wilayah", ANALIS, query={"region": "73"})
    no_exception(at)
    assert len(at.get("page_link")) == 24


def test_no_region_asks_to_pick_one(page):
    at = page("profil_wilayah", ANALIS)
    no_exception(at)
    assert any(T.PROFIL_NO_REGION in i.value for i in at.info)
    at.selectbox(key="profil_pilih").select("73.71").run()
    no_exception(at)
    assert at.header[0].value == "Kota Makassar"
