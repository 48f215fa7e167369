"""AppTest of "Data & Impor" and "Penanganan" with real content: uploads, errors, commit, rollback, report form,
open cases and overdue marks, read-only for pimpinan."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, insert, select
from streamlit.testing.v1 import AppTest

from data_access.models import AuditLog, HandlingAction, Import, Incident
from domain.access import Principal, Role, Scope
from tests.apptest import new_session
from tests.clock import FROZEN_TODAY, frozen_today
from tests.conftest import ROOT, migrated_engine
from tests.data_access.factories import incident
from ui import texts as T

HARNESS = ROOT / "tests" / "pages" / "harness_app.py"
CORPUS = ROOT / "tests" / "data" / "malformed"
OPERATOR = Principal("op_sulsel", Role.OPERATOR, Scope.for_region("73"), clearance="terbatas")
PIMPINAN = Principal("gub", Role.PIMPINAN, Scope.for_region("73"))
TODAY = FROZEN_TODAY
GOOD = (f"ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat;luka\n"
        f"UI-1;polri;{TODAY - timedelta(days=3):%d/%m/%Y};Kab. Gowa;ormas;sedang;2\n"
        f"UI-2;polri;{TODAY - timedelta(days=2):%Y-%m-%d};Sidrap;sara;ringan;0\n").encode()


@pytest.fixture(scope="module", autouse=True)
def _frozen_clock():
    with frozen_today(TODAY):
        yield


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'sipks.db'}"
    engine = migrated_engine(url)
    monkeypatch.setenv("SIPKS_DATABASE_URL", url)
    monkeypatch.setenv("SIPKS_DEFAULT_SCOPE", "73")
    yield engine
    engine.dispose()


def run(page: str, principal: Principal) -> AppTest:
    at = new_session(HARNESS)
    at.session_state["principal"] = principal
    at.session_state["harness_page"] = page
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_data_impor_malformed_then_good_file_commit_and_rollback(app_db):
    at = run("data_impor.py", OPERATOR)
    no_exception(at)
    assert [t.label for t in at.tabs][:3] == [T.IMPOR_TAB_FILE, T.IMPOR_TAB_REPORT, T.IMPOR_TAB_HISTORY]
    at.file_uploader(key="imp_file").upload("png_renamed.csv", (CORPUS / "png_renamed.csv").read_bytes(), "text/csv")
    at.run()
    no_exception(at)
    assert any("bukan teks CSV" in " ".join(map(str, df.value.get("Masalah", []))) for df in at.dataframe)
    at.file_uploader(key="imp_file").upload("unknown_region.csv", (CORPUS / "unknown_region.csv").read_bytes(),
                                            "text/csv")
    at.run()
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Berkas", "Baris", "Kolom", "Nilai", "Masalah", "Jenis"]
    assert problems.iloc[0]["Baris"] == 3 and "Wilayah tidak dikenal" in problems.iloc[0]["Masalah"]
    assert at.multiselect(key="imp_skip").value == [3]
    assert _count(app_db, Incident) == 0

    at.file_uploader(key="imp_file").upload("laporan.csv", GOOD, "text/csv")
    at.run()
    no_exception(at)
    assert any("2** baru" in m.value for m in at.markdown)
    at.button(key="imp_commit").click().run()
    no_exception(at)
    assert any("Impor #" in s.value and "2 baru" in s.value for s in at.success)
    assert _count(app_db, Incident) == 2

    # history tab lists it; rollback withdraws both rows
    assert "laporan.csv" in at.dataframe[-1].value.to_string() or any(
        "laporan.csv" in df.value.to_string() for df in at.dataframe)
    at.checkbox[-1].check()
    at.button[-1].click().run()
    no_exception(at)
    assert any("dibatalkan" in s.value for s in at.success)
    with app_db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Incident).where(Incident.deleted_at.is_(None))
                            ).scalar_one() == 0
        assert conn.execute(select(Import.status)).scalar_one() == "rolled_back"


def test_report_form_creates_an_incident(app_db):
    at = run("data_impor.py", OPERATOR)
    at.selectbox(key="lapor_kab").select("73.06").run()
    at.selectbox(key="lapor_cat").select("sengketa_lahan_sda")
    at.number_input(key="lapor_d").set_value(1)
    at.text_area(key="lapor_desc").input("Sengketa batas kebun")
    at.button[[b.label for b in at.button].index("Kirim laporan")].click().run()
    no_exception(at)
    assert any("tersimpan" in s.value for s in at.success)
    with app_db.connect() as conn:
        new_id = conn.execute(select(Incident.id)).scalar_one()
    links = [e.proto for e in at.get("page_link")]
    assert [(p.label, p.page.endswith("penanganan"), p.query_string) for p in links] == [
        (T.FORM_ADD_ACTION.format(id=new_id), True, f"insiden={new_id}")]
    with app_db.connect() as conn:
        row = conn.execute(select(Incident.kabkota_code, Incident.category, Incident.deaths, Incident.created_by)).one()
        assert tuple(row) == ("73.06", "sengketa_lahan_sda", 1, "op_sulsel")
        # the report, then the early-warning refresh that every write runs (recorded as the system's)
        assert conn.execute(select(AuditLog.action).order_by(AuditLog.id)).scalars().all() == [
            "incident_create", "alerts_refresh"]


@pytest.fixture
def cases_db(app_db):
    with app_db.begin() as conn:
        conn.execute(insert(Incident), [
            incident(source_ref="OLD", occurred_on=TODAY - timedelta(days=40), kabkota_code="73.06"),
            incident(source_ref="NEW", occurred_on=TODAY - timedelta(days=2)),
            incident(source_ref="DONE", occurred_on=TODAY - timedelta(days=9), handling_status="selesai"),
        ])
        new_id = conn.execute(select(Incident.id).where(Incident.source_ref == "NEW")).scalar_one()
        conn.execute(insert(HandlingAction).values(
            incident_id=new_id, region_code="73.71", province_code="73", stage="penghentian",
            action_type="patroli", agency="tni", started_on=TODAY - timedelta(days=2),
            due_on=TODAY + timedelta(days=5), status="berjalan", outcome="", created_by="t"))
    return app_db


def test_penanganan_lists_open_cases_with_overdue_marks(cases_db):
    at = run("penanganan.py", OPERATOR)
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kasus terbuka"] == "2" and metrics["Terlambat"] == "1" and metrics["Belum ada tindakan"] == "1"
    cases = at.dataframe[1].value
    frame = cases.data if hasattr(cases, "data") else cases
    assert list(frame["Terlambat"]) == [T.PENANGANAN_OVERDUE_MARK, "—"]
    assert list(frame["Wilayah"]) == ["Kab. Gowa", "Kota Makassar"]
    assert list(frame["Instansi"]) == ["—", "TNI"]


def test_penanganan_saved_action_shows_at_once_and_moves_the_case_status(cases_db):
    at = run("penanganan.py", OPERATOR)
    first = int(at.selectbox(key="pen_incident").value)  # the most urgent case: overdue, nobody acted yet
    with cases_db.connect() as conn:
        assert conn.execute(select(Incident.source_ref).where(Incident.id == first)).scalar_one() == "OLD"
    assert T.PENANGANAN_NO_ACTIONS in [c.value for c in at.caption]
    at.selectbox(key="pen_add_stage").select("penghentian")
    at.selectbox(key="pen_add_action_type").select("dialog_mediasi")
    at.text_area(key="pen_add_out").input("Mediasi tokoh adat")
    at.button[[b.label for b in at.button].index("Simpan tindakan")].click().run()
    no_exception(at)
    assert [s.value for s in at.success] == [T.PENANGANAN_SAVED]
    # the same screen, right after saving: the action is listed, no stale "no actions", new status
    assert T.PENANGANAN_NO_ACTIONS not in [c.value for c in at.caption]
    actions = at.dataframe[2].value  # by-region, cases, this case's actions
    assert list(actions["Jenis tindakan"]) == ["Dialog/mediasi"] and list(actions["Tahap"]) == ["Penghentian"]
    assert list(actions["Hasil/catatan"]) == ["Mediasi tokoh adat"]
    assert any("Status kasus" in m.value and "Dalam penanganan · Penghentian" in m.value for m in at.markdown)
    cases = at.dataframe[1].value
    frame = cases.data if hasattr(cases, "data") else cases
    assert frame.set_index("No. insiden").loc[first, "Tindakan"] == 1
    with cases_db.connect() as conn:
        assert conn.execute(select(Incident.handling_status).where(Incident.id == first)).scalar_one() == "ditangani"
        assert conn.execute(select(func.count()).select_from(HandlingAction)
                            .where(HandlingAction.incident_id == first)).scalar_one() == 1


def test_penanganan_manual_status_move(cases_db):
    at = run("penanganan.py", OPERATOR)
    first = int(at.selectbox(key="pen_incident").value)
    at.button[[b.label for b in at.button].index("Ubah status")].click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["Status diubah dari Baru ke Dalam penanganan."]
    with cases_db.connect() as conn:
        assert conn.execute(select(Incident.handling_status).where(Incident.id == first)).scalar_one() == "ditangani"


def test_penanganan_search_by_number_region_and_text(cases_db):
    with cases_db.connect() as conn:
        ids = dict(conn.execute(select(Incident.source_ref, Incident.id)).all())
    at = run("penanganan.py", OPERATOR)
    at.text_input(key="pen_cari").input("gowa").run()
    assert len(at.selectbox(key="pen_incident").options) == 1
    assert at.selectbox(key="pen_incident").value == ids["OLD"]
    at.text_input(key="pen_cari").input(f"#{ids['NEW']}").run()
    assert at.selectbox(key="pen_incident").value == ids["NEW"]
    assert len(at.selectbox(key="pen_incident").options) == 1
    at.text_input(key="pen_cari").input("insiden uji").run()   # the factory's description text
    assert len(at.selectbox(key="pen_incident").options) == 2


def test_penanganan_opens_the_case_named_in_the_link(cases_db):
    with cases_db.connect() as conn:
        new_id = conn.execute(select(Incident.id).where(Incident.source_ref == "NEW")).scalar_one()
    at = new_session(HARNESS)
    at.session_state["principal"] = OPERATOR
    at.session_state["harness_page"] = "penanganan.py"
    at.query_params["insiden"] = str(new_id)
    at.run()
    no_exception(at)
    assert at.selectbox(key="pen_incident").value == new_id


def test_penanganan_is_read_only_for_pimpinan(cases_db):
    at = run("penanganan.py", PIMPINAN)
    no_exception(at)
    assert any("Anda dapat melihat penanganan" in i.value for i in at.info)
    assert "Simpan tindakan" not in [b.label for b in at.button]


NATIONAL_OPERATOR = Principal("op_nas", Role.ADMIN, Scope.national(), clearance="rahasia")


def test_data_impor_preset_picker_imports_a_ucdp_export_and_offers_the_problem_list(app_db):
    from tests.imports.test_presets import UCDP_EVENTS, ucdp_csv

    at = run("data_impor.py", NATIONAL_OPERATOR)
    at.selectbox(key="imp_preset_incidents").select("ucdp_ged").run()
    no_exception(at)
    assert any("UCDP" in c.value for c in at.caption)
    at.file_uploader(key="imp_file").upload("ged191.csv", ucdp_csv(), "text/csv")
    at.run()
    no_exception(at)
    assert any("HXL" in c.value for c in at.caption)
    problems = next(df.value for df in at.dataframe if "Masalah" in df.value.columns)
    assert "di luar wilayah Indonesia" in " ".join(problems["Masalah"])
    labels = [b.label for b in at.get("download_button")]
    assert "Unduh semua masalah (CSV)" in labels and "Unduh semua masalah (Excel)" in labels
    assert at.multiselect(key="imp_skip").value == [9]
    at.button(key="imp_commit").click().run()
    no_exception(at)
    assert any(f"{len(UCDP_EVENTS)} baru" in s.value for s in at.success)
    with app_db.connect() as conn:
        codes = dict(conn.execute(select(Incident.source_ref, Incident.kabkota_code)).all())
    assert codes == {str(e[0]): e[9] for e in UCDP_EVENTS}


def test_data_impor_asks_which_sheet_when_a_workbook_has_two_data_sheets(app_db):
    from tests.imports.test_reading import two_sheet_workbook

    at = run("data_impor.py", OPERATOR)
    at.file_uploader(key="imp_file").upload("dua.xlsx", two_sheet_workbook(),
                                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    at.run()
    no_exception(at)
    assert at.selectbox(key="imp_sheet").options == ["Gowa", "Maros"]
    at.selectbox(key="imp_sheet").select("Maros").run()
    no_exception(at)
    assert any("Lembar kerja yang dibaca: Maros" in c.value for c in at.caption)


def test_imported_history_is_reachable_on_insiden_and_in_period_selectors(app_db):
    with app_db.begin() as conn:
        conn.execute(insert(Incident), [incident(source_ref="GED-1", occurred_on=date(1989, 7, 26),
                                                 reported_on=date(1989, 7, 26)),
                                        incident(source_ref="NOW-1", occurred_on=TODAY - timedelta(days=3),
                                                 reported_on=TODAY - timedelta(days=3))])
    analis = Principal("analis", Role.ANALIS, Scope.for_region("73"), clearance="rahasia")
    at = run("insiden.py", analis)
    no_exception(at)
    picker = at.date_input(key="ins_tanggal")
    assert picker.min <= date(1989, 7, 1)
    picker.set_value((date(1989, 7, 1), date(1989, 7, 31))).run()
    no_exception(at)
    assert any(m.value.startswith("**1** insiden") for m in at.markdown)
    # The date filter lives in the URL: a shared link with the 1989 window opens on it.
    shared = new_session(HARNESS)
    shared.session_state["principal"] = analis
    shared.session_state["harness_page"] = "insiden.py"
    shared.query_params["ins_tanggal"] = ["1989-07-01", "1989-07-31"]
    shared.run()
    no_exception(shared)
    assert shared.date_input(key="ins_tanggal").value == (date(1989, 7, 1), date(1989, 7, 31))
    at = run("peta_risiko.py", analis)
    no_exception(at)
    options = at.selectbox(key="peta_periode").options
    assert "Juli 1989" in options and len(options) > 36
