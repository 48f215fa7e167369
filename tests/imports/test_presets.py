"""Public exports in, with their presets: UCDP GED (with its HXL tag row) and ACLED files made here
from the public codebooks' column names, every placement checked against the boundary polygons."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import shapely
from sqlalchemy import select

from cli.app import main as cli_main
from data_access.imports import commit, prepare_file
from data_access.imports.mapping_spec import MappingSpec
from data_access.imports.presets import PresetError, load_preset, parse_preset, preset_names
from data_access.models import Incident
from domain.access import SYSTEM

GEO = Path(__file__).resolve().parents[2] / "assets" / "geo"
TODAY = date(2024, 12, 31)

# UCDP GED codebook column order (version 19.1 onwards).
UCDP_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]
# The HXL hashtag row as distributed with the humanitarian-data copy of GED.
UCDP_HXL = {"id": "#event+id", "year": "#date+year", "side_a": "#group+name+a", "side_b": "#group+name+b",
            "adm_1": "#adm1+name", "adm_2": "#adm2+name", "latitude": "#geo+lat", "longitude": "#geo+lon",
            "country": "#country+name", "date_start": "#date+start", "date_end": "#date+end",
            "best": "#affected+killed+best", "where_coordinates": "#loc+name"}

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


def ucdp_row(event_id: int, violence: int, adm_1: str, adm_2: str, lat: float, lon: float, best: int,
             start: str, where_prec: int = 1, country: str = "Indonesia") -> dict[str, str]:
    row = {c: "" for c in UCDP_COLUMNS}
    row.update(id=str(event_id), relid=f"IDN-{start[:4]}-1-{event_id}", year=start[:4], type_of_violence=str(violence),
               dyad_name="Government of Indonesia - GAM", side_a="Government of Indonesia", side_b="GAM",
               where_prec=str(where_prec), where_coordinates=f"{adm_2} town", adm_1=adm_1, adm_2=adm_2,
               latitude=str(lat), longitude=str(lon), country=country, date_start=start, date_end=start,
               best=str(best), high=str(best + 1), low=str(best), deaths_a="0", deaths_b=str(best),
               deaths_civilians="0", deaths_unknown="0", source_headline="Clash reported",
               source_article="Kompas 1999-01-02", region="Asia")
    return row


UCDP_EVENTS = [
    # id, type, adm_1, adm_2, lat, lon, best, date_start, where_prec, expected kab/kota
    (101, 1, "Aceh province", "Aceh Utara district", 5.18, 97.14, 4, "1989-07-26 00:00:00.000", 1, "11.73"),
    (102, 2, "South Sulawesi province", "Makassar city", -5.1477, 119.4327, 0, "1999-01-02 00:00:00.000", 1, "73.71"),
    (103, 3, "Papua province", "Mimika Regency", -4.546, 136.883, 2, "2004-03-15 00:00:00.000", 2, "94.04"),
    (104, 1, "Papua province", "Ilaga", -3.976, 137.623, 1, "2019-05-01 00:00:00.000", 1, "94.05"),
    (105, 1, "Papua province", "Jayapura City", -2.533, 140.717, 1, "2010-10-10 00:00:00.000", 4, "91.71"),
    (106, 2, "West Kalimantan province", "Pontianak", -0.026, 109.342, 7, "1997-02-01 00:00:00.000", 1, "61.71"),
]
UCDP_OUTSIDE = (107, 3, "Dili district", "Dili", -8.556, 125.578, 3, "1991-11-12 00:00:00.000", 1, None)


def ucdp_csv(events=UCDP_EVENTS, outside=True) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, UCDP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow({c: UCDP_HXL.get(c, "") for c in UCDP_COLUMNS})
    for e in [*events, *([UCDP_OUTSIDE] if outside else [])]:
        writer.writerow(ucdp_row(*e[:9]))
    return buffer.getvalue().encode("utf-8")


def acled_row(event_id: str, date_text: str, event_type: str, sub: str, admin1: str, admin2: str, admin3: str,
              lat: float, lon: float, precision: int, fatalities: int) -> dict[str, str]:
    row = {c: "" for c in ACLED_COLUMNS}
    row.update(event_id_cnty=event_id, event_date=date_text, year=date_text[-4:] if " " in date_text else date_text[:4],
               time_precision="1", disorder_type="Demonstrations" if event_type in ("Protests", "Riots")
               else "Political violence", event_type=event_type, sub_event_type=sub,
               actor1="Protesters (Indonesia)", actor2="Police Forces of Indonesia (2014-)", interaction="16",
               iso="360", region="Southeast Asia", country="Indonesia", admin1=admin1, admin2=admin2,
               admin3=admin3, location=admin2, latitude=str(lat), longitude=str(lon), geo_precision=str(precision),
               source="Kompas", source_scale="National", notes=f"On {date_text}, {sub.lower()} in {admin2}.",
               fatalities=str(fatalities), tags="crowd size=no report", timestamp="1710500000")
    return row


ACLED_EVENTS = [
    ("IDN1001", "15 March 2024", "Protests", "Peaceful protest", "South Sulawesi", "Makassar", "Tamalate",
     -5.1477, 119.4327, 1, 0, "73.71"),
    ("IDN1002", "2024-03-16", "Riots", "Mob violence", "Jambi", "Jambi", "Telanaipura", -1.61, 103.61, 1, 1, "15.71"),
    ("IDN1003", "17 March 2024", "Battles", "Armed clash", "Central Papua", "Puncak", "Ilaga",
     -3.976, 137.623, 2, 5, "94.05"),
    ("IDN1004", "18 March 2024", "Riots", "Violent demonstration", "West Kalimantan", "Pontianak", "",
     -0.026, 109.342, 1, 0, "61.71"),
]


def acled_csv(events=ACLED_EVENTS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in events:
        writer.writerow(acled_row(*e[:11]))
    return buffer.getvalue().encode("utf-8")


def _polygons() -> dict[str, shapely.Geometry]:
    features = json.loads((GEO / "idn_kabkota.geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["kode"]: shapely.geometry.shape(f["geometry"]) for f in features}


def _stored(engine) -> dict[str, dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(Incident)).mappings().all()
    return {r["source_ref"]: dict(r) for r in rows}


def test_every_preset_file_loads_and_maps_to_known_fields():
    assert {"ucdp_ged", "acled", "peristiwa_koordinat", "kesbangpol"} <= set(preset_names())
    for name in preset_names():
        preset = load_preset(name)
        assert preset.kind == "incidents" and preset.label
    ucdp = load_preset("ucdp_ged")
    assert ucdp.mapping.columns["date_start"] == "tanggal_kejadian"
    assert ucdp.precision is not None and ucdp.precision.column == "where_prec"


def test_a_broken_preset_is_refused_with_its_name():
    with pytest.raises(PresetError, match="contoh.toml"):
        parse_preset("contoh", {"columns": {"x": "no_such_field"}}, "contoh.toml")
    with pytest.raises(PresetError, match="derive.tingkat"):
        parse_preset("contoh", {"derive": {"tingkat": {"how": "magic"}}}, "contoh.toml")
    with pytest.raises(PresetError, match="tidak ada"):
        load_preset("tidak_ada")


def test_derivations_value_maps_and_fixed_values():
    spec = MappingSpec.from_json({
        "columns": {"id": "ref_sumber"}, "fixed": {"arena": "nyata"},
        "value_maps": {"kategori": {"column": "t", "values": {"2": "bentrok_antarwarga"}, "default": "lainnya"}},
        "derive": {"tingkat": {"how": "bands", "columns": ["best"],
                               "bands": [{"from": 0, "value": "ringan"}, {"from": 1, "value": "sedang"},
                                         {"from": 3, "value": "berat"}]},
                   "aktor": {"how": "join", "columns": ["a", "b"], "separator": " vs "},
                   "meninggal": {"how": "sum", "columns": ["d1", "d2"]},
                   "uraian": {"how": "template", "template": "{h}. {w}"}}})
    cells = spec.cells({"id": "9", "t": "2", "best": "3", "a": "X", "b": "Y", "d1": "1", "d2": "2", "h": "Bentrok",
                        "w": ""})
    assert cells == {"ref_sumber": "9", "arena": "nyata", "kategori": "bentrok_antarwarga", "tingkat": "berat",
                     "aktor": "X vs Y", "meninggal": "3", "uraian": "Bentrok"}
    assert spec.cells({"t": "1", "best": "0", "a": "", "b": "Y"})["kategori"] == "lainnya"
    assert spec.cells({"t": "1", "best": "2"})["tingkat"] == "sedang"
    assert spec.cells({"t": "1", "best": "0"})["tingkat"] == "ringan"
    assert MappingSpec.from_json(spec.to_json()) == spec


def test_ucdp_ged_export_with_hxl_row_imports_with_its_preset(db):
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "incidents", "ged191.csv", ucdp_csv(), today=TODAY,
                                preset=load_preset("ucdp_ged"))
    assert not prepared.file_problems, prepared.file_problems
    by_row = {}
    for p in prepared.problems:
        by_row.setdefault(p.row, []).append(p)
    # Row 1 = header, row 2 = HXL tags (skipped), data from row 3. Dili is the last row (9).
    assert {p.code for p in by_row[9] if not p.warning} == {"outside_indonesia", "outside_indonesia_name"}
    assert all("di luar wilayah Indonesia" in p.reason for p in by_row[9])
    assert prepared.error_rows == [9]
    # Ilaga is not a kab/kota name: placed by its coordinates, and said so (no far-off suggestion).
    ilaga = [p for p in by_row[6] if p.column == "adm_2"]
    assert ilaga and ilaga[0].warning and "Kab. Puncak" in ilaga[0].reason and "Langsa" not in ilaga[0].reason
    result = commit(db, SYSTEM, prepared, skip_rows=prepared.error_rows)
    assert result.added == len(UCDP_EVENTS)
    stored = _stored(db)
    polygons = _polygons()
    for e in UCDP_EVENTS:
        row = stored[str(e[0])]
        assert row["kabkota_code"] == e[9], (e, row["kabkota_code"])
        assert row["occurred_on"] == date.fromisoformat(e[7][:10])
        assert row["source"] == "ucdp" and row["arena"] == "nyata"
        assert row["deaths"] == e[6]
        assert row["actors"] == "Government of Indonesia vs GAM"
        assert row["category"] == {1: "lainnya", 2: "bentrok_antarwarga", 3: "lainnya"}[e[1]]
        assert row["severity"] == ("ringan" if e[6] == 0 else "sedang" if e[6] < 3 else "berat")
        if e[8] <= 3:  # precise coordinates: the stored kab/kota contains the point
            assert polygons[row["kabkota_code"]].intersects(shapely.Point(e[5], e[4]).buffer(0.05))
    assert stored["102"]["kecamatan_code"] == "73.71.13"   # Sulsel kecamatan boundaries exist
    assert stored["101"]["occurred_on"] == date(1989, 7, 26)   # before 1990 is history, not an error


def test_acled_export_imports_with_its_preset(db):
    with db.connect() as conn:
        prepared = prepare_file(conn, SYSTEM, "incidents", "acled_idn.csv", acled_csv(), today=TODAY,
                                preset=load_preset("acled"))
    assert not prepared.file_problems and not prepared.error_rows, prepared.all_problems()
    commit(db, SYSTEM, prepared)
    stored = _stored(db)
    polygons = _polygons()
    for e in ACLED_EVENTS:
        row = stored[e[0]]
        assert row["kabkota_code"] == e[11]
        assert polygons[row["kabkota_code"]].contains(shapely.Point(e[8], e[7]))
        assert row["deaths"] == e[10]
    assert stored["IDN1001"]["category"] == "unjuk_rasa" and stored["IDN1001"]["occurred_on"] == date(2024, 3, 15)
    assert stored["IDN1002"]["category"] == "main_hakim_sendiri" and stored["IDN1002"]["occurred_on"] == date(2024, 3, 16)
    assert stored["IDN1003"]["severity"] == "berat" and stored["IDN1003"]["category"] == "lainnya"
    assert stored["IDN1001"]["description"].startswith("On 15 March 2024")
    assert stored["IDN1001"]["actors"] == "Protesters (Indonesia) vs Police Forces of Indonesia (2014-)"


def test_cli_imports_a_preset_and_writes_the_full_report(db, tmp_path, capsys):
    source = tmp_path / "ged.csv"
    source.write_bytes(ucdp_csv())
    report = tmp_path / "masalah.csv"
    url = db.url.render_as_string(hide_password=False)
    code = cli_main(["--database-url", url, "import", "incidents", str(source), "--preset", "ucdp_ged",
                     "--report", str(report), "--skip-invalid"])
    assert code == 0, capsys.readouterr()
    text = report.read_text(encoding="utf-8-sig")
    assert "di luar wilayah Indonesia" in text and "Baris" in text.splitlines()[0]
    assert len(_stored(db)) == len(UCDP_EVENTS)
    xlsx = tmp_path / "masalah.xlsx"
    cli_main(["--database-url", url, "import", "incidents", str(source), "--preset", "ucdp_ged", "--report",
              str(xlsx), "--dry-run"])
    assert xlsx.read_bytes().startswith(b"PK")


def test_earliest_date_is_configurable_and_future_dates_are_refused(db):
    events = [(201, 2, "South Sulawesi province", "Makassar city", -5.1477, 119.4327, 0,
               "1950-01-02 00:00:00.000", 1, "73.71"),
              (202, 2, "South Sulawesi province", "Makassar city", -5.1477, 119.4327, 0,
               "2030-01-02 00:00:00.000", 1, "73.71")]
    data = ucdp_csv(events, outside=False)
    preset = load_preset("ucdp_ged")
    with db.connect() as conn:
        default = prepare_file(conn, SYSTEM, "incidents", "g.csv", data, today=TODAY, earliest=date(1945, 8, 17),
                               preset=preset)
        strict = prepare_file(conn, SYSTEM, "incidents", "g.csv", data, today=TODAY, preset=preset)
    assert [p.code for p in default.problems if not p.warning] == ["future_date"]
    assert {p.code for p in strict.problems if p.row == 3} == {"too_old_date"}   # preset floor 1989-01-01


def test_streamed_import_writes_every_chunk_in_one_transaction_or_nothing(db, tmp_path):
    from data_access.imports import rollback
    from data_access.imports.stream import stream_import

    path = tmp_path / "ged.csv"
    path.write_bytes(ucdp_csv())
    preset = load_preset("ucdp_ged")
    from data_access.imports.model import ImportRejected

    with pytest.raises(ImportRejected) as caught:
        stream_import(db, SYSTEM, "incidents", path, preset=preset, today=TODAY, chunk_rows=2)
    assert any(p.code == "outside_indonesia" and p.row == 9 for p in caught.value.problems)
    assert _stored(db) == {}
    outcome = stream_import(db, SYSTEM, "incidents", path, preset=preset, today=TODAY, chunk_rows=2,
                            skip_invalid=True)
    assert outcome.result.added == len(UCDP_EVENTS) and outcome.result.skipped == 1
    assert {ref: row["kabkota_code"] for ref, row in _stored(db).items()} == {str(e[0]): e[9] for e in UCDP_EVENTS}
    # Provenance covers every chunk exactly once: the rollback withdraws all of them.
    assert rollback(db, SYSTEM, outcome.result.import_id).withdrawn == len(UCDP_EVENTS)


def test_cli_mapping_with_fixed_values_value_maps_and_derivations(db, tmp_path, capsys):
    source = tmp_path / "kantor.csv"
    source.write_text("No;Tgl;Kab;Jenis;Korban;Pihak1;Pihak2\n"
                      "K-1;14/02/2024;Kab. Gowa;tawuran;0;Pemuda A;Pemuda B\n"
                      "K-2;15 March 2024;Maros Regency;demo;4;Mahasiswa;Aparat\n", encoding="utf-8")
    mapping = {"columns": {"No": "ref_sumber", "Tgl": "tanggal_kejadian", "Kab": "kabupaten_kota",
                           "Korban": "meninggal"},
               "fixed": {"sumber": "kesbangpol"},
               "value_maps": {"kategori": {"column": "Jenis", "values": {"tawuran": "bentrok_antarwarga",
                                                                         "demo": "unjuk_rasa"}}},
               "derive": {"tingkat": {"how": "bands", "columns": ["Korban"],
                                      "bands": [{"from": 0, "value": "ringan"}, {"from": 3, "value": "berat"}]},
                          "aktor": {"how": "join", "columns": ["Pihak1", "Pihak2"], "separator": " vs "}}}
    spec = tmp_path / "pemetaan.json"
    spec.write_text(json.dumps(mapping), encoding="utf-8")
    url = db.url.render_as_string(hide_password=False)
    code = cli_main(["--database-url", url, "import", "incidents", str(source), "--mapping", f"@{spec}"])
    assert code == 0, capsys.readouterr()
    stored = _stored(db)
    assert stored["K-1"]["category"] == "bentrok_antarwarga" and stored["K-1"]["severity"] == "ringan"
    assert stored["K-2"]["category"] == "unjuk_rasa" and stored["K-2"]["severity"] == "berat"
    assert stored["K-2"]["kabkota_code"] == "73.09" and stored["K-1"]["actors"] == "Pemuda A vs Pemuda B"
    assert stored["K-1"]["source"] == "kesbangpol"
    bad = tmp_path / "rusak.json"
    bad.write_text(json.dumps({"derive": {"tingkat": {"how": "sihir"}}}), encoding="utf-8")
    assert cli_main(["--database-url", url, "import", "incidents", str(source), "--mapping", f"@{bad}"]) != 0
