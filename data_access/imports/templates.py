"""Import templates in ``assets/templates/``: one CSV and one XLSX per kind, and a column guide.

Generated from the field definitions in :mod:`data_access.imports.kinds`, so templates and
validation never disagree (a test checks the committed files are current and importable).
Regenerate with ``python -m data_access.imports.templates``.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from data_access.imports.kinds import KINDS, KindSpec

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "assets" / "templates"
GUIDE_FILE = "PANDUAN_KOLOM.md"


def template_csv(spec: KindSpec) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([f.key for f in spec.fields])
    writer.writerow([f.example for f in spec.fields])
    return buffer.getvalue().encode("utf-8")


def template_xlsx(spec: KindSpec) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append([f.key for f in spec.fields])
    sheet.append([f.example for f in spec.fields])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    guide = workbook.create_sheet("Panduan")
    guide.append(["Kolom", "Isi", "Wajib", "Keterangan"])
    for f in spec.fields:
        guide.append([f.key, f.label, "ya" if f.required else "tidak", f.guide])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def guide_markdown() -> str:
    lines = ["# Panduan kolom templat impor SIPKS", "",
             "Baris 1 berisi judul kolom; data mulai baris 2. Pemisah CSV boleh `,` `;` atau tab; pengodean UTF-8 "
             "(dengan/tanpa BOM) atau Windows-1252. Angka boleh memakai koma desimal (82,4) dan titik ribuan (1.234). "
             "Tanggal: 2024-02-14, 14/02/2024 atau 14 Februari 2024. Sel berisi rumus (=…, +…, @…) ditolak: "
             "salin sebagai nilai terlebih dahulu. Kolom dengan nama lain dapat dipetakan saat impor.", ""]
    for spec in KINDS.values():
        lines += [f"## {spec.label} (`{spec.kind}`)", "", "| Kolom | Isi | Wajib | Keterangan |", "|---|---|---|---|"]
        lines += [f"| `{f.key}` | {f.label} | {'ya' if f.required else 'tidak'} | {f.guide} |" for f in spec.fields]
        lines.append("")
    return "\n".join(lines)


def expected_files() -> dict[str, bytes]:
    """File name → content of every template file (XLSX compared by its cells, see tests)."""
    files: dict[str, bytes] = {GUIDE_FILE: guide_markdown().encode("utf-8")}
    for kind, spec in KINDS.items():
        files[f"{kind}.csv"] = template_csv(spec)
        files[f"{kind}.xlsx"] = template_xlsx(spec)
    return files


def write_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in expected_files().items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_templates():
        print(written_path)
