"""services.refresh: writes report what they touched; after_change recomputes exactly those reference sets
and months, both series; the data version moves with every write."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select, update

from cli.app import main
from data_access import snapshots as store
from data_access.footprint import Footprint, incident_footprint
from data_access.models import Incident, ScoreSnapshot
from domain.access import SYSTEM, Scope
from domain.period import Month
from services import risk
from services.refresh import STEPS, DataChange, after_change
from tests.data_access.factories import incident, insert_incidents

TODAY = date(2024, 3, 20)
S = ScoreSnapshot.__table__


def _rows(conn, **where) -> pd.DataFrame:
    stmt = select(S.c.region_code, S.c.level, S.c.period, S.c.series, S.c.computed_at)
    for col, value in where.items():
        stmt = stmt.where(S.c[col] == value)
    return pd.DataFrame(conn.execute(stmt).all(), columns=["region_code", "level", "period", "series", "computed_at"])


def test_after_change_writes_the_province_and_the_provinces_for_every_month_since_the_change(db):
    with db.begin() as conn:
        insert_incidents(conn, [incident(occurred_on=date(2024, 1, 5) + timedelta(days=3 * i),
                                         reported_on=date(2024, 1, 6) + timedelta(days=3 * i)) for i in range(20)])
        summary = after_change(conn, DataChange.of(Footprint(frozenset({"73.71"}), date(2024, 1, 5)), "uji"),
                               today=TODAY)
        rows = _rows(conn)
    assert [s.step for s in summary.steps] == [s.name for s in STEPS] and STEPS[0].name == "scores"
    # Jan..Mar 2024 × (24 kab/kota of Sulsel + 38 provinces) × 2 series; no other province's kab/kota
    assert summary.rows == len(rows) == 3 * (24 + 38) * 2
    assert set(rows.loc[rows["level"] == "kabkota", "region_code"].str[:3]) == {"73."}
    assert set(pd.to_datetime(rows["period"]).dt.strftime("%Y-%m")) == {"2024-01", "2024-02", "2024-03"}


def test_a_later_change_recomputes_from_its_month_and_keeps_published_closed_months(db):
    with db.begin() as conn:
        insert_incidents(conn, [incident(occurred_on=date(2024, 1, 10))])
        after_change(conn, DataChange(frozenset({"73.71"}), Month(2024, 1)), today=TODAY)
        first = _rows(conn).set_index(["region_code", "period", "series"])["computed_at"]
        conn.execute(update(S).values(computed_at=pd.Timestamp("2000-01-01").to_pydatetime()))
        insert_incidents(conn, [incident(occurred_on=date(2024, 2, 12), reported_on=date(2024, 3, 2))])
        after_change(conn, DataChange(frozenset({"73.71"}), Month(2024, 2)), today=TODAY)
        again = _rows(conn)
    assert len(again) == len(first)
    old = again["computed_at"] == pd.Timestamp("2000-01-01")
    by = again.assign(old=old, month=pd.to_datetime(again["period"]).dt.strftime("%Y-%m"))
    # January untouched; Feb and Mar recomputed; Feb's published row stays (closed month), Mar's is replaced
    assert by.loc[by["month"] == "2024-01", "old"].all()
    assert not by.loc[(by["month"] == "2024-02") & (by["series"] == "dihitung_ulang"), "old"].any()
    assert by.loc[(by["month"] == "2024-02") & (by["series"] == "terbit"), "old"].all()
    assert not by.loc[by["month"] == "2024-03", "old"].any()


def test_published_series_sees_only_rows_reported_by_the_month_end(db):
    with db.begin() as conn:
        # 15 incidents in February, all reported only in March: February as published knew none of them
        insert_incidents(conn, [incident(occurred_on=date(2024, 2, 10 + i % 10), reported_on=date(2024, 3, 5),
                                         severity="berat") for i in range(15)])
        after_change(conn, DataChange(frozenset({"73.71"}), Month(2024, 1)), today=TODAY)
    with db.connect() as conn:
        now = risk.scores_for(conn, SYSTEM, Scope.for_region("73.71"), Month(2024, 2)).table.iloc[0]
        then = risk.scores_for(conn, SYSTEM, Scope.for_region("73.71"), Month(2024, 2), series="terbit").table.iloc[0]
    assert now["tekanan"] > 0 and then["tekanan"] == 0
    assert pd.Timestamp(then["data_as_of"]).date() is not None or then["data_as_of"] is None
    assert str(now["as_of"])[:10] == "2024-02-29"


def test_every_write_bumps_the_data_version(db):
    with db.begin() as conn:
        v0 = store.data_version(conn)
        insert_incidents(conn, [incident()])
        v1 = store.data_version(conn)
        conn.execute(update(Incident).values(deleted_at=pd.Timestamp("2024-03-01").to_pydatetime()))
        v2 = store.data_version(conn)
        conn.execute(select(func.count()).select_from(Incident))
        v3 = store.data_version(conn)
    assert v0 < v1 < v2 == v3


def test_incident_footprint_and_an_empty_change_does_nothing(db):
    with db.begin() as conn:
        insert_incidents(conn, [incident(kabkota_code="73.06", occurred_on=date(2024, 2, 3))])
        new_id = conn.execute(select(func.max(Incident.id))).scalar_one()
        touched = incident_footprint(conn, new_id)
        assert touched == Footprint(frozenset({"73.06"}), date(2024, 2, 3))
        assert after_change(conn, DataChange(), today=TODAY).rows == 0


def test_cli_import_and_rollback_recompute_the_touched_months(db, tmp_path, capsys):
    url = db.url.render_as_string(hide_password=False)
    path = tmp_path / "laporan.csv"
    path.write_text("ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat\n"
                    f"K-1;polri;{date.today().replace(day=1)};Gowa;ormas;berat\n", encoding="utf-8")
    assert main(["--database-url", url, "import", "incidents", str(path)]) == 0
    assert "Snapshot skor diperbarui" in capsys.readouterr().out
    month = Month.of(date.today())
    with db.connect() as conn:
        gowa = risk.scores_for(conn, SYSTEM, Scope.for_region("73.06"), month).table
        assert len(gowa) == 1 and gowa.iloc[0]["tekanan"] > 0
        import_id = conn.execute(select(func.max(Incident.import_id))).scalar_one()
    assert main(["--database-url", url, "rollback", str(import_id)]) == 0
    with db.connect() as conn:
        gowa = risk.scores_for(conn, SYSTEM, Scope.for_region("73.06"), month).table
    assert gowa.iloc[0]["tekanan"] == 0


def test_alerts_are_recomputed_after_every_change(db):
    """Issue 11: a write's refresh re-evaluates the alert rules right after the scores (no separate command)."""
    from data_access import alerts

    with db.begin() as conn:
        insert_incidents(conn, [incident(occurred_on=TODAY - timedelta(days=3), reported_on=TODAY - timedelta(days=2),
                                         kabkota_code="73.06", deaths=2, severity="berat")])
        summary = after_change(conn, DataChange(frozenset({"73.06"}), Month.of(TODAY)), today=TODAY)
        found = alerts.list_alerts(conn, SYSTEM)
    assert [s.step for s in summary.steps] == ["scores", "alerts"]
    assert dict((s.step, s.rows) for s in summary.steps)["alerts"] >= 1
    deaths = found[found["rule"] == "korban_jiwa"]
    assert deaths["region_code"].tolist() == ["73.06"]


def test_a_bounded_change_recomputes_the_newest_months_and_discards_the_older_stale_ones(db):
    """A page recomputes the charted months at once; older changed months are dropped, never left stale."""
    with db.begin() as conn:
        insert_incidents(conn, [incident(occurred_on=date(2023, 10, 5))])
        after_change(conn, DataChange(frozenset({"73.71"}), Month(2023, 10)), today=TODAY)
        before = _rows(conn, series="dihitung_ulang")
        conn.execute(update(S).values(computed_at=pd.Timestamp("2000-01-01").to_pydatetime()))
        insert_incidents(conn, [incident(occurred_on=date(2023, 10, 20))])
        change = DataChange(frozenset({"73.71"}), Month(2023, 10)).bounded(3, TODAY)   # Jan..Mar 2024 now
        assert change.stale_months == (Month(2023, 10), Month(2023, 12))
        after_change(conn, change, today=TODAY)
        recomputed = _rows(conn, series="dihitung_ulang")
        published = _rows(conn, series="terbit")
    months = lambda f: set(pd.to_datetime(f["period"]).dt.strftime("%Y-%m"))  # noqa: E731
    assert months(before) == {"2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03"}
    assert months(recomputed) == {"2024-01", "2024-02", "2024-03"}           # Oct..Dec discarded
    assert (recomputed["computed_at"] > pd.Timestamp("2001-01-01")).all()   # and the rest recomputed
    assert "2023-10" in months(published)                                   # what was published stays


def test_a_full_refresh_scores_only_provinces_holding_data(db):
    """refresh-scores: kab/kota of a province with no incident and no indicator stay "no data", not a 0-score hijau."""
    with db.begin() as conn:
        insert_incidents(conn, [incident(occurred_on=date(2024, 3, 5))])
        after_change(conn, DataChange.all(), today=TODAY)
        rows = _rows(conn, level="kabkota")
        view = risk.scores_for(conn, SYSTEM, Scope.national(), Month(2024, 3), level="kabkota").table
    assert set(rows["region_code"].str[:2]) == {"73"}
    assert len(view) == 24 and set(view["region_code"].str[:3]) == {"73."}
