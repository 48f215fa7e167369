"""Import pipeline on SQLite and PostgreSQL: idempotence, corrections, rollback, round trip, scope, concurrency."""
from __future__ import annotations

import threading
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access.imports import (
    ImportDenied, ImportRejected, commit, import_history, load_mapping, plan, prepare_file,
    rollback, save_mapping,
)
from data_access.imports.export import export_incidents, export_indicator_values, to_csv_bytes
from data_access.models import (
    AuditLog, HandlingAction, Import, Incident, IncidentVersion, IndicatorValue,
)
from domain.access import SYSTEM, Principal, Role, Scope

TODAY = date(2024, 12, 31)
HEADER = "ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kecamatan;kategori;tingkat;meninggal;luka;uraian\n"
OPERATOR_MKS = Principal("op_mks", Role.OPERATOR, Scope.for_region("73.71"))
ANALIS = Principal("analis", Role.ANALIS, Scope.national())


def rows_csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


GOOD = rows_csv(
    "P-1;polri;14/02/2024;Kab. Gowa;;bentrok antarwarga;sedang;0;3;Bentrok pemuda",
    "P-2;Polri;14 Februari 2024;Mks;Tamalate;Sengketa lahan & SDA;berat;1;1.234;Sengketa",
    "P-3;polri;2024-03-01;PANGKEP;;unjuk_rasa;ringan;0;0;Demo",
)


def run_import(engine, data: bytes, principal=SYSTEM, kind="incidents", name="laporan.csv", skip=(), **kw):
    with engine.connect() as conn:
        prepared = prepare_file(conn, principal, kind, name, data, today=TODAY, **kw)
    return prepared, commit(engine, principal, prepared, skip_rows=skip)


def incident_state(engine) -> list[dict]:
    cols = ["source", "source_ref", "occurred_on", "kabkota_code", "kecamatan_code", "category", "severity",
            "deaths", "injuries", "description", "deleted_at"]
    with engine.connect() as conn:
        rows = conn.execute(select(*[Incident.__table__.c[c] for c in cols]).order_by(Incident.source_ref)).all()
    return [dict(zip(cols, r)) for r in rows]


def test_import_writes_rows_and_provenance(db):
    prepared, result = run_import(db, GOOD)
    assert not prepared.problems and result.added == 3 and result.updated == 0
    state = {r["source_ref"]: r for r in incident_state(db)}
    assert state["P-2"]["kabkota_code"] == "73.71" and state["P-2"]["kecamatan_code"] == "73.71.10"
    assert state["P-2"]["injuries"] == 1234 and state["P-3"]["kabkota_code"] == "73.10"
    with db.connect() as conn:
        record = conn.execute(select(Import.__table__)).mappings().one()
        audits = conn.execute(select(AuditLog.action)).scalars().all()
    assert (record["rows_added"], record["kind"], record["file_name"]) == (3, "incidents", "laporan.csv")
    assert len(record["content_hash"]) == 64 and "import" in audits


def test_same_file_twice_changes_nothing(db):
    run_import(db, GOOD)
    before = incident_state(db)
    _, again = run_import(db, GOOD)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert incident_state(db) == before
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(IncidentVersion)).scalar_one() == 0


def test_corrected_file_updates_only_changed_rows_and_rollback_restores(db):
    run_import(db, GOOD)
    before = incident_state(db)
    corrected = rows_csv(
        "P-1;polri;14/02/2024;Kab. Gowa;;bentrok antarwarga;sedang;0;3;Bentrok pemuda",
        "P-2;Polri;14 Februari 2024;Mks;Tamalate;Sengketa lahan & SDA;berat;2;1.234;Sengketa, korban bertambah",
        "P-3;polri;2024-03-01;PANGKEP;;unjuk_rasa;ringan;0;0;Demo",
        "P-4;polri;2024-03-02;Sidrap;;ormas;ringan;0;0;Baru",
    )
    _, result = run_import(db, corrected, name="laporan_koreksi.csv")
    assert (result.added, result.updated, result.unchanged) == (1, 1, 2)
    after = {r["source_ref"]: r for r in incident_state(db)}
    assert after["P-2"]["deaths"] == 2 and after["P-4"]["kabkota_code"] == "73.14"
    with db.connect() as conn:
        version = conn.execute(select(IncidentVersion.__table__)).mappings().one()
    assert version["change_kind"] == "import" and version["data"]["deaths"] == 1
    undone = rollback(db, SYSTEM, result.import_id)
    assert (undone.withdrawn, undone.restored) == (1, 1)
    state = incident_state(db)
    live = [dict(r) for r in state if r["deleted_at"] is None]
    assert live == before
    withdrawn = [r for r in state if r["deleted_at"] is not None]
    assert [r["source_ref"] for r in withdrawn] == ["P-4"]
    with db.connect() as conn:
        reason = conn.execute(select(Incident.delete_reason).where(Incident.source_ref == "P-4")).scalar_one()
        status = conn.execute(select(Import.status).where(Import.id == result.import_id)).scalar_one()
        audits = conn.execute(select(AuditLog.action)).scalars().all()
    assert f"#{result.import_id}" in reason and status == "rolled_back" and "import_rollback" in audits
    with pytest.raises(ImportRejected):
        rollback(db, SYSTEM, result.import_id)  # twice is refused


def test_rollback_refused_when_a_later_import_changed_the_rows(db):
    _, first = run_import(db, GOOD)
    changed = GOOD.replace(b"Bentrok pemuda", b"Bentrok pemuda (revisi)")
    _, second = run_import(db, changed)
    with pytest.raises(ImportRejected) as excinfo:
        rollback(db, SYSTEM, first.import_id)
    assert excinfo.value.problems[0].code == "rollback_superseded"
    rollback(db, SYSTEM, second.import_id)
    rollback(db, SYSTEM, first.import_id)
    assert all(r["deleted_at"] is not None for r in incident_state(db))


def test_round_trip_export_import_gives_identical_data(db):
    run_import(db, GOOD)
    with db.connect() as conn:
        exported = export_incidents(conn, SYSTEM)
    data = to_csv_bytes(exported)
    from tests.conftest import clear_data
    clear_data(db)
    _, result = run_import(db, data, name="ekspor.csv")
    assert result.added == 3
    with db.connect() as conn:
        again = export_incidents(conn, SYSTEM)
    pd.testing.assert_frame_equal(exported, again)


def test_rows_outside_scope_are_errors_and_nothing_is_written(db):
    with db.connect() as conn:
        prepared = prepare_file(conn, OPERATOR_MKS, "incidents", "x.csv", GOOD, today=TODAY)
    out_of_scope = [p for p in prepared.problems if p.code == "out_of_scope"]
    assert {p.row for p in out_of_scope} == {2, 4}
    assert "di luar cakupan Anda" in out_of_scope[0].reason
    with pytest.raises(ImportRejected):
        commit(db, OPERATOR_MKS, prepared)
    assert incident_state(db) == []
    result = commit(db, OPERATOR_MKS, prepared, skip_rows=prepared.error_rows)
    assert result.added == 1 and result.skipped == 2
    with db.connect() as conn:
        skipped = conn.execute(select(Import.skipped_rows)).scalar_one()
    assert [r["row"] for r in skipped["rows"]] == [2, 4]


def test_analis_cannot_import(db):
    with db.connect() as conn, pytest.raises(ImportDenied):
        prepare_file(conn, ANALIS, "incidents", "x.csv", GOOD, today=TODAY)


def test_indicator_values_and_definitions(db):
    definitions = ("kode;nama;satuan;tinggi_berisiko;sumber;nilai_min;nilai_maks\n"
                   "ikp_bawaslu;IKP Bawaslu;skor 0-100;ya;Bawaslu;0;100\n").encode()
    _, d = run_import(db, definitions, kind="indicator_definitions")
    assert d.added == 1
    values = ("Kabupaten/Kota,Tahun,Kode Indikator,Skor\n"
              "GOWA,2023,ikp_bawaslu,\"62,5\"\nKota Makassar,2023,ikp_bawaslu,\"182,5\"\n"
              "Pare-Pare,2023,ikp_bwaslu,10\n").encode("utf-8-sig")
    mapping = {"Kabupaten/Kota": "wilayah", "Tahun": "periode", "Kode Indikator": "indikator", "Skor": "nilai"}
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "indicator_values", "ikp.csv", values, mapping=mapping,
                                source_name="Bawaslu RI", today=TODAY)
    codes = {p.row: p.code for p in prepared.problems}
    assert codes == {3: "out_of_range", 4: "unknown_indicator_suggest"}
    result = commit(db, SYSTEM, prepared, skip_rows=[3, 4])
    assert result.added == 1
    with db.connect() as conn:
        stored = conn.execute(select(IndicatorValue.region_code, IndicatorValue.period, IndicatorValue.value,
                                     IndicatorValue.source)).one()
        save_mapping(conn, SYSTEM, "indicator_values", "Bawaslu RI", mapping)
        conn.commit()
        assert load_mapping(conn, "indicator_values", "Bawaslu RI") == mapping
    assert tuple(stored) == ("73.06", date(2023, 1, 1), 62.5, "Bawaslu RI")
    rollback(db, SYSTEM, result.import_id)
    with db.connect() as conn:
        assert export_indicator_values(conn, SYSTEM).empty


def test_handling_actions_link_to_incidents(db):
    run_import(db, GOOD)
    actions = ("ref_tindakan;sumber_insiden;ref_insiden;tahap;jenis_tindakan;instansi;tanggal_mulai;tenggat;status\n"
               "T-1;polri;P-2;penghentian;dialog_mediasi;polri;2024-02-15;2024-03-01;berjalan\n"
               "T-2;polri;P-99;penghentian;patroli;tni;2024-02-15;;berjalan\n").encode()
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "handling_actions", "tindakan.csv", actions, today=TODAY)
    assert [(p.row, p.code) for p in prepared.problems] == [(3, "unknown_incident")]
    commit(db, SYSTEM, prepared, skip_rows=[3])
    with db.connect() as conn:
        action = conn.execute(select(HandlingAction.__table__)).mappings().one()
        incident_id = conn.execute(select(Incident.id).where(Incident.source_ref == "P-2")).scalar_one()
    assert action["incident_id"] == incident_id and action["region_code"] == "73.71"


def test_preview_plan_counts(db):
    run_import(db, GOOD)
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "incidents", "y.csv",
                                GOOD.replace(b"Demo", b"Demo besar"), today=TODAY)
        assert plan(conn, SYSTEM, prepared) == plan(conn, SYSTEM, prepared)
        p = plan(conn, SYSTEM, prepared)
    assert (p.inserts, p.updates, p.unchanged) == (0, 1, 2)
    assert list(prepared.preview_frame()["baris"]) == [2, 3, 4]


def test_history_lists_imports(db):
    run_import(db, GOOD)
    with db.connect() as conn:
        history = import_history(conn, SYSTEM)
        own = import_history(conn, OPERATOR_MKS)
    assert list(history["file_name"]) == ["laporan.csv"] and own.empty


def test_two_imports_at_once_neither_duplicate_nor_lose_rows(db):
    a = rows_csv(*[f"C-{i};polri;2024-02-{1 + i % 28:02d};Kab. Gowa;;ormas;ringan;0;0;a{i}" for i in range(0, 300)])
    b = rows_csv(*[f"C-{i};polri;2024-02-{1 + i % 28:02d};Kab. Gowa;;ormas;ringan;0;0;a{i}" for i in range(150, 450)])
    with db.connect() as conn:
        prepared = [prepare_file(conn, SYSTEM, "incidents", n, d, today=TODAY) for n, d in (("a.csv", a), ("b.csv", b))]
    errors: list[Exception] = []
    results = []
    barrier = threading.Barrier(2)

    def worker(p):
        try:
            barrier.wait()
            results.append(commit(db, SYSTEM, p))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(p,)) for p in prepared]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with db.connect() as conn:
        refs = conn.execute(select(Incident.source_ref)).scalars().all()
    assert len(refs) == 450 and len(set(refs)) == 450
    assert sorted(r.added for r in results) == [150, 300]
    assert sum(r.unchanged for r in results) == 150
