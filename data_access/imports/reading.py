"""Reading an uploaded CSV or XLSX safely into rows of text.

Safety rules, checked before any parsing: a size limit; a file that is not what
its extension says (a binary renamed ``.csv``, an ``.xlsx`` that is not a zip, a
workbook with VBA macros) is refused; every XML part of an XLSX is checked with
defusedxml (no DTD, no entity expansion, no external references) before openpyxl
opens it in read-only mode; formulas are never evaluated — a formula cell arrives as
its text (``=SUM(…)``) and validation rejects it (see :mod:`data_access.imports.parsing`).
Hidden sheets are never read; a workbook with several visible data sheets needs the
sheet named (:class:`SheetChoiceNeeded`). An HXL hashtag row under the header
(``#date+start``, ``#adm2+name``) is recognised and skipped. Oversized cells, NUL bytes
and undecodable bytes are reported with their row, column or byte position.
No pickle, no eval, no pandas ``read_excel`` engine guessing.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as defused_fromstring

from data_access.imports.messages import Problem, human_size, message
from data_access.imports.parsing import normalise_name

MAX_BYTES = 20 * 1024 * 1024            # upload limit (also set in .streamlit/config.toml's maxUploadSize)
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # an xlsx is a zip: refuse zip bombs before openpyxl expands them
MAX_ROWS = 200_000
MAX_CELL_CHARS = 32_767                 # Excel's own limit for one cell
# Sheets that explain a workbook rather than hold data (the SIPKS templates carry "Panduan").
GUIDE_SHEETS = {"panduan", "petunjuk", "keterangan", "guide", "readme", "instructions", "catatan", "info"}

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


class SheetChoiceNeeded(FileRejected):
    """A workbook with more than one visible data sheet: the caller must name one (``sheets``)."""

    def __init__(self, problems: list[Problem], sheets: list[str]):
        super().__init__(problems)
        self.sheets = sheets


@dataclass(frozen=True)
class RawTable:
    """A file's header and data rows as text, each with its spreadsheet row number (header = 1)."""

    file_name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    problems: tuple[Problem, ...] = ()   # row-level reading problems (e.g. too many cells)
    tags: tuple[str, ...] = ()           # the HXL hashtag row, when the file has one
    sheet: str | None = None             # the worksheet read (XLSX)

    def __len__(self) -> int:
        return len(self.rows)


def _reject(file_name: str, code: str, **params: object) -> FileRejected:
    return FileRejected([Problem(file_name, None, None, None, message(code, **params), code)])


def read_table(file_name: str, data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
               sheet: str | None = None) -> RawTable:
    """Parse ``data`` (the uploaded bytes) by its extension; raise :class:`FileRejected` when unusable.

    ``sheet`` names the worksheet of an XLSX with several visible data sheets.
    """
    if len(data) > max_bytes:
        raise _reject(file_name, "too_large", size=human_size(len(data)), limit=human_size(max_bytes))
    if not data.strip():
        raise _reject(file_name, "empty_file")
    ext = PurePath(file_name).suffix.lower()
    chosen = None
    if ext in (".csv", ".txt", ".tsv"):
        header, body = _read_csv(file_name, data)
    elif ext in (".xlsx", ".xlsm"):
        header, body, chosen = _read_xlsx(file_name, data, sheet)
    else:
        raise _reject(file_name, "unsupported_type", ext=ext or "(tanpa akhiran)")
    table = _build(file_name, header, body, max_rows)
    return RawTable(table.file_name, table.columns, table.rows, table.row_numbers, table.problems, table.tags, chosen)


# --------------------------------------------------------------------------- CSV


def _decode(file_name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _reject(file_name, "binary_as_csv", what=what)
    head = data[:8192]
    if head.count(b"\x00") > 16:
        raise _reject(file_name, "binary_as_csv", what="data biner")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith(b"\xef\xbb\xbf"):
            # The BOM declares UTF-8: a byte that is not UTF-8 is damage, not another encoding.
            offset = exc.start + 3
            raise FileRejected([_byte_problem(file_name, data, offset, "undecodable")]) from None
    try:
        # Windows-1252: what Excel on Indonesian Windows writes for "CSV (Comma delimited)".
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _reject(file_name, "bad_encoding") from None


def _byte_problem(file_name: str, data: bytes, offset: int, code: str) -> Problem:
    """A bad byte located by line (= spreadsheet row for unquoted files), column and byte position."""
    header = data[:data.find(b"\n") if b"\n" in data else len(data)]
    delimiter = max((b";", b",", b"\t"), key=header.count)
    line = data.count(b"\n", 0, offset) + 1
    column = data.count(delimiter, data.rfind(b"\n", 0, offset) + 1, offset) + 1
    return Problem(file_name, line, f"kolom ke-{column}", None, message(code, offset=offset, line=line), code)


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in (",", ";", "\t"):
        counts = [line.count(delimiter) + 1 for line in lines]
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
    delimiter = _sniff_delimiter(text)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FileRejected([_byte_problem(file_name, data, nul, "nul_byte")])
    if any(ch in text for ch in ("\x01", "\x02", "\x03", "\x04", "\x05", "\x06", "\x07", "\x08",
                                 "\x0b", "\x0e", "\x0f", "\x10", "\x11", "\x12", "\x13", "\x14", "\x1a")):
        raise _reject(file_name, "control_chars")
    # The csv module's own cell limit (128 KB) raises mid-file; oversized cells are reported per row below.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _reject(file_name, "bad_csv", detail=f"baris {reader.line_num}: {exc}") from None
    records = [(n, r) for n, r in enumerate(rows, start=1) if has_content(r)]
    if not records:
        raise _reject(file_name, "empty_file")
    # Number records, not physical lines (a quoted cell may span lines): header = row 1,
    # and blank records keep their number, as in a spreadsheet.
    if records[0][0] != 1:
        records = [(n - records[0][0] + 1, r) for n, r in records]
    return records[0][1], records[1:]


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(file_name: str, data: bytes, wanted: str | None
               ) -> tuple[list[str], list[tuple[int, list[str]]], str]:
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
    _defuse(file_name, archive, names)
    import openpyxl  # imported here: only XLSX uploads need it

    try:
        # read_only streams rows; data_only=False so a formula arrives as its text and is
        # rejected by validation instead of trusting a cached value nobody can see.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many types for corrupt files; all mean the same to the user
        raise _reject(file_name, "not_xlsx", detail=type(exc).__name__) from None
    try:
        sheet = _pick_sheet(file_name, workbook, wanted)
        rows: list[tuple[int, list[str]]] = []
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append((index, cells))
            if len(rows) > MAX_ROWS + 2:
                break
    except FileRejected:
        raise
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
    return header, rows[1:], sheet.title


def _defuse(file_name: str, archive: zipfile.ZipFile, names: list[str]) -> None:
    """Refuse XML parts with a DTD, entity declarations or external references (XXE, billion laughs).

    A DTD can only stand in the prolog, before the root element, so large parts are checked on
    their head; small parts are parsed whole by defusedxml.
    """
    for name in names:
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(name) as handle:
            head = handle.read(1 << 20)
        try:
            if len(head) < (1 << 20):
                defused_fromstring(head, forbid_dtd=True, forbid_entities=True, forbid_external=True)
            elif b"<!DOCTYPE" in head[:65536].upper() or b"<!ENTITY" in head[:65536].upper():
                raise DTDForbidden(name, None, None)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
            raise _reject(file_name, "xlsx_xml_attack", detail=f"{name}: {type(exc).__name__}") from None
        except ParseError as exc:
            raise _reject(file_name, "not_xlsx", detail=f"{name}: XML rusak ({exc})") from None


def _pick_sheet(file_name: str, workbook, wanted: str | None):
    """The one visible worksheet holding data; hidden sheets are never candidates."""
    visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if not visible:
        raise _reject(file_name, "hidden_sheets_only")
    names = [ws.title for ws in visible]
    if wanted is not None:
        for ws in visible:
            if ws.title == wanted:
                return ws
        raise _reject(file_name, "unknown_sheet", sheet=wanted, sheets=", ".join(names))
    data_sheets = [ws for ws in visible if _has_data(ws) and ws.title.strip().lower() not in GUIDE_SHEETS]
    if len(data_sheets) > 1:
        titles = [ws.title for ws in data_sheets]
        raise SheetChoiceNeeded([Problem(file_name, None, None, None,
                                         message("choose_sheet", sheets=", ".join(titles)), "choose_sheet")],
                                titles)
    return data_sheets[0] if data_sheets else visible[0]


def _has_data(sheet) -> bool:
    """At least a header and one row with content."""
    seen = 0
    for values in sheet.iter_rows(values_only=True):
        if any(v not in (None, "") for v in values):
            seen += 1
            if seen >= 2:
                return True
    return False


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
    seen: dict[str, str] = {}
    for name in header:
        key = normalise_name(name).replace(" ", "_")
        if name and key in seen:
            first = seen[key]
            code = "duplicate_header" if first.lower() == name.lower() else "duplicate_normalised_header"
            problems.append(Problem(file_name, 1, name, name, message(code, value=name, first=first, second=name),
                                    code))
        seen.setdefault(key, name)
    if problems:
        raise FileRejected(problems)
    tags: tuple[str, ...] = ()
    if body and _is_hxl(body[0][1]):
        # HXL (Humanitarian Exchange Language) hashtag row: metadata, not data.
        tags = tuple(body[0][1])
        body = body[1:]
    if not body:
        raise _reject(file_name, "no_rows")
    if len(body) > max_rows:
        raise _reject(file_name, "too_many_rows", limit=f"{max_rows:,}".replace(",", "."))
    width = len(header)
    rows, numbers, ragged = [], [], []
    for number, record in body:
        if len(record) > width and has_content(record[width:]):
            # Usually an unquoted delimiter inside a description: the cells have shifted,
            # so the row cannot be trusted; it is reported and can only be skipped or fixed.
            ragged.append(Problem(file_name, number, None, None,
                                  message("ragged_row", found=len(record), expected=width), "ragged_row"))
        if len(record) == width:
            cells = tuple(record)
        else:
            cells = tuple(record[:width]) + ("",) * max(0, width - len(record))
        # A row shorter than the limit cannot hold an oversized cell (one join beats a length per cell).
        if len("".join(cells)) > MAX_CELL_CHARS and max(map(len, cells), default=0) > MAX_CELL_CHARS:
            for name, cell in zip(header, cells):
                if len(cell) > MAX_CELL_CHARS:
                    ragged.append(Problem(file_name, number, name, cell[:60] + "…",
                                          message("cell_too_large", size=f"{len(cell):,} karakter".replace(",", "."),
                                                  limit=f"{MAX_CELL_CHARS:,} karakter".replace(",", ".")),
                                          "cell_too_large"))
            cells = tuple(c[:MAX_CELL_CHARS] for c in cells)  # the row is refused; keep memory small
        rows.append(cells)
        numbers.append(number)
    return RawTable(file_name, tuple(header), tuple(rows), tuple(numbers), tuple(ragged), tags)


def has_content(cells: list[str] | tuple[str, ...]) -> bool:
    """Some cell holds more than white space (the same as ``any(cell.strip() for cell in cells)``, faster)."""
    text = "".join(cells)
    return bool(text) and not text.isspace()


def _is_hxl(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(c.startswith("#") and " " not in c for c in filled)
