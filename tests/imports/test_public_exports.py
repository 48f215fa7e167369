"""Public exports as others make them: global and regional files, older header spellings, coarse dates and
points, and a Bawaslu table with both province and kab/kota columns (codebook definitions, not our samples)."""
from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select

from data_access.imports import commit, prepare_file
from data_access.imports.mapping import guess_mapping
from data_access.imports.mapping_spec import MappingSpec
from data_access.imports.presets import load_preset
from data_access.models import Incident
from domain.access import SYSTEM
from tests.imports.test_import_core import run_import
from tests.imports.test_presets import ACLED_COLUMNS, ACLED_EVENTS, UCDP_COLUMNS, acled_row, ucdp_row

TODAY = date(2024, 12, 31)


def _csv(columns: list[str], rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header or columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
    return buffer.getvalue().encode("utf-8")


def _prepare(db, name: str, data: bytes, preset: str):
    with db.connect() as conn:
        return prepare_file(conn, SYSTEM, "incidents", name, data, today=TODAY, preset=load_preset(preset))


def _codes(prepared) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for p in prepared.problems:
        out.setdefault(p.row, set()).add(p.code)
    return out


def test_a_ucdp_id_and_a_media_report_with_the_same_number_stay_two_events(db):
    """Each public dataset has its own source code: its ids never match another source's references."""
    ged = _csv(UCDP_COLUMNS, [ucdp_row(270009, 2, "South Sulawesi province", "Makassar city", -5.1477, 119.4327,
                                       2, "2012-10-11 00:00:00.000")])
    prepared = _prepare(db, "ged.csv", ged, "ucdp_ged")
    assert commit(db, SYSTEM, prepared).added == 1
    media = (b"ref_sumber,sumber,tanggal_kejadian,kabupaten_kota,kategori,tingkat\n"
             b"270009,media,2024-01-05,Kota Makassar,lainnya,ringan\n")
    _, result = run_import(db, media)
    assert (result.added, result.updated) == (1, 0)
    with db.connect() as conn:
        stored = {(s, r): (d, n) for s, r, d, n in conn.execute(
            select(Incident.source, Incident.source_ref, Incident.occurred_on, Incident.deaths))}
    assert stored == {("ucdp", "270009"): (date(2012, 10, 11), 2), ("media", "270009"): (date(2024, 1, 5), 0)}


def test_another_countrys_events_are_refused_not_placed_across_the_border(db):
    """Balibo and Maliana (Timor-Leste) lie within a few km of Kab. Belu: the country column decides."""
    ged = _csv(UCDP_COLUMNS, [
        ucdp_row(1, 3, "Bobonaro district", "Balibo", -8.9833, 125.0667, 5, "1999-09-21 00:00:00.000",
                 country="Timor-Leste"),
        ucdp_row(2, 2, "South Sulawesi province", "Makassar city", -5.1477, 119.4327, 1, "2012-10-11"),
    ])
    prepared = _prepare(db, "ged.csv", ged, "ucdp_ged")
    problems = {p.row: p for p in prepared.problems if not p.warning}
    assert set(problems) == {2} and problems[2].code == "other_country"
    assert (problems[2].column, problems[2].value) == ("country", "Timor-Leste")
    assert "Timor-Leste" in problems[2].reason

    maliana = acled_row("TLS2001", "12 May 2024", "Protests", "Peaceful protest", "Bobonaro", "Maliana", "",
                        -8.9916, 125.2197, 1, 0)
    maliana.update(country="Timor-Leste", iso="626")
    acled = _csv(ACLED_COLUMNS, [maliana, acled_row(*ACLED_EVENTS[0][:11])])
    prepared = _prepare(db, "asia_tenggara.csv", acled, "acled")
    assert {row: codes for row, codes in _codes(prepared).items()} == {2: {"other_country"}}
    assert [r.values["kabkota_code"] for r in prepared.rows if r.values] == ["73.71"]


def test_a_ucdp_event_dated_only_to_its_year_is_refused(db):
    """date_prec 5 (GED codebook: known only within the year) cannot be counted in a month."""
    rows = [ucdp_row(n, 2, "South Sulawesi province", "Makassar city", -5.1477, 119.4327, 1,
                     "2005-01-01 00:00:00.000") for n in (11, 12)]
    rows[0]["date_prec"], rows[1]["date_prec"] = "5", "4"
    prepared = _prepare(db, "ged.csv", _csv(UCDP_COLUMNS, rows), "ucdp_ged")
    assert _codes(prepared) == {2: {"date_too_coarse"}}
    assert "date_prec = 5" in prepared.problems[0].reason
    assert [r.values["source_ref"] for r in prepared.rows if r.values] == ["12"]


def test_a_country_centroid_at_sea_leaves_the_names_to_place_the_event(db):
    """where_prec 6 puts the point at Indonesia's centroid (in the sea): not an error, the names decide."""
    row = ucdp_row(21, 2, "South Sulawesi province", "Makassar city", -2.0, 118.0, 1, "2012-10-11", where_prec=6)
    prepared = _prepare(db, "ged.csv", _csv(UCDP_COLUMNS, [row]), "ucdp_ged")
    assert _codes(prepared) == {2: {"coarse_point_outside"}}
    assert all(p.warning for p in prepared.problems)
    (stored,) = [r.values for r in prepared.rows]
    assert (stored["kabkota_code"], stored["lat"], stored["lon"]) == ("73.71", None, None)


def test_a_point_just_off_the_simplified_coast_is_placed_with_a_warning(db):
    """1.6 km off Makassar's boundary (the sea of a simplified coastline): placed there, and said so."""
    row = ucdp_row(31, 2, "South Sulawesi province", "", -5.16, 119.37, 1, "2012-10-11")
    prepared = _prepare(db, "ged.csv", _csv(UCDP_COLUMNS, [row]), "ucdp_ged")
    assert _codes(prepared) == {2: {"point_near_boundary"}}
    assert "Kota Makassar" in prepared.problems[0].reason
    assert prepared.rows[0].values["kabkota_code"] == "73.71"


def test_acled_headers_in_capitals_are_read_with_the_preset(db):
    """The ACLED codebook and older exports write EVENT_ID_CNTY, EVENT_DATE …; the API lower case."""
    rows = [acled_row(*e[:11]) for e in ACLED_EVENTS]
    lower = _prepare(db, "acled.csv", _csv(ACLED_COLUMNS, rows), "acled")
    upper = _prepare(db, "ACLED.csv", _csv(ACLED_COLUMNS, rows, header=[c.upper() for c in ACLED_COLUMNS]), "acled")
    assert not upper.file_problems, upper.file_problems
    assert [r.values for r in upper.rows] == [r.values for r in lower.rows]
    assert [r.values["source"] for r in upper.rows] == ["acled"] * len(ACLED_EVENTS)


def test_a_bawaslu_table_with_province_and_kabkota_columns_is_read_per_kabkota():
    """IKP kab/kota tables carry the province too; the region is the most specific column."""
    header = ("Provinsi", "Kabupaten/Kota", "Periode", "Indikator", "Skor", "Kategori")
    assert guess_mapping("indicator_values", header) == {
        "Kabupaten/Kota": "wilayah", "Periode": "periode", "Indikator": "indikator", "Skor": "nilai"}
    assert guess_mapping("indicator_values", ("Provinsi", "Tahun", "Indikator", "Skor"))["Provinsi"] == "wilayah"


def test_a_dotted_score_out_of_range_says_how_it_was_read(db):
    definitions = (b"kode;nama;satuan;tinggi_berisiko;sumber;nilai_min;nilai_maks\n"
                   b"ikp_bawaslu;IKP Bawaslu;skor 0-100;ya;Bawaslu;0;100\n")
    run_import(db, definitions, kind="indicator_definitions")
    values = (b"Provinsi;Kabupaten/Kota;Periode;Indikator;Skor\n"
              b"Sulawesi Selatan;Kota Makassar;2024;ikp_bawaslu;63.125\n"
              b"Sulawesi Selatan;Kab. Gowa;2024;ikp_bawaslu;63,125\n")
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "indicator_values", "ikp.csv", values, today=TODAY)
    (problem,) = prepared.problems
    assert (problem.row, problem.code, problem.column) == (2, "out_of_range_thousands", "Skor")
    assert "63125" in problem.reason and "63,125" in problem.reason
    (gowa,) = [r.values for r in prepared.rows if r.values]
    assert (gowa["region_code"], gowa["value"]) == ("73.06", 63.125)


def test_an_acled_sub_event_type_the_preset_does_not_list_is_reported(db):
    """It still becomes the default category, but the user is told which value and how many rows."""
    rows = [acled_row(*e[:11]) for e in ACLED_EVENTS]
    rows[1]["sub_event_type"] = rows[2]["sub_event_type"] = "Protest with a new name"
    prepared = _prepare(db, "acled.csv", _csv(ACLED_COLUMNS, rows), "acled")
    (problem,) = prepared.problems
    assert (problem.row, problem.column, problem.value, problem.code, problem.warning) == (
        3, "sub_event_type", "Protest with a new name", "value_not_in_map", True)
    assert "2 baris" in problem.reason and "lainnya" in problem.reason
    assert [r.values["category"] for r in prepared.rows] == ["unjuk_rasa", "lainnya", "lainnya", "unjuk_rasa"]


def test_acled_clashes_between_groups_of_society_are_bentrok_antarwarga(db):
    """The interaction decides: two crowds (55 / Rioters-Rioters) or two identity militias (44) clashing are
    a communal clash; a crowd attacking civilians (57) stays main hakim sendiri."""
    cases = [("Mob violence", "55", "bentrok_antarwarga"), ("Mob violence", "Rioters-Rioters", "bentrok_antarwarga"),
             ("Mob violence", "57", "main_hakim_sendiri"), ("Armed clash", "44", "bentrok_antarwarga"),
             ("Armed clash", "13", "lainnya")]
    rows = []
    for n, (sub, interaction, _) in enumerate(cases):
        row = acled_row(f"IDN90{n}", "2024-03-16", "Riots", sub, "North Maluku", "Ternate", "", 0.79, 127.37, 1, 0)
        row["interaction"] = interaction
        rows.append(row)
    prepared = _prepare(db, "acled.csv", _csv(ACLED_COLUMNS, rows), "acled")
    assert not [p for p in prepared.problems if p.code == "value_not_in_map"]
    assert [r.values["category"] for r in prepared.rows] == [expected for *_, expected in cases]


def test_a_two_column_value_map_round_trips_and_falls_back_to_the_first_column():
    spec = MappingSpec.from_json({"value_maps": {"kategori": {
        "column": "sub", "with_column": "inter", "default": "lainnya",
        "values": {"Mob violence / 55": "bentrok_antarwarga", "Mob violence": "main_hakim_sendiri"}}}})
    assert MappingSpec.from_json(spec.to_json()) == spec
    assert spec.cells({"sub": "Mob violence", "inter": "55"})["kategori"] == "bentrok_antarwarga"
    assert spec.cells({"sub": "Mob violence", "inter": "17"})["kategori"] == "main_hakim_sendiri"
    assert spec.cells({"sub": "Mob violence"})["kategori"] == "main_hakim_sendiri"
    assert spec.cells_columns(("sub", "inter"), (("Mob violence", "55"), ("Mob violence", "")))["kategori"] == [
        "bentrok_antarwarga", "main_hakim_sendiri"]
    assert spec.source_columns() == {"sub", "inter"}
