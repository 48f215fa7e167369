"""Early-warning SQL on SQLite and PostgreSQL: known-by cutoffs, alert dedup, scope + masking, states,
stored forecast and backtest runs, and the planted escalation alerted within a month."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import alerts, early_warning as ew, forecasts
from data_access.models import AuditLog, HandlingAction
from domain.access import SYSTEM, Principal, Role, Scope
from scoring.early_warning.panel import MONTHLY_COLUMNS
from scoring.early_warning.rules import AlertCandidate
from services.alerts import FollowUp, follow_up, refresh_alerts
from tests.data_access.factories import incident, insert_incidents

SULSEL = Scope.for_region("73")
OPERATOR_GOWA = Principal("op", Role.OPERATOR, Scope.for_region("73.06"), clearance="umum")
ANALIS_SULSEL = Principal("an", Role.ANALIS, SULSEL, clearance="umum")
ADMIN = Principal("adm", Role.ADMIN, Scope.national(), clearance="rahasia")


def test_column_contract_matches_scoring():
    assert ew.MONTHLY_COLUMNS == MONTHLY_COLUMNS


def test_monthly_counts_only_rows_known_by_the_day(db):
    with db.begin() as conn:
        insert_incidents(conn, [
            incident(occurred_on=date(2024, 1, 5), reported_on=date(2024, 1, 6), severity="berat"),
            incident(occurred_on=date(2024, 1, 20), reported_on=date(2024, 2, 3), deaths=2),
            incident(occurred_on=date(2024, 1, 21), reported_on=date(2024, 1, 22), verification="ditolak"),
            incident(occurred_on=date(2024, 1, 22), reported_on=date(2024, 1, 22), kabkota_code="74.01"),
        ])
    with db.connect() as conn:
        frame = ew.monthly_counts(conn, SULSEL, serious_severities=("berat",), serious_min_deaths=1,
                                  month_from=date(2024, 1, 1), day_to=date(2024, 1, 31))
        later = ew.monthly_counts(conn, SULSEL, serious_severities=("berat",), serious_min_deaths=1,
                                  month_from=date(2024, 1, 1), day_to=date(2024, 2, 29))
    assert frame[["region_code", "incidents", "serious"]].values.tolist() == [["73.71", 1, 1]]
    assert later["incidents"].sum() == 2 and later["serious"].sum() == 2
    assert sorted(later["reported_month"].dt.strftime("%Y-%m")) == ["2024-01", "2024-02"]


def _candidate(region="73.71", rule="lonjakan", subject="", **evidence):
    return AlertCandidate(rule, region, subject, "tinggi", 2.0, evidence or {"count": 4}, detail="rahasia lokal",
                          sensitivity="terbatas")


def test_alerts_are_deduplicated_while_the_condition_persists(db):
    day = date(2026, 6, 1)
    with db.begin() as conn:
        first = alerts.sync_alerts(conn, [_candidate()], region_codes=["73.71"], as_of=day, config_version="t")
        again = alerts.sync_alerts(conn, [_candidate(count=6)], region_codes=["73.71"], as_of=day + timedelta(1),
                                   config_version="t")
        rows = alerts.list_alerts(conn, SYSTEM)
    assert (first.new, again.new, again.updated) == (1, 0, 1)
    assert len(rows) == 1 and rows.loc[0, "evidence"] == {"count": 6}
    assert rows.loc[0, "first_seen_on"] == day and rows.loc[0, "last_seen_on"] == day + timedelta(1)
    with db.begin() as conn:
        ended = alerts.sync_alerts(conn, [], region_codes=["73.71"], as_of=day + timedelta(2), config_version="t")
        assert ended.ended == 1 and not alerts.list_alerts(conn, SYSTEM).loc[0, "active"]
        back = alerts.sync_alerts(conn, [_candidate()], region_codes=["73.71"], as_of=day + timedelta(3),
                                  config_version="t")
        assert (back.new, back.updated) == (0, 1)  # reopened before anyone closed it: the same alert
        alert_id = int(alerts.list_alerts(conn, SYSTEM).loc[0, "id"])
        alerts.set_state(conn, ADMIN, alert_id, "selesai")
        alerts.sync_alerts(conn, [], region_codes=["73.71"], as_of=day + timedelta(4), config_version="t")
        fresh = alerts.sync_alerts(conn, [_candidate()], region_codes=["73.71"], as_of=day + timedelta(5),
                                   config_version="t")
        assert fresh.new == 1  # closed and ended, then the condition came back: a new alert
        assert len(alerts.list_alerts(conn, SYSTEM, states=())) == 2


def test_alert_reads_are_scoped_and_masked(db):
    with db.begin() as conn:
        alerts.sync_alerts(conn, [_candidate("73.71"), _candidate("73.06"), _candidate("74.01")],
                           region_codes=["73.71", "73.06", "74.01"], as_of=date(2026, 6, 1), config_version="t")
    with db.connect() as conn:
        gowa = alerts.list_alerts(conn, OPERATOR_GOWA)
        sulsel = alerts.list_alerts(conn, ANALIS_SULSEL)
        everyone = alerts.list_alerts(conn, ADMIN)
        assert alerts.count_open_alerts(conn, ANALIS_SULSEL) == 2
        other = int(everyone[everyone["region_code"] == "74.01"]["id"].iloc[0])
        assert alerts.get_alert(conn, OPERATOR_GOWA, other) is None
    assert gowa["region_code"].tolist() == ["73.06"]
    assert sorted(sulsel["region_code"]) == ["73.06", "73.71"]
    assert gowa["detail"].isna().all() and gowa["restricted"].all()       # terbatas above clearance umum
    assert (everyone["detail"] == "rahasia lokal").all()


def test_state_changes_check_permission_scope_and_are_audited(db):
    with db.begin() as conn:
        alerts.sync_alerts(conn, [_candidate("73.71"), _candidate("73.06")], region_codes=["73.71", "73.06"],
                           as_of=date(2026, 6, 1), config_version="t")
        ids = dict(zip(*alerts.list_alerts(conn, SYSTEM)[["region_code", "id"]].T.values))
        with pytest.raises(alerts.AlertDenied):
            alerts.set_state(conn, OPERATOR_GOWA, int(ids["73.71"]), "dilihat")      # outside the scope
        with pytest.raises(alerts.AlertDenied):
            alerts.set_state(conn, ANALIS_SULSEL, int(ids["73.06"]), "selesai")      # analis cannot close
        assert alerts.set_state(conn, ANALIS_SULSEL, int(ids["73.06"]), "dilihat") == "baru"
        with pytest.raises(alerts.AlertStateError):
            alerts.set_state(conn, OPERATOR_GOWA, int(ids["73.06"]), "baru")
        action_id = follow_up(conn, OPERATOR_GOWA, int(ids["73.06"]), FollowUp("patroli", "polri", note="cek lokasi"))
        row = alerts.get_alert(conn, OPERATOR_GOWA, int(ids["73.06"]))
        action = conn.execute(select(HandlingAction).where(HandlingAction.id == action_id)).one()._mapping
        audits = conn.execute(select(AuditLog.action, AuditLog.username).where(
            AuditLog.action.in_(("alert_state", "handling_add"))).order_by(AuditLog.id)).all()
    assert row["state"] == "ditindaklanjuti" and row["state_by"] == "op" and row["handling_action_id"] == action_id
    assert action["region_code"] == "73.06" and action["stage"] == "pencegahan"
    assert "peringatan #" in action["outcome"]
    assert [tuple(a) for a in audits] == [("alert_state", "an"), ("handling_add", "op"), ("alert_state", "op")]


def test_planted_escalation_is_alerted_within_a_month(db):
    """Gowa: about one incident a month for a year, then a surge starting on 1 June 2026."""
    rows = []
    for m in range(12):
        day = date(2025, 6, 10) + timedelta(days=30 * m)
        rows.append(incident(kabkota_code="73.06", occurred_on=day, reported_on=day))
    for d in range(0, 28, 4):
        day = date(2026, 6, 1) + timedelta(days=d)
        rows.append(incident(kabkota_code="73.06", occurred_on=day, reported_on=day))
    with db.begin() as conn:
        insert_incidents(conn, rows)
        before = refresh_alerts(conn, ["73.06"], as_of=date(2026, 5, 31))
        assert before.new == 0
        result = refresh_alerts(conn, ["73.06"], as_of=date(2026, 6, 30))
        found = alerts.list_alerts(conn, SYSTEM)
        logged = conn.execute(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "alerts_refresh")).scalar_one()
    spike = found[found["rule"] == "lonjakan"]
    assert result.new >= 1 and spike["region_code"].tolist() == ["73.06"]
    assert spike.iloc[0]["evidence"]["count"] == 7 and spike.iloc[0]["first_seen_on"] == date(2026, 6, 30)
    assert logged == 2


def test_forecast_and_backtest_runs_round_trip_in_scope(db):
    frame = pd.DataFrame([
        {"region_code": "73.71", "horizon": 1, "target_month": pd.Timestamp("2026-07-01"), "mean": 4.2, "lo80": 2,
         "hi80": 7, "lo90": 1, "hi90": 8, "p_serious": 0.4, "history_q90": 6.0},
        {"region_code": "73.06", "horizon": 1, "target_month": pd.Timestamp("2026-07-01"), "mean": 1.5, "lo80": 0,
         "hi80": 3, "lo90": 0, "hi90": 4, "p_serious": 0.1, "history_q90": float("nan")},
    ])
    facts = {"scope_code": "73", "origin": date(2026, 6, 1), "data_as_of": date(2026, 6, 30), "model_version": "m/1",
             "config_version": "1", "seed": 5, "train_rows": 10, "dispersion": {"1": {"alpha": 0.2}},
             "duration_s": 1.0, "created_by": "t"}
    with db.begin() as conn:
        run_id = forecasts.save_forecast_run(conn, facts, frame)
        forecasts.save_backtest_run(conn, {"scope_code": "74", "month_from": date(2025, 1, 1),
                                           "month_to": date(2025, 6, 1), "horizons": "1", "model_version": "m/1",
                                           "config_version": "1", "seed": 5, "data_as_of": date(2026, 6, 30),
                                           "n_origins": 6, "result": {"horizons": []}, "duration_s": 1.0,
                                           "created_by": "t"})
    with db.connect() as conn:
        assert forecasts.latest_forecast_run(conn, OPERATOR_GOWA)["id"] == run_id
        gowa = forecasts.forecasts_of_run(conn, OPERATOR_GOWA, run_id)
        both = forecasts.forecasts_of_run(conn, ANALIS_SULSEL, run_id)
        assert forecasts.latest_backtest_run(conn, ANALIS_SULSEL) is None   # Sumatera Utara's run is not ours
        assert forecasts.latest_backtest_run(conn, ADMIN)["scope_code"] == "74"
    assert gowa["region_code"].tolist() == ["73.06"] and pd.isna(gowa.loc[0, "history_q90"])
    assert both["region_code"].tolist() == ["73.71", "73.06"] and both.loc[0, "target_month"] == "2026-07"


def test_category_raised_in_stored_snapshots_raises_an_alert(db):
    from sqlalchemy import insert

    from data_access.models import ScoreSnapshot

    rows = [{"region_code": "73.08", "period": date(2026, 5, 1), "category": "hijau"},
            {"region_code": "73.08", "period": date(2026, 6, 1), "category": "merah"},
            {"region_code": "73.09", "period": date(2026, 5, 1), "category": "kuning"},
            {"region_code": "73.09", "period": date(2026, 6, 1), "category": "kuning"}]
    with db.begin() as conn:
        conn.execute(insert(ScoreSnapshot), [{**r, "score": 50.0, "rank": 1, "components": {}, "completeness": 1.0,
                                              "explanation": "", "methodology_version": "uji",
                                              "level": "kabkota", "series": "dihitung_ulang",
                                              "as_of": r["period"], "computed_by": "t"} for r in rows])
        refresh_alerts(conn, ["73.08"], as_of=date(2026, 6, 30))
        found = alerts.list_alerts(conn, SYSTEM)
    raised = found[found["rule"] == "kategori"]
    assert raised["region_code"].tolist() == ["73.08"]
    assert raised.iloc[0]["evidence"]["from"] == "hijau" and raised.iloc[0]["evidence"]["to"] == "merah"
