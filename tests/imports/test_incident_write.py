"""Reporting and editing incidents by hand: history, soft delete, restore, permissions, scope, audit."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from data_access import incident_write as w
from data_access.models import AuditLog, Incident
from domain.access import Principal, Role, Scope

OPERATOR_MKS = Principal("op_mks", Role.OPERATOR, Scope.for_region("73.71"), clearance="terbatas")
OPERATOR_GOWA = Principal("op_gowa", Role.OPERATOR, Scope.for_region("73.06"))
ANALIS = Principal("analis", Role.ANALIS, Scope.national(), clearance="rahasia")
TODAY = date(2024, 6, 30)
REPORT = {"occurred_on": date(2024, 6, 1), "kabkota_code": "73.71", "kecamatan_code": "73.71.10",
          "category": "bentrok_antarwarga", "severity": "sedang", "source": "laporan_masyarakat",
          "injuries": 2, "description": "Tawuran antarkampung", "lat": -5.17, "lon": 119.41}


def _row(engine, incident_id):
    with engine.connect() as conn:
        return dict(conn.execute(select(Incident.__table__).where(Incident.id == incident_id)).mappings().one())


def test_create_edit_delete_restore_keeps_full_history(db):
    with db.begin() as conn:
        incident_id = w.create_incident(conn, OPERATOR_MKS, REPORT, today=TODAY)
    original = _row(db, incident_id)
    assert original["province_code"] == "73" and original["reported_on"] == date(2024, 6, 1)
    assert original["created_by"] == "op_mks" and original["version"] == 1
    with db.begin() as conn:
        assert w.edit_incident(conn, OPERATOR_MKS, incident_id, {"deaths": 1, "severity": "berat"}, today=TODAY) == 2
        assert w.edit_incident(conn, OPERATOR_MKS, incident_id, {"deaths": 1}, today=TODAY) == 2  # no change
    edited = _row(db, incident_id)
    assert (edited["deaths"], edited["severity"], edited["updated_by"]) == (1, "berat", "op_mks")
    with db.begin() as conn:
        with pytest.raises(w.IncidentInvalid):
            w.delete_incident(conn, OPERATOR_MKS, incident_id, "  ")
        w.delete_incident(conn, OPERATOR_MKS, incident_id, "Laporan ganda")
    deleted = _row(db, incident_id)
    assert deleted["deleted_at"] is not None and deleted["delete_reason"] == "Laporan ganda"
    with db.connect() as conn:
        history = w.incident_history(conn, OPERATOR_MKS, incident_id)
    assert list(history["version"]) == [2, 1] and list(history["change_kind"]) == ["delete", "edit"]
    assert history.iloc[1]["severity"] == "sedang"
    with db.begin() as conn:
        w.restore_version(conn, OPERATOR_MKS, incident_id, 1)
    restored = _row(db, incident_id)
    for column in w.EDITABLE:
        assert restored[column] == original[column], column
    assert restored["deleted_at"] is None and restored["version"] == 4
    with db.connect() as conn:
        actions = conn.execute(select(AuditLog.action).order_by(AuditLog.id)).scalars().all()
    assert actions == ["incident_create", "incident_edit", "incident_delete", "incident_restore"]


def test_permission_scope_and_clearance_are_enforced(db):
    with db.begin() as conn:
        with pytest.raises(w.WriteDenied):
            w.create_incident(conn, ANALIS, REPORT, today=TODAY)          # analis may not report
        with pytest.raises(w.WriteDenied):
            w.create_incident(conn, OPERATOR_GOWA, REPORT, today=TODAY)   # Makassar is outside Gowa
        with pytest.raises(w.WriteDenied):
            w.create_incident(conn, OPERATOR_MKS, {**REPORT, "sensitivity": "rahasia"}, today=TODAY)
        incident_id = w.create_incident(conn, OPERATOR_MKS, REPORT, today=TODAY)
    with db.begin() as conn:
        with pytest.raises(w.WriteDenied):
            w.edit_incident(conn, OPERATOR_GOWA, incident_id, {"deaths": 3}, today=TODAY)
        with pytest.raises(w.WriteDenied):
            w.edit_incident(conn, OPERATOR_MKS, incident_id, {"kabkota_code": "73.06"}, today=TODAY)
        assert w.incident_for_edit(conn, OPERATOR_GOWA, incident_id) is None
        assert w.incident_history(conn, OPERATOR_GOWA, incident_id).empty


def test_invalid_reports_say_what_and_where(db):
    bad = {**REPORT, "occurred_on": date(2030, 1, 1), "category": "perang", "deaths": -1,
           "kecamatan_code": "73.06.01", "lat": 48.8, "lon": 2.3}
    with db.begin() as conn, pytest.raises(w.IncidentInvalid) as excinfo:
        w.create_incident(conn, OPERATOR_MKS, bad, today=TODAY)
    assert set(excinfo.value.problems) == {"occurred_on", "category", "deaths", "kecamatan_code", "lat"}
    with db.connect() as conn:
        assert conn.execute(select(Incident.id)).first() is None


def test_report_accepts_historic_dates_back_to_1945_and_names_the_limit(db):
    """Issue 13: history before 1990 is data, not an error; before 17/08/1945 is refused with the limit named."""
    with db.begin() as conn:
        incident_id = w.create_incident(conn, OPERATOR_MKS, {**REPORT, "occurred_on": date(1989, 7, 26),
                                                             "reported_on": date(1989, 7, 27)}, today=TODAY)
    assert _row(db, incident_id)["occurred_on"] == date(1989, 7, 26)
    with db.begin() as conn:
        with pytest.raises(w.IncidentInvalid) as refused:
            w.create_incident(conn, OPERATOR_MKS, {**REPORT, "occurred_on": date(1945, 8, 16)}, today=TODAY)
    assert "17/08/1945" in str(refused.value.problems["occurred_on"])
