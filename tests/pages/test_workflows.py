"""Issue 14 on the pages: a single-region overview, merah regions named, profile links in the same tab,
empty results that name every filter and reset them, the map's export."""
from __future__ import annotations

import pytest

from data_access import handling
from data_access.db import make_engine
from domain import fmt
from domain.access import Principal, Role, Scope
from domain.period import Month
from services import risk
from tests.apptest import rerun
from tests.pages.conftest import ANALIS, OPERATOR_GOWA, PIMPINAN_SULSEL, TODAY, no_exception
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.charts import risk_label
from ui.markup import escape_markdown

OPERATOR_MAKASSAR = Principal("operator", Role.OPERATOR, Scope.for_region("73.71"), clearance="umum")


@pytest.fixture(scope="module")
def sulsel(seeded_url):
    with make_engine(seeded_url).connect() as conn:
        return risk.scores_for(conn, PIMPINAN_SULSEL, Scope.for_region("73"), Month.of(TODAY)).table


def test_single_region_ringkasan_is_that_regions_own_overview(page, seeded_url, sulsel):
    at = page("ringkasan", OPERATOR_MAKASSAR)
    no_exception(at)
    labels = [m.label for m in at.metric]
    # no comparison with peers it cannot see: no category counts, no top-10, no status changes
    assert not any(label == T.KPI_REGIONS.format(category=risk_label(c)) for c in ("merah", "kuning", "hijau")
                   for label in labels)
    assert T.TOP10_TITLE not in [h.value for h in at.subheader]
    row = sulsel.set_index("region_code").loc["73.71"]
    assert T.OVERVIEW_TITLE.format(region="Kota Makassar") in [h.value for h in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[T.PROFIL_SCORE] == fmt.number(row["score"], 1)
    assert metrics[T.PROFIL_CATEGORY] == RT.short_label(row["category"])
    assert RT.row_badge(row) in [c.value for c in at.caption]
    assert metrics[T.PROFIL_RANK].startswith(f"{int(row['rank'])} dari 24")
    why = next(m.value for m in at.markdown if m.value.startswith(f"**{T.RISK_WHY}:**"))
    assert RT.why(row["drivers"], 2) and W.escape_markdown(RT.why(row["drivers"], 2)) in why
    assert any(c.proto.id and "overview_drivers" in c.proto.id for c in at.get("plotly_chart"))
    with make_engine(seeded_url).connect() as conn:
        cases = handling.open_cases(conn, OPERATOR_MAKASSAR, Scope.for_region("73.71"), today=TODAY)
    assert any(T.OVERVIEW_CASES.format(count=fmt.number(len(cases))) in m.value for m in at.markdown)
    shown = next(d.value for d in at.dataframe if T.PENANGANAN_COLUMNS["incident_id"] in d.value.columns)
    assert list(shown[T.PENANGANAN_COLUMNS["incident_id"]]) == list(cases["incident_id"].head(5))


def test_merah_card_names_its_regions(page, sulsel):
    at = page("ringkasan", PIMPINAN_SULSEL)
    no_exception(at)
    names = list(sulsel[sulsel["category"] == "merah"].sort_values("rank")["name"])
    expected = T.KPI_MERAH_NAMES.format(names=", ".join(names)) if names else T.KPI_MERAH_NONE
    assert expected in [c.value for c in at.caption]


def test_top10_row_opens_the_profile_in_the_same_tab(page, sulsel):
    at = page("ringkasan", PIMPINAN_SULSEL)
    top = sulsel.sort_values("rank").iloc[0]
    # what a click on the first row sends: the table's selection state
    at.session_state["top10"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    rerun(at)
    no_exception(at)
    assert at.header[0].value == top["name"]          # the profile page now runs, in this session
    assert at.query_params["region"] in (top["region_code"], [top["region_code"]])


def test_no_link_column_opens_a_new_tab(page):
    for name in ("ringkasan", "insiden"):
        at = page(name, ANALIS)
        for frame in at.dataframe:
            assert T.COL_PROFILE not in frame.value.columns


def test_profil_opens_a_single_region_users_region_directly(page):
    at = page("profil_wilayah", OPERATOR_GOWA)
    no_exception(at)
    assert at.header[0].value == "Kab. Gowa"
    assert not [s for s in at.selectbox if s.label == T.PROFIL_PICK]


def test_empty_result_names_every_filter_and_resets_them(page):
    query = {"ins_arena": "Maya (siber)", "ins_kategori": "Sengketa lahan & SDA", "ins_keparahan": "Berat",
             "ins_cari": "tidak-ada-kata-ini"}
    at = page("insiden", ANALIS, query=query)
    no_exception(at)
    message = next(i.value for i in at.info if T.NO_INCIDENTS_FOR_FILTER in i.value)
    for part in (f"{T.FILTER_ARENA}: Maya (siber)", f"{T.FILTER_CATEGORY}: Sengketa lahan & SDA",
                 f"{T.FILTER_SEVERITY}: Berat",
                 f"{T.FILTER_SEARCH}: “{escape_markdown('tidak-ada-kata-ini')}”"):  # typed text is shown inert
        assert part in message, (part, message)
    at.button(key="reset_ins").click().run()
    no_exception(at)
    assert at.multiselect(key="ins_arena").value == [] and at.text_input(key="ins_cari").value == ""
    assert not any(T.NO_INCIDENTS_FOR_FILTER in i.value for i in at.info)
    assert "ins_arena" not in at.query_params


def test_peta_export_holds_the_maps_regions_with_indonesian_headers(page, sulsel):
    from ui import exports as X

    at = page("peta_risiko", ANALIS)
    no_exception(at)
    assert [b.proto.label for b in at.get("download_button")] == [T.EXPORT_CSV, T.EXPORT_XLSX]
    assert not page("peta_risiko", PIMPINAN_SULSEL).get("download_button")
    frame = sulsel.assign(value=sulsel["score"])
    out = X.map_export_frame(frame, str(Month.of(TODAY)), T.SCORE_AXIS, with_value=False)
    H = T.PETA_EXPORT_HEADERS
    assert list(out.columns) == [H[k] for k in ("region_code", "region", "period", "score", "category_code",
                                                "category", "rank", "top_driver")] + (
        [H["p_merah"]] if "p_merah" in sulsel else [])
    first = out.set_index(H["region_code"]).loc["73.71"]
    row = sulsel.set_index("region_code").loc["73.71"]
    assert first[H["category"]] == risk_label(row["category"]) and first[H["category_code"]] == row["category"]
    assert first[H["score"]] == round(float(row["score"]), 2)
