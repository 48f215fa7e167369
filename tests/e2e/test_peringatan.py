"""Flow: Peringatan Dini in the browser — alerts as the database has them, the backtest verdict, and an
operator turning an alert into a penanganan action ("tindak lanjuti")."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlparse

from sqlalchemy import select

from data_access import alerts as alert_store
from data_access import incident_write
from data_access import forecasts as forecast_store
from data_access.models import HandlingAction
from domain import fmt
from domain.access import SYSTEM
from scoring.early_warning.backtest import beats_persistence
from services.alerts import refresh_alerts
from tests.e2e.helpers import ANALIS, OPERATOR, login, metric_value, nav, parse_number, shot, wait_for_app
from ui import early_warning as E
from ui import texts as T


def test_alerts_forecasts_and_backtest_as_stored(page, db_engine, principal_of):
    login(page, *ANALIS)
    nav(page, T.PAGE_PERINGATAN)
    page.get_by_role("heading", name=T.EW_TITLE, exact=True).wait_for()
    assert urlparse(page.url).path == "/peringatan"
    principal = principal_of(ANALIS[0])
    with db_engine.connect() as conn:
        open_alerts = alert_store.list_alerts(conn, principal)
        run = forecast_store.latest_backtest_run(conn, principal)
    assert len(open_alerts) > 0 and run is not None
    assert parse_number(metric_value(page, T.EW_KPI_OPEN)) == len(open_alerts)
    top = open_alerts[open_alerts["active"]].iloc[0]
    body = page.locator("[data-testid='stMain']")
    assert body.get_by_text(f"{T.EW_RULES[top['rule']]} · {top['region_name']}").first.is_visible()
    assert body.get_by_text(E.alert_sentence(top["rule"], top["evidence"])).first.is_visible()
    # The plain verdict for horizon 1 matches the stored numbers.
    h1 = run["result"]["horizons"][0]
    verdict = "mengungguli persistensi" if beats_persistence(h1) else "tidak mengungguli persistensi"
    assert body.get_by_text(f"Horizon 1 bulan: model {verdict}").count() + \
        body.locator("li", has_text=f"Horizon 1 bulan: model {verdict}").count() > 0
    assert body.get_by_text(T.EW_BT_HORIZON.format(h=1, n=fmt.number(h1["n_forecasts"]))).first.is_visible()
    shot(page, "peringatan_dini")


def test_operator_follows_up_an_alert(page, db_engine, principal_of):
    """A fatal incident reported in Kota Makassar raises a korban_jiwa alert the operator there follows up."""
    principal = principal_of(OPERATOR[0])
    day = date.today() - timedelta(days=1)
    with db_engine.begin() as conn:
        incident_write.create_incident(conn, SYSTEM, {
            "occurred_on": day, "reported_on": day, "kabkota_code": "73.71", "category": "bentrok_antarwarga",
            "severity": "berat", "deaths": 1, "source": "polri", "source_ref": "E2E-PERINGATAN-1",
            "description": "Bentrok antarkampung, satu korban meninggal (uji e2e)", "actors": "Warga"})
        refresh_alerts(conn, ["73.71"])
    with db_engine.connect() as conn:
        mine = alert_store.list_alerts(conn, principal, active_only=True)
    target = mine[(mine["rule"] == "korban_jiwa") & mine["handling_action_id"].isna()].iloc[0]
    login(page, *OPERATOR)
    nav(page, T.PAGE_PERINGATAN)
    page.get_by_text(E.alert_sentence(target["rule"], target["evidence"])).first.wait_for()
    # Streamlit marks a keyed widget's container with the class st-key-<key>.
    page.locator(f".st-key-ew_follow_{target['id']}").get_by_role("button", name=T.EW_FOLLOW_UP, exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    dialog.get_by_label(T.EW_FOLLOW_UP_NOTE).fill("Koordinasi dengan Polres (uji e2e)")
    dialog.get_by_role("button", name=T.EW_FOLLOW_UP_SUBMIT).click()
    wait_for_app(page)
    page.get_by_text(f"peringatan #{target['id']} ditindaklanjuti").wait_for()
    with db_engine.connect() as conn:
        row = alert_store.get_alert(conn, principal, int(target["id"]))
        action = conn.execute(select(HandlingAction).where(HandlingAction.id == row["handling_action_id"])
                              ).one()._mapping
    assert row["state"] == "ditindaklanjuti" and row["state_by"] == OPERATOR[0]
    assert action["region_code"] == target["region_code"] and action["stage"] == "pencegahan"
    assert "Koordinasi dengan Polres" in action["outcome"]
    shot(page, "peringatan_tindak_lanjut")
