"""Handling writes: add/update/withdraw actions and status moves, with permission, scope and audit."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select

from data_access import handling as h
from data_access.models import AuditLog, HandlingAction, Incident
from domain.access import Principal, Role, Scope
from tests.data_access.factories import incident

OPERATOR_MKS = Principal("op_mks", Role.OPERATOR, Scope.for_region("73.71"))
OPERATOR_GOWA = Principal("op_gowa", Role.OPERATOR, Scope.for_region("73.06"))
PIMPINAN = Principal("gub", Role.PIMPINAN, Scope.national())


@pytest.fixture
def incident_id(db):
    with db.begin() as conn:
        conn.execute(insert(Incident), [incident(source_ref="H-1")])
        return conn.execute(select(Incident.id)).scalar_one()


def test_action_lifecycle_and_status_moves(db, incident_id):
    with db.begin() as conn:
        action_id = h.add_action(conn, OPERATOR_MKS, {"incident_id": incident_id, "stage": "penghentian",
                                                      "action_type": "dialog_mediasi", "agency": "polri",
                                                      "started_on": date(2024, 2, 12), "due_on": date(2024, 2, 20)})
        # the first action moves the case from baru to ditangani by itself
        assert h.set_handling_status(conn, OPERATOR_MKS, incident_id, "ditangani") == "ditangani"
        h.update_action(conn, OPERATOR_MKS, action_id, {"status": "selesai", "finished_on": date(2024, 2, 18),
                                                         "outcome": "Sepakat damai"})
        assert h.set_handling_status(conn, OPERATOR_MKS, incident_id, "selesai") == "ditangani"
        with pytest.raises(h.HandlingError):
            h.set_handling_status(conn, OPERATOR_MKS, incident_id, "baru")  # selesai → baru is not a move
    with db.connect() as conn:
        action = conn.execute(select(HandlingAction.__table__)).mappings().one()
        assert action["region_code"] == "73.71" and action["status"] == "selesai"
        assert h.count_open_cases(conn, OPERATOR_MKS) == 0
        actions = conn.execute(select(AuditLog.action).order_by(AuditLog.id)).scalars().all()
    assert actions == ["handling_add", "handling_status", "handling_update", "handling_status"]
    with db.connect() as conn:
        auto = conn.execute(select(AuditLog.detail).where(AuditLog.action == "handling_status")
                            .order_by(AuditLog.id)).scalars().first()
    assert '"by_action"' in str(auto) or (isinstance(auto, dict) and "by_action" in auto)
    with db.begin() as conn:
        h.withdraw_action(conn, OPERATOR_MKS, action_id, "salah input")
    with db.connect() as conn:
        assert h.actions_for_incident(conn, OPERATOR_MKS, incident_id).empty


def test_case_status_follows_its_actions_through_the_stages(db, incident_id):
    def status() -> str:
        with db.connect() as conn:
            return conn.execute(select(Incident.handling_status).where(Incident.id == incident_id)).scalar_one()

    base = {"incident_id": incident_id, "action_type": "dialog_mediasi", "agency": "polri",
            "started_on": date(2024, 2, 12)}
    assert status() == "baru"
    with db.begin() as conn:
        first = h.add_action(conn, OPERATOR_MKS, {**base, "stage": "penghentian", "status": "berjalan"})
    assert status() == "ditangani"
    with db.begin() as conn:
        recovery = h.add_action(conn, OPERATOR_MKS, {**base, "stage": "pemulihan", "status": "berjalan"})
    assert status() == "pemulihan"
    with db.begin() as conn:
        h.update_action(conn, OPERATOR_MKS, first, {"status": "selesai"})
    assert status() == "pemulihan"            # recovery still running
    with db.begin() as conn:
        h.update_action(conn, OPERATOR_MKS, recovery, {"status": "selesai"})
    assert status() == "selesai"
    with db.begin() as conn:
        h.add_action(conn, OPERATOR_MKS, {**base, "stage": "pencegahan", "status": "direncanakan"})
    assert status() == "pemulihan"            # an open action reopens the case, still in recovery
    with db.begin() as conn:
        h.withdraw_action(conn, OPERATOR_MKS, recovery, "salah input")
    assert status() == "ditangani"


def test_status_from_actions_rule():
    assert h.status_from_actions([]) is None
    assert h.status_from_actions([("pencegahan", "direncanakan")]) == "ditangani"
    assert h.status_from_actions([("penghentian", "selesai")]) == "ditangani"
    assert h.status_from_actions([("penghentian", "selesai"), ("pemulihan", "berjalan")]) == "pemulihan"
    assert h.status_from_actions([("penghentian", "selesai"), ("pemulihan", "selesai")]) == "selesai"


def test_handling_writes_need_permission_and_scope(db, incident_id):
    data = {"incident_id": incident_id, "stage": "pencegahan", "action_type": "patroli", "agency": "polri"}
    with db.begin() as conn:
        with pytest.raises(h.HandlingDenied):
            h.add_action(conn, PIMPINAN, data)
        with pytest.raises(h.HandlingDenied):
            h.add_action(conn, OPERATOR_GOWA, data)
        with pytest.raises(h.HandlingDenied):
            h.set_handling_status(conn, OPERATOR_GOWA, incident_id, "ditangani")
        with pytest.raises(h.HandlingError):
            h.add_action(conn, OPERATOR_MKS, {**data, "agency": "dukun"})
