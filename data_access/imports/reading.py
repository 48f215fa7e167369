"""Reading an uploaded CSV or XLSX safely into rows of text.

Safety rules, checked before any parsing: a size limit; a file that is not what
its extension says (a binary renamed ``.csv``, an ``.xlsx`` that is not a zip, a
workbook with VBA macros) is refused; XLSX is opened with openpyxl in read-only
mode and formulas are never evaluated — a formula cell arrives as its text
(``=SUM(…)``) and validation rejects it (see :mod:`data_access.imports.parsing`).
No pickle, no eval, no pandas ``read_excel`` engine guessing.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from data_access.imports.messages import Problem, human_size, message

MAX_BYTES = 20 * 1024 * 1024            # upload limit (also set in .streamlit/config.toml's maxUploadSize)
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # an xlsx is a zip: refuse zip bombs before openpyxl expands them
MAX_ROWS = 200_000

_MAGIC = (
    (b"PK\x03\x04", "arsip ZIP/Excel .xlsx"),
    (b"\xd0\xcf\x11\xe0", "buku kerja Excel lama (.xls) atau dokumen Office"),
    (b"%PDF", "dokumen PDF"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"\x1f\x8b", "arsip GZIP"),
    (b"MZ", "program Windows"),
    (b"\x7fELF", "program"),
    (b"Rar!", "arsip RAR"),
    (b"7z\xbc\xaf", "arsip 7z"),
    (b"SQLite format 3", "basis data SQLite"),
)


class FileRejected(Exception):
    """The file as a whole cannot be imported; ``problems`` say why (nothing was written)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.reason for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class RawTable:
    """A file's header and data rows as text, each with its spreadsheet row number (header = 1)."""

    file_name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    problems: tuple[Problem, ...] = ()   # row-level reading problems (e.g. too many cells)

    def __len__(self) -> int:
        return len(self.rows)


def _reject(file_name: str, code: str, **params: object) -> FileRejected:
    return FileRejected([Problem(file_name, None, None, None, message(code, **params), code)])


def read_table(file_name: str, data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> RawTable:
    """Parse ``data`` (the uploaded bytes) by its extension; raise :class:`FileRejected` when unusable."""
    if len(data) > max_bytes:
        raise _reject(file_name, "too_large", size=human_size(len(data)), limit=human_size(max_bytes))
    if not data.strip():
        raise _reject(file_name, "empty_file")
    ext = PurePath(file_name).suffix.lower()
    if ext in (".csv", ".txt", ".tsv"):
        header, body = _read_csv(file_name, data)
    elif ext in (".xlsx", ".xlsm"):
        header, body = _read_xlsx(file_name, data)
    else:
        raise _reject(file_name, "unsupported_type", ext=ext or "(tanpa akhiran)")
    return _build(file_name, header, body, max_rows)


# --------------------------------------------------------------------------- CSV


def _decode(file_name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _reject(file_name, "binary_as_csv", what=what)
    head = data[:8192]
    if b"\x00" in head:
        raise _reject(file_name, "binary_as_csv", what="data biner")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252: what Excel on Indonesian Windows writes for "CSV (Comma delimited)".
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _reject(file_name, "bad_encoding") from None


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in (",", ";", "\t"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        if counts[0] < 2:
            continue
        # Prefer the delimiter that gives many columns consistently across lines.
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = consistent * 100 + counts[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(file_name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = _decode(file_name, data)
    if any(ch in text for ch in ("\x00", "\x01", "\x02", "\x03", "\x04", "\x05", "\x06", "\x07", "\x08",
                                 "\x0b", "\x0e", "\x0f", "\x10", "\x11", "\x12", "\x13", "\x14", "\x1a")):
        raise _reject(file_name, "control_chars")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as exc:
        raise _reject(file_name, "bad_csv", detail=f"baris {reader.line_num}: {exc}") from None
    records = [(n, r) for n, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    if not records:
        raise _reject(file_name, "empty_file")
    # Number records, not physical lines (a quoted cell may span lines): header = row 1,
    # and blank records keep their number, as in a spreadsheet.
    if records[0][0] != 1:
        records = [(n - records[0][0] + 1, r) for n, r in records]
    return records[0][1], records[1:]


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(file_name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if not data.startswith(b"PK"):
        raise _reject(file_name, "not_xlsx", detail="bukan arsip ZIP")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _reject(file_name, "not_xlsx", detail=f"arsip rusak: {exc}") from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _reject(file_name, "xlsx_macros")
    if "xl/workbook.xml" not in names:
        raise _reject(file_name, "not_xlsx", detail="tidak ada xl/workbook.xml")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _reject(file_name, "xlsx_too_large", size=human_size(unzipped), limit=human_size(MAX_UNZIPPED_BYTES))
    import openpyxl  # imported here: only XLSX uploads need it

    try:
        # read_only streams rows; data_only=False so a formula arrives as its text and is
        # rejected by validation instead of trusting a cached value nobody can see.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many types for corrupt files; all mean the same to the user
        raise _reject(file_name, "not_xlsx", detail=type(exc).__name__) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append((index, cells))
            if len(rows) > MAX_ROWS + 1:
                break
    except Exception as exc:
        raise _reject(file_name, "not_xlsx", detail=type(exc).__name__) from None
    finally:
        workbook.close()
    if not rows:
        raise _reject(file_name, "empty_file")
    _, header = rows[0]
    # Trailing empty header cells are formatting leftovers, not columns.
    while header and not header[-1].strip():
        header.pop()
    return header, rows[1:]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


# --------------------------------------------------------------------------- common


def _build(file_name: str, header: list[str], body: list[tuple[int, list[str]]], max_rows: int) -> RawTable:
    header = [h.strip() for h in header]
    while header and header[-1] == "":
        header.pop()
    problems: list[Problem] = []
    for index, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(file_name, 1, None, None, message("blank_header", index=index), "blank_header"))
    seen: set[str] = set()
    for name in header:
        if name and name.lower() in seen:
            problems.append(Problem(file_name, 1, name, name, message("duplicate_header", value=name),
                                    "duplicate_header"))
        seen.add(name.lower())
    if problems:
        raise FileRejected(problems)
    if not body:
        raise _reject(file_name, "no_rows")
    if len(body) > max_rows:
        raise _reject(file_name, "too_many_rows", limit=f"{max_rows:,}".replace(",", "."))
    width = len(header)
    rows, numbers, ragged = [], [], []
    for number, record in body:
        if any(cell.strip() for cell in record[width:]):
            # Usually an unquoted delimiter inside a description: the cells have shifted,
            # so the row cannot be trusted; it is reported and can only be skipped or fixed.
            ragged.append(Problem(file_name, number, None, None,
                                  message("ragged_row", found=len(record), expected=width), "ragged_row"))
        cells = tuple(record[:width]) + ("",) * max(0, width - len(record))
        rows.append(cells)
        numbers.append(number)
    return RawTable(file_name, tuple(header), tuple(rows), tuple(numbers), tuple(ragged))
