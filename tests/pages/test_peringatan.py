"""Peringatan Dini and the early-warning pieces on Ringkasan, Peta, Profil and Metodologi (AppTest),
on a demo database with a stored forecast run, backtest run and recomputed alerts."""
from __future__ import annotations

import json
import os

import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import select

from data_access import alerts as alert_store
from data_access.db import make_engine
from data_access.demo import seed_demo
from data_access.models import Alert
from domain import fmt
from domain.access import Scope
from services.alerts import refresh_alerts
from services.forecast import backtest, last_complete_month, run_forecast
from tests.conftest import migrated_engine
from tests.pages.conftest import ANALIS, OPERATOR_GOWA, PIMPINAN_SULSEL, TODAY, no_exception
from ui import early_warning as E
from ui import texts as T


@pytest.fixture(scope="module")
def ew_url(seeded_url, tmp_path_factory):
    """Its own database (the follow-up tests write), seeded like the shared one plus early-warning runs."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ew') / 'sipks.db'}"
    engine = migrated_engine(url)
    last = last_complete_month(TODAY)
    with engine.begin() as conn:
        seed_demo(conn, today=TODAY)
        run_forecast(conn, Scope.for_region("73"), created_by="uji", as_of=TODAY)
        backtest(conn, Scope.for_region("73"), month_from=last - pd.DateOffset(months=6),
                 month_to=last - pd.DateOffset(months=4), horizons=(1, 3), created_by="uji", as_of=TODAY)
        refresh_alerts(conn, ["73"], as_of=TODAY)
    engine.dispose()
    # Cached query results are keyed by their arguments, not the database: start and end clean.
    os.environ["SIPKS_DATABASE_URL"] = url
    st.cache_data.clear()
    yield url
    os.environ["SIPKS_DATABASE_URL"] = seeded_url
    st.cache_data.clear()


def _metric(at, label):
    return next(m for m in at.metric if m.label == label)


def _texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_page_lists_open_alerts_with_evidence_forecasts_and_backtest(page, ew_url):
    at = page("peringatan", PIMPINAN_SULSEL)
    no_exception(at)
    with make_engine(ew_url).connect() as conn:
        open_alerts = alert_store.list_alerts(conn, PIMPINAN_SULSEL)
        run = conn.execute(select(Alert.config_version)).first()
    assert run is not None and len(open_alerts) > 0
    assert at.title[0].value == T.EW_TITLE
    assert _metric(at, T.EW_KPI_OPEN).value == fmt.number(len(open_alerts))
    assert _metric(at, T.EW_KPI_HIGH).value == fmt.number(int((open_alerts["severity"] == "tinggi").sum()))
    text = _texts(at)
    active = open_alerts[open_alerts["active"]]
    top = active.iloc[0]
    assert f"{T.EW_RULES[top['rule']]} · {top['region_name']}" in text
    assert E.alert_sentence(top["rule"], top["evidence"]) in text
    # Forecast table: every Sulsel kab/kota, sorted by next month's expectation.
    forecasts = next(d.value for d in at.dataframe if T.EW_FC_I80 + " (" in "".join(d.value.columns))
    assert len(forecasts) == 24
    # Backtest: one table per horizon with the model and both baselines, and a plain verdict.
    tables = [d.value for d in at.dataframe if T.EW_BT_MODEL in d.value.columns]
    assert len(tables) == 2
    assert set(tables[0][T.EW_BT_MODEL]) == set(T.EW_BT_MODELS.values())
    assert "mengungguli persistensi" in text
    reliability = next(c for c in at.get("plotly_chart") if "ew_reliability" in c.proto.id)
    assert len(json.loads(reliability.proto.spec)["data"]) == 1 + 2 * 2   # ideal line + 2 models × 2 horizons


def test_operator_sees_only_alerts_of_own_region(page, ew_url):
    at = page("peringatan", OPERATOR_GOWA)
    no_exception(at)
    with make_engine(ew_url).connect() as conn:
        mine = alert_store.list_alerts(conn, OPERATOR_GOWA)
        others = alert_store.list_alerts(conn, ANALIS)
    assert _metric(at, T.EW_KPI_OPEN).value == fmt.number(len(mine))
    text = _texts(at)
    for name in set(others["region_name"]) - {"Kabupaten Gowa"}:
        assert f"· {name}**" not in text


def test_mark_seen_and_close_change_state_with_who(page, ew_url):
    at = page("peringatan", ANALIS)
    no_exception(at)
    with make_engine(ew_url).connect() as conn:
        target = alert_store.list_alerts(conn, ANALIS, active_only=True)
    target = target[target["state"] == "baru"].iloc[0]
    at.button(key=f"ew_seen_{target['id']}").click()
    at.run()
    no_exception(at)
    with make_engine(ew_url).connect() as conn:
        row = alert_store.get_alert(conn, ANALIS, int(target["id"]))
    assert row["state"] == "dilihat" and row["state_by"] == "analis"
    assert any(T.EW_STATE_DONE.format(alert_id=target["id"], state="Dilihat") in s.value for s in at.success)
    # Analis may not close: no "Selesai" button is offered.
    assert not [b for b in at.button if b.key and b.key.startswith("ew_close_")]


def test_ringkasan_shows_open_alert_count_and_top_three(page, ew_url):
    at = page("ringkasan", PIMPINAN_SULSEL)
    no_exception(at)
    with make_engine(ew_url).connect() as conn:
        active = alert_store.list_alerts(conn, PIMPINAN_SULSEL, active_only=True)
        open_count = alert_store.count_open_alerts(conn, PIMPINAN_SULSEL)
    assert _metric(at, T.EW_RINGKASAN_KPI).value == fmt.number(open_count)
    lines = [m.value for m in at.markdown if m.value.startswith("- ") and "·" in m.value]
    assert len(lines) == min(3, len(active))
    assert E.alert_sentence(active.iloc[0]["rule"], active.iloc[0]["evidence"]) in lines[0]


def test_profile_shows_the_regions_alert_history(page, ew_url):
    with make_engine(ew_url).connect() as conn:
        some = alert_store.list_alerts(conn, ANALIS, states=()).iloc[0]
        history = alert_store.list_alerts(conn, ANALIS, states=(), region_code=some["region_code"])
    at = page("profil_wilayah", ANALIS, query={"region": some["region_code"]})
    no_exception(at)
    table = next(d.value for d in at.dataframe if T.EW_COL_RULE in d.value.columns)
    assert len(table) == len(history)
    assert set(table[T.EW_COL_RULE]) == {T.EW_RULES[r] for r in history["rule"]}


def test_map_alert_layer_marks_regions_with_open_alerts(page, ew_url):
    at = page("peta_risiko", PIMPINAN_SULSEL)
    no_exception(at)
    at.toggle(key="peta_peringatan").set_value(True).run()
    no_exception(at)
    spec = json.loads(next(c for c in at.get("plotly_chart") if "peta_choropleth" in c.proto.id).proto.spec)
    layer = [t for t in spec["data"] if t.get("type") == "scattergeo" and "customdata" in t]
    with make_engine(ew_url).connect() as conn:
        active = alert_store.list_alerts(conn, PIMPINAN_SULSEL, active_only=True)
    assert len(layer) == 1
    assert sorted(c[0] for c in layer[0]["customdata"]) == sorted(set(active["region_code"]))
    assert layer[0]["name"] == T.EW_MAP_LEGEND.format(count=len(active))


def test_metodologi_shows_the_stored_backtest(page, ew_url):
    at = page("metodologi", ANALIS)
    no_exception(at)
    tables = [d.value for d in at.dataframe if T.EW_BT_MODEL in d.value.columns]
    assert len(tables) == 2 and len(tables[0]) == 4
    assert any(T.EW_METHOD_TITLE == s.value for s in at.subheader)


