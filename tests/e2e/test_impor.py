"""Flow 6: on Data & Impor, a malformed file shows its row-level errors and writes nothing; a good
file in the template's format shows a preview, commits, and the overview's count grows by it."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from data_access.models import Import, Incident
from tests.e2e.helpers import (
    OPERATOR, ROOT, grid_header, grid_rows, login, metric_value, nav, parse_number, shot, wait_for_app,
)
from ui import texts as T

TEMPLATE = ROOT / "assets" / "templates" / "incidents.csv"


def _csv(rows: list[list[str]]) -> str:
    header = TEMPLATE.read_text(encoding="utf-8-sig").splitlines()[0]
    assert len(header.split(";")) == 21
    return "\n".join([header] + [";".join(r) for r in rows]) + "\n"


def _row(ref: str, day: str, region: str, deaths: str = "0") -> list[str]:
    # Same columns as assets/templates/incidents.csv.
    return [ref, "kesbangpol", day, "09:15", day, region, "", "", "", "", "unjuk_rasa", "nyata", "ringan", deaths,
            "1", "0", "Massa aksi", "Unjuk rasa uji e2e", "terverifikasi", "umum", "baru"]


def _counts(db_engine) -> tuple[int, int]:
    with db_engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(Incident)).scalar_one(),
                conn.execute(select(func.count()).select_from(Import)).scalar_one())


def _upload(page, path: Path) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    wait_for_app(page)


def test_malformed_file_writes_nothing_and_good_file_reaches_overview(page, db_engine, tmp_path):
    today = date.today()
    login(page, *OPERATOR)
    page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()
    kpi_before = parse_number(metric_value(page, T.KPI_INCIDENTS))

    nav(page, T.PAGE_IMPOR)
    page.get_by_role("heading", name=T.IMPOR_TITLE).wait_for()

    # --- malformed: unknown region, a future date, a negative count
    bad = tmp_path / "insiden_rusak.csv"
    bad.write_text(_csv([
        _row("E2E-RUSAK-1", today.isoformat(), "Kabupaten Antah Berantah"),
        _row("E2E-RUSAK-2", (today + timedelta(days=40)).isoformat(), "Kota Makassar"),
        _row("E2E-RUSAK-3", today.isoformat(), "Kota Makassar", deaths="-2"),
    ]), encoding="utf-8")
    before = _counts(db_engine)
    _upload(page, bad)
    page.get_by_text(T.IMPOR_PROBLEMS).wait_for()
    grid = page.locator("[data-testid='stDataFrame']").first
    cells = grid_rows(page, grid)                                       # focuses the grid: builds its table
    problems = [dict(zip(grid_header(grid), r)) for r in cells]
    assert {p["Baris"] for p in problems} == {"2", "3", "4"}, problems
    by_row = {p["Baris"]: p for p in problems}
    assert "Antah Berantah" in by_row["2"]["Nilai"]
    assert by_row["4"]["Nilai"] == "-2"
    assert all(p["Masalah"] for p in problems) and all(p["Berkas"] == bad.name for p in problems)
    assert page.get_by_text(T.IMPOR_PREVIEW).count() == 0            # nothing valid to preview
    shot(page, "impor_rusak")
    assert _counts(db_engine) == before                                # nothing written, no import recorded

    # --- good: three incidents in Kota Makassar today, in the template's own format
    good = tmp_path / "insiden_baik.csv"
    good.write_text(_csv([_row(f"E2E-BAIK-{i}", today.isoformat(), "Kota Makassar") for i in range(1, 4)]),
                    encoding="utf-8")
    _upload(page, good)
    page.get_by_text(T.IMPOR_NO_PROBLEMS).wait_for()
    page.get_by_text(T.IMPOR_PREVIEW).wait_for()
    preview = page.locator("[data-testid='stDataFrame']").first
    assert len(grid_rows(page, preview)) == 3
    shot(page, "impor_pratinjau")
    assert _counts(db_engine) == before                                # a preview writes nothing either

    page.get_by_role("button", name=T.IMPOR_COMMIT).click()
    wait_for_app(page)
    done = T.IMPOR_DONE.split("{id}")[0]
    message = page.locator("[data-testid='stAlertContentSuccess']").filter(has_text=done).first.inner_text()
    assert "3 baru" in message, message
    shot(page, "impor_tersimpan")
    incidents_after, imports_after = _counts(db_engine)
    assert (incidents_after, imports_after) == (before[0] + 3, before[1] + 1)

    nav(page, T.PAGE_RINGKASAN)
    page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()
    assert parse_number(metric_value(page, T.KPI_INCIDENTS)) == kpi_before + 3
    shot(page, "impor_ringkasan_bertambah")
