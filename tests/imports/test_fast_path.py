"""The column-wise fast path of incident validation gives exactly what the row validator gives.

Clean incident rows are validated column by column (``incident_columns``); rows with any problem
go through the row validator. Each file here is prepared twice, once as the import does it and
once with the fast path switched off (every row through the row validator), and the two results
must be identical: the same values (in the same key order), keys, problems and preview.
"""
from __future__ import annotations

import csv
import importlib
import io
import random
from datetime import date

import pytest

from data_access.imports import prepare_file
from data_access.imports.mapping_spec import MappingSpec
from data_access.imports.presets import load_preset
from domain.access import SYSTEM, Principal, Role, Scope
from tests.imports.test_presets import ACLED_EVENTS, UCDP_EVENTS, acled_csv, acled_row, ucdp_csv

prepare_module = importlib.import_module("data_access.imports.prepare")
TODAY = date(2024, 12, 31)

# Every rule of validate_incident, hit by some value of some column (valid values dominate, so
# most rows are clean and take the fast path).
POOLS: dict[str, list[str]] = {
    "sumber": ["polri", "Polri", " media ", "", "polisi", "=cmd|x"],
    "tanggal_kejadian": ["14/02/2024", "2024-02-14", "14 Februari 2024", "1989-07-26 00:00:00.000", "",
                         "31/02/2024", "2030-01-01", "1900-01-01", "kemarin", "2024-03-15T08:30:00+07:00"],
    "jam_kejadian": ["", "14:30", "25:00", "08.15"],
    "tanggal_lapor": ["", "2024-02-20", "2024-01-01", "bukan", "15/02/2024"],
    "provinsi": ["", "Sulawesi Selatan", "Sulsel", "Jambi", "Atlantis", "Papua"],
    "kabupaten_kota": ["Kab. Gowa", "Mks", "PANGKEP", "73.71", "Kota Makassar", "", "Gowa ", "Bandung", "Jambi",
                       "Atlantis", "Makasar", "Pontianak", "11.01"],
    "kecamatan": ["", "", "Tamalate", "Somba Opu", "Tidak Ada", "73.71.10"],
    "lintang": ["", "-5,1477", "-5.2", "-5.1477", "abc", "10.0", "-5.31"],
    "bujur": ["", "119,4327", "119.43", "119.4327", "119.5", "200", "119.52"],
    "kategori": ["bentrok antarwarga", "unjuk_rasa", "Sengketa lahan & SDA", "", "perang", "unjuk rasa"],
    "tingkat": ["ringan", "sedang", "berat", "", "parah", " Sedang "],
    "arena": ["", "nyata", "maya", "darat"],
    "verifikasi": ["", "belum", "terverifikasi", "salah"],
    "sensitivitas": ["", "umum", "rahasia"],
    "status_penanganan": ["", "baru", "selesai", "tamat"],
    "meninggal": ["", "0", "1", "-1", "1,5", "1.234", "200000", "dua"],
    "luka": ["", "0", "3"],
    "mengungsi": ["", "0", "12"],
    "aktor": ["", "Warga A dan B", "x" * 2001, "+SUM(A1)"],
    "uraian": ["", "Bentrok pemuda", "  Sengketa  ", "@cmd", "-2+3+cmd|' /C calc'!A0", "y" * 10001, "-5"],
}


def _template_file(rows: int, columns: list[str], seed: int) -> bytes:
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["ref_sumber", *columns])
    for i in range(rows):
        # Mostly the first (valid) values, sometimes anything from the pool.
        cells = [POOLS[c][0] if rng.random() < 1 - 1.5 / len(columns) else rng.choice(POOLS[c]) for c in columns]
        ref = rng.choice([f"P-{i}", f"P-{i}", f"P-{i}", f"P-{i // 2}", "", "z" * 121, f" P-{i} "])
        writer.writerow([ref, *cells])
    return buffer.getvalue().encode("utf-8")


def _prepare_both(db, monkeypatch, name: str, data: bytes, principal: Principal = SYSTEM, **kwargs):
    with db.connect() as conn:
        fast = prepare_file(conn, principal, "incidents", name, data, today=TODAY, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(prepare_module, "clean_incident_values", lambda cells, rows, ctx, points: [None] * rows)
        with db.connect() as conn:
            slow = prepare_file(conn, principal, "incidents", name, data, today=TODAY, **kwargs)
    return fast, slow


def _assert_same(fast, slow) -> None:
    assert not fast.file_problems and not slow.file_problems
    assert [(r.row, r.key) for r in fast.rows] == [(r.row, r.key) for r in slow.rows]
    for a, b in zip(fast.rows, slow.rows):
        assert a.values == b.values, a.row
        if a.values is not None:
            assert list(a.values) == list(b.values), a.row   # same key order (the preview's columns)
    assert fast.problems == slow.problems
    assert fast.preview_frame(None).equals(slow.preview_frame(None))


@pytest.mark.parametrize("columns", [
    list(POOLS),
    ["sumber", "tanggal_kejadian", "kabupaten_kota", "kategori", "tingkat"],
    ["tanggal_kejadian", "kabupaten_kota", "kecamatan", "kategori", "tingkat", "meninggal", "uraian"],
    ["sumber", "tanggal_kejadian", "tanggal_lapor", "provinsi", "kabupaten_kota", "lintang", "bujur", "kategori",
     "tingkat", "aktor"],
])
def test_fast_path_matches_row_validator_on_template_files(db, monkeypatch, columns):
    data = _template_file(400, columns, seed=len(columns))
    fast, slow = _prepare_both(db, monkeypatch, "laporan.csv", data, source_name="Polri")
    _assert_same(fast, slow)
    clean = [r for r in fast.rows if r.values is not None]
    assert 20 < len(clean) < len(fast.rows)   # both paths were exercised
    assert fast.problems


def test_fast_path_matches_row_validator_with_scope_and_source_default(db, monkeypatch):
    operator = Principal("op_mks", Role.OPERATOR, Scope.for_region("73.71"))
    data = _template_file(300, list(POOLS), seed=7)
    fast, slow = _prepare_both(db, monkeypatch, "laporan.csv", data, principal=operator)
    _assert_same(fast, slow)
    assert any(p.code == "out_of_scope" for p in fast.problems)


@pytest.mark.parametrize("preset_name", ["acled", "ucdp_ged"])
def test_fast_path_matches_row_validator_with_presets(db, monkeypatch, preset_name):
    preset = load_preset(preset_name)
    if preset_name == "acled":
        events = list(ACLED_EVENTS)
        extra = [acled_row(f"IDN9{i}", d, "Protests", sub, a1, a2, a3, lat, lon, prec, dead)
                 for i, (d, sub, a1, a2, a3, lat, lon, prec, dead) in enumerate([
                     ("19 March 2024", "Peaceful protest", "South Sulawesi", "Gowa", "", -5.31, 119.52, 3, 0),
                     ("2024-03-20", "Other", "South Sulawesi", "Makassar", "", 10.0, 130.0, 1, 0),
                     ("2024-03-21", "Arrests", "Jambi", "Bandung", "", -1.61, 103.61, 1, 2),
                     ("2024-03-22", "Attack", "", "", "", -5.1477, 119.4327, 1, 3),
                     ("2030-03-22", "Attack", "", "", "", -5.1477, 119.4327, 3, 3),
                     ("2024-03-23", "Attack", "Bali", "Makassar", "", -5.1477, 119.4327, 1, 3),
                     ("2024-03-24", "Attack", "", "", "", -5.1477, 119.4327, 3, 3),
                 ])]
        buffer = io.StringIO(acled_csv(events).decode("utf-8"))
        text = buffer.getvalue()
        out = io.StringIO()
        writer = csv.DictWriter(out, list(extra[0]), lineterminator="\n")
        for row in extra:
            writer.writerow(row)
        data = (text + out.getvalue()).encode("utf-8")
    else:
        data = ucdp_csv(UCDP_EVENTS)
    fast, slow = _prepare_both(db, monkeypatch, f"{preset_name}.csv", data, preset=preset)
    _assert_same(fast, slow)
    assert any(r.values is not None for r in fast.rows)


def test_cells_columns_equal_cells_row_by_row():
    spec = MappingSpec.from_json({
        "columns": {"id": "ref_sumber", "kat": "kategori"},
        "fixed": {"sumber": "media", "kategori": "lainnya"},
        "value_maps": {"tingkat": {"column": "t", "values": {"1": "ringan", "2": "berat"}, "default": "sedang"}},
        "derive": {"aktor": {"how": "join", "columns": ["a", "b", "absent"], "separator": " vs "},
                   "meninggal": {"how": "sum", "columns": ["d1", "d2"]},
                   "uraian": {"how": "template", "template": "{a}: {h}. {absent}"},
                   "luka": {"how": "bands", "columns": ["d1"], "bands": [{"from": 0, "value": "0"},
                                                                          {"from": 2, "value": "9"}]},
                   "arena": {"how": "first", "columns": ["h", "a"]}},
    })
    rng = random.Random(3)
    header = ("id", "kat", "t", "a", "b", "d1", "d2", "h")
    pools = {"id": ["1", "2", " "], "kat": ["", " ", "bentrok"], "t": ["1", "2", "3", ""], "a": ["X", "", " Y "],
             "b": ["Z", ""], "d1": ["1", "2,5", "x", ""], "d2": ["0", "4", ""], "h": ["Judul", "", "  "]}
    rows = tuple(tuple(rng.choice(pools[c]) for c in header) for _ in range(300))
    by_column = spec.cells_columns(header, rows)
    for i, raw in enumerate(rows):
        expected = spec.cells(dict(zip(header, raw)))
        got = {field: values[i] for field, values in by_column.items()}
        assert got == expected and list(got) == list(expected)
