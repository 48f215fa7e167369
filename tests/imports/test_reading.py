"""Reading workbooks and CSV files that offices really send: hidden and extra sheets, HXL rows,
look-alike headers, formula starts, oversized cells, NUL and undecodable bytes, XML attacks."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from data_access.imports import FileRejected, SheetChoiceNeeded, prepare_file, read_table
from data_access.imports.parsing import is_formula, parse_date
from domain.access import SYSTEM

HEADER = ["ref_sumber", "sumber", "tanggal_kejadian", "kabupaten_kota", "kategori", "tingkat", "uraian"]


def _row(ref: str, region: str, text: str = "") -> list[str]:
    return [ref, "polri", "2024-02-14", region, "ormas", "ringan", text]


def _workbook(sheets: list[tuple[str, list[list[str]], str]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows, state in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def two_sheet_workbook() -> bytes:
    return _workbook([("Gowa", [HEADER, _row("G-1", "Gowa")], "visible"),
                      ("Maros", [HEADER, _row("M-1", "Maros"), _row("M-2", "Maros")], "visible"),
                      ("Panduan", [["Kolom", "Isi"], ["ref_sumber", "rujukan"]], "visible")])


def test_hidden_sheets_are_never_imported():
    data = _workbook([("Lama", [HEADER, _row("OLD-1", "Gowa")], "hidden"),
                      ("Data", [HEADER, _row("NEW-1", "Maros")], "visible")])
    table = read_table("x.xlsx", data)
    assert table.sheet == "Data" and [r[0] for r in table.rows] == ["NEW-1"]
    with pytest.raises(FileRejected) as caught:
        read_table("x.xlsx", data, sheet="Lama")
    assert caught.value.problems[0].code == "unknown_sheet"
    only_hidden = _workbook([("Data", [HEADER], "visible"), ("Lama", [HEADER, _row("OLD-1", "Gowa")], "veryHidden")])
    with pytest.raises(FileRejected) as caught:
        read_table("x.xlsx", only_hidden)
    assert caught.value.problems[0].code == "no_rows"


def test_two_visible_data_sheets_need_a_choice_and_the_guide_sheet_does_not_count():
    with pytest.raises(SheetChoiceNeeded) as caught:
        read_table("x.xlsx", two_sheet_workbook())
    assert caught.value.sheets == ["Gowa", "Maros"]
    assert "Gowa, Maros" in caught.value.problems[0].reason
    assert [r[0] for r in read_table("x.xlsx", two_sheet_workbook(), sheet="Maros").rows] == ["M-1", "M-2"]


def test_cli_sheet_option(db, tmp_path, capsys):
    from data_access.cli import main

    path = tmp_path / "dua.xlsx"
    path.write_bytes(two_sheet_workbook())
    url = db.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "import", "incidents", str(path), "--dry-run"]) == 1
    assert "--sheet" in capsys.readouterr().err
    assert main(["--database-url", url, "import", "incidents", str(path), "--sheet", "Maros", "--dry-run"]) == 0


def test_headers_equal_after_normalisation_are_refused_naming_both():
    data = ("Tanggal Kejadian;tanggal_kejadian;ref_sumber\n2024-01-01;2024-01-02;A\n").encode()
    with pytest.raises(FileRejected) as caught:
        read_table("x.csv", data)
    problem = caught.value.problems[0]
    assert problem.code == "duplicate_normalised_header"
    assert "'Tanggal Kejadian'" in problem.reason and "'tanggal_kejadian'" in problem.reason


def test_hxl_tag_row_is_skipped_and_rows_keep_their_numbers():
    data = "id,date_start,adm_2\n#event+id,#date+start,#adm2+name\n1,1989-07-26 00:00:00.000,Gowa\n".encode()
    table = read_table("g.csv", data)
    assert table.tags == ("#event+id", "#date+start", "#adm2+name")
    assert table.rows == (("1", "1989-07-26 00:00:00.000", "Gowa"),) and table.row_numbers == (3,)


@pytest.mark.parametrize("text", ["=1+1", "+cmd|x", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_caught(text):
    assert is_formula(text)


@pytest.mark.parametrize("text", ["-5,1477", "+62", "-3", "Bentrok", ""])
def test_plain_values_are_not_formulas(text):
    assert not is_formula(text)


def test_formula_cells_are_refused_per_row(db):
    rows = [";".join(HEADER), ";".join(_row("F-1", "Gowa", "-2+3+cmd|' /C calc'!A0")),
            ";".join(_row("F-2", "Gowa", "\tlapor")), ";".join(_row("F-3", "Gowa", "biasa"))]
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "incidents", "f.csv", ("\n".join(rows) + "\n").encode(),
                                today=date(2024, 12, 31))
    assert [(p.row, p.code) for p in prepared.problems] == [(2, "formula"), (3, "formula")]


def test_an_oversized_cell_is_a_row_problem_not_a_traceback(db):
    big = "x" * (5 * 1024 * 1024)
    data = (";".join(HEADER) + "\n" + ";".join(_row("B-1", "Gowa", big)) + "\n"
            + ";".join(_row("B-2", "Gowa", "ok")) + "\n").encode()
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "incidents", "big.csv", data, today=date(2024, 12, 31),
                                max_bytes=10 * 1024 * 1024)
    problem = next(p for p in prepared.problems if p.code == "cell_too_large")
    assert problem.row == 2 and problem.column == "uraian" and "5.242.880" in problem.reason
    assert prepared.error_rows == [2]


def test_nul_bytes_name_row_column_and_byte_position():
    data = (";".join(HEADER) + "\n" + ";".join(_row("N-1", "Gowa", "a\x00b")) + "\n").encode()
    with pytest.raises(FileRejected) as caught:
        read_table("n.csv", data)
    problem = caught.value.problems[0]
    offset = data.index(b"\x00")
    assert problem.code == "nul_byte" and problem.row == 2 and problem.column == "kolom ke-7"
    assert str(offset) in problem.reason


def test_bom_with_latin1_bytes_reports_the_bad_byte_not_a_missing_column():
    data = b"\xef\xbb\xbf" + (";".join(HEADER) + "\n").encode() + ";".join(_row("L-1", "Gowa", "caf")).encode() \
        + b"\xe9\n"
    with pytest.raises(FileRejected) as caught:
        read_table("l.csv", data)
    problem = caught.value.problems[0]
    assert problem.code == "undecodable" and str(data.index(b"\xe9")) in problem.reason and "baris 2" in problem.reason


def _poisoned(part: str, xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_workbook([("Data", [HEADER, _row("X-1", "Gowa")], "visible")])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == part else source.read(info.filename))
    return out.getvalue()


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>')


@pytest.mark.parametrize("part,xml", [("xl/workbook.xml", BILLION_LAUGHS), ("xl/worksheets/sheet1.xml", XXE)],
                         ids=["entity-expansion", "xxe"])
def test_xml_attacks_in_xlsx_are_refused_by_defusedxml(part, xml):
    with pytest.raises(FileRejected) as caught:
        read_table("bom.xlsx", _poisoned(part, xml))
    problem = caught.value.problems[0]
    assert problem.code == "xlsx_xml_attack" and part in problem.reason
    assert "root:" not in problem.reason


def test_dates_with_time_fractional_seconds_and_zones():
    assert parse_date("1989-07-26 00:00:00.000") == date(1989, 7, 26)
    assert parse_date("2024-03-15T23:30:00.123+07:00") == date(2024, 3, 15)
    assert parse_date("2024-03-15T08:30:00Z") == date(2024, 3, 15)
    assert parse_date("15 March 2024") == date(2024, 3, 15)
    assert parse_date("14/02/2024 10:30") == date(2024, 2, 14)
