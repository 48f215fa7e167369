"""Writes the malformed-file corpus in tests/data/malformed/ and its manifest (run once; the files are committed).

``python tests/data/make_corpus.py`` — each entry of ``manifest.json`` names the file, the
import kind, the expected message code, and the row it must be reported on (when it is a row problem).
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "malformed"
H = "ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat;meninggal;luka;uraian\n"
OK = "M-1;polri;2024-02-14;Kab. Gowa;bentrok_antarwarga;sedang;0;1;baris baik\n"


def incident_rows(*rows: str) -> bytes:
    return (H + OK + "".join(r + "\n" for r in rows)).encode("utf-8")


def xlsx_bytes(rows: list[list[object]], *, vba: bool = False) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if vba:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0fake macro")
        data = out.getvalue()
    return data


XLSX_HEADER = ["ref_sumber", "sumber", "tanggal_kejadian", "kabupaten_kota", "kategori", "tingkat", "uraian"]

CORPUS: list[tuple[str, str, bytes, str, int | None, dict]] = [
    ("empty.csv", "incidents", b"", "empty_file", None, {}),
    ("whitespace_only.csv", "incidents", b"  \r\n\r\n ;;\r\n", "empty_file", None, {}),
    ("header_only.csv", "incidents", H.encode(), "no_rows", None, {}),
    ("png_renamed.csv", "incidents", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary_as_csv", None, {}),
    ("pdf_renamed.csv", "incidents", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary_as_csv", None, {}),
    ("xlsx_renamed.csv", "incidents", xlsx_bytes([XLSX_HEADER]), "binary_as_csv", None, {}),
    ("utf16_without_bom.csv", "incidents", incident_rows().decode().encode("utf-16-le"), "binary_as_csv", None, {}),
    ("wrong_encoding.csv", "incidents", H.encode() + b"M-1;polri;2024-02-14;Kab. Gowa;ormas;ringan;0;0;\x81\x8d\x90\n",
     "bad_encoding", None, {}),
    ("control_characters.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Gowa;ormas;ringan;0;0;a\x07b"),
     "control_chars", None, {}),
    ("unterminated_quote.csv", "incidents", incident_rows('M-2;polri;2024-02-14;Gowa;ormas;ringan;0;0;"tak ditutup'),
     "bad_csv", None, {}),
    ("bad_date.csv", "incidents", incident_rows("M-2;polri;kemarin sore;Kab. Gowa;ormas;ringan;0;0;x"),
     "bad_date", 3, {}),
    ("impossible_date.csv", "incidents", incident_rows("M-2;polri;31/02/2024;Kab. Gowa;ormas;ringan;0;0;x"),
     "impossible_date", 3, {}),
    ("future_date.csv", "incidents", incident_rows("M-2;polri;2099-01-01;Kab. Gowa;ormas;ringan;0;0;x"),
     "future_date", 3, {}),
    ("ancient_date.csv", "incidents", incident_rows("M-2;polri;14/02/1924;Kab. Gowa;ormas;ringan;0;0;x"),
     "too_old_date", 3, {}),
    ("reported_before_occurred.csv", "incidents",
     ("ref_sumber;sumber;tanggal_kejadian;tanggal_lapor;kabupaten_kota;kategori;tingkat\n"
      "M-1;polri;2024-02-14;2024-02-10;Gowa;ormas;ringan\n").encode(), "reported_before_occurred", 2, {}),
    ("unknown_region.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Kabupaten Atlantis Raya;ormas;ringan;0;0;x"),
     "unknown_region", 3, {}),
    ("misspelt_region.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Bulukumbaa;ormas;ringan;0;0;x"),
     "unknown_region_suggest", 3, {}),
    ("ambiguous_region.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Bandung;ormas;ringan;0;0;x"),
     "ambiguous_region", 3, {}),
    ("unknown_category.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Gowa;perang bintang;ringan;0;0;x"),
     "unknown_code", 3, {}),
    ("unknown_source.csv", "incidents", incident_rows("M-2;dukun;2024-02-14;Gowa;ormas;ringan;0;0;x"),
     "unknown_code", 3, {}),
    ("negative_counts.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Gowa;ormas;ringan;-2;0;x"),
     "negative", 3, {}),
    ("not_a_number.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Gowa;ormas;ringan;dua;0;x"),
     "bad_number", 3, {}),
    ("huge_count.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Gowa;ormas;ringan;0;9.999.999;x"),
     "too_big", 3, {}),
    ("formula_cells.csv", "incidents",
     incident_rows('M-2;polri;2024-02-14;Gowa;ormas;ringan;0;0;"=HYPERLINK(""http://contoh.invalid"";""klik"")"'),
     "formula", 3, {}),
    ("dde_formula.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Gowa;ormas;ringan;0;0;@SUM(1+1)*cmd|' /C calc'!A0"),
     "formula", 3, {}),
    ("duplicated_rows.csv", "incidents", incident_rows(OK.strip()), "duplicate_row", 3, {}),
    ("missing_columns.csv", "incidents", b"ref_sumber;tanggal_kejadian\nM-1;2024-02-14\n", "missing_column", None, {}),
    ("wrong_columns.csv", "incidents", b"nama,alamat,telepon\nBudi,Jl. Mawar,0812\n", "missing_column", None, {}),
    ("duplicate_header.csv", "incidents", b"ref_sumber;ref_sumber;tanggal_kejadian\nA;B;2024-01-01\n",
     "duplicate_header", None, {}),
    ("ragged_row.csv", "incidents", incident_rows("M-2;polri;2024-02-14;Gowa;ormas;ringan;0;0;a;b;c"), "ragged_row", 3, {}),
    ("bad_latlon.csv", "incidents",
     ("ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat;lintang;bujur\n"
      "M-1;polri;2024-02-14;Gowa;ormas;ringan;48,85;2,35\n").encode(), "outside_indonesia", 2, {}),
    ("oversized.csv", "incidents", incident_rows(*[f"M-{i};polri;2024-02-14;Gowa;ormas;ringan;0;0;{'x' * 80}"
                                                   for i in range(2, 200)]), "too_large", None, {"max_bytes": 4096}),
    ("not_a_zip.xlsx", "incidents", H.encode() + OK.encode(), "not_xlsx", None, {}),
    ("zip_without_workbook.xlsx", "incidents", (lambda: (lambda b: (zipfile.ZipFile(b, "w").writestr("a.txt", "hi"),
                                                                    b.getvalue())[1])(io.BytesIO()))(),
     "not_xlsx", None, {}),
    ("truncated.xlsx", "incidents", xlsx_bytes([XLSX_HEADER])[:600], "not_xlsx", None, {}),
    ("with_macros.xlsm", "incidents", xlsx_bytes([XLSX_HEADER], vba=True), "xlsx_macros", None, {}),
    ("formula_cell.xlsx", "incidents",
     xlsx_bytes([XLSX_HEADER, ["M-1", "polri", "2024-02-14", "Gowa", "ormas", "ringan", "=1+1"]]), "formula", 2, {}),
    ("unsupported.docx", "incidents", b"PK\x03\x04 not really", "unsupported_type", None, {}),
    ("unknown_indicator.csv", "indicator_values", b"wilayah;periode;indikator;nilai\nGowa;2024-01;indeks_bahagia;5\n",
     "unknown_indicator", 2, {}),
    ("indicator_out_of_range.csv", "indicator_values",
     b"wilayah;periode;indikator;nilai\nGowa;2024-01;ikp_bawaslu;\"140,5\"\n", "out_of_range", 2, {}),
    ("indicator_bad_period.csv", "indicator_values",
     b"wilayah;periode;indikator;nilai\nGowa;Q5-2024;ikp_bawaslu;50\n", "bad_period", 2, {}),
    ("handling_unknown_incident.csv", "handling_actions",
     b"ref_tindakan;sumber_insiden;ref_insiden;tahap;jenis_tindakan;instansi\nT-1;polri;TIDAK-ADA;penghentian;patroli;polri\n",
     "unknown_incident", 2, {}),
    ("handling_bad_stage.csv", "handling_actions",
     b"ref_tindakan;wilayah;tahap;jenis_tindakan;instansi\nT-1;Gowa;zzz;patroli;polri\n", "unknown_code", 2, {}),
    ("definition_bad_code.csv", "indicator_definitions",
     b"kode;nama;satuan;tinggi_berisiko;sumber\nIKP Bawaslu!;IKP;skor;ya;Bawaslu\n", "bad_code", 2, {}),
    ("definition_min_above_max.csv", "indicator_definitions",
     b"kode;nama;satuan;tinggi_berisiko;sumber;nilai_min;nilai_maks\nx_baru;X;skor;ya;B;100;0\n", "min_above_max", 2, {}),
]


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, kind, data, code, row, extra in CORPUS:
        (HERE / name).write_bytes(data)
        manifest.append({"file": name, "kind": kind, "expected": code, "row": row, **extra})
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(manifest)} berkas ditulis ke {HERE}")


if __name__ == "__main__":
    main()
