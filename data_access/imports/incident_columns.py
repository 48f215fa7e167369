"""Column-wise validation of incident rows: the fast path of :func:`~data_access.imports.incident_rows.validate_incident`.

A 100,000-row file repeats a few thousand dates, a few hundred region names and a handful of codes,
so every check runs once per distinct value (with the same parsers and region matcher as the
row validator) and the answers are mapped back onto the rows. A row is *clean* when none of its
checks reports anything, not even a warning; only clean rows get their values here. Every other
row gets ``None`` and goes through the row validator, which writes its problems exactly as
before (same messages, same order). The two paths must give the same values for a clean row:
``tests/imports/test_fast_path.py`` checks that on files built to hit every rule.
"""
from __future__ import annotations

from typing import Any, Callable, Hashable, Sequence

from data_access.imports.incident_rows import _place
from data_access.imports.parsing import CellError, parse_coordinate, parse_count, parse_date, parse_time
from data_access.imports.rowcheck import MAX_COUNT, TEXT_LIMITS, Context, RowPoint, _check_date, vocab

_BAD = object()   # the check reported something: the row goes to the row validator

# (field, database column, vocabulary, required, default when the column is present but empty)
_VOCAB_FIELDS = (
    ("kategori", "category", "category", True, None), ("tingkat", "severity", "severity", True, None),
    ("arena", "arena", "arena", False, "nyata"), ("verifikasi", "verification", "verification", False, "belum"),
    ("sensitivitas", "sensitivity", "sensitivity", False, "umum"),
    ("status_penanganan", "handling_status", "handling_status", False, "baru"),
)
_COUNT_FIELDS = (("meninggal", "deaths"), ("luka", "injuries"), ("mengungsi", "displaced"))


def _per_value(values: Sequence[str], check: Callable[[str], Any], bad: bytearray) -> list[Any]:
    """``check`` of each value (stripped), computed once per distinct value; where it raises
    :class:`CellError` or answers ``_BAD`` the row is marked in ``bad``."""
    memo: dict[str, Any] = {}
    for value in set(values):
        try:
            memo[value] = check(value.strip())
        except CellError:
            memo[value] = _BAD
    out = [memo[v] for v in values]
    if _BAD in memo.values():
        for i, v in enumerate(out):
            if v is _BAD:
                bad[i] = 1
    return out


class _Recorder:
    """A ``report`` that only remembers whether anything was reported."""

    def __init__(self) -> None:
        self.called = False

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.called = True


def clean_incident_values(cells: dict[str, list[str]], rows: int, ctx: Context,
                          points: list[RowPoint | None] | None) -> list[dict[str, Any] | None]:
    """The values :func:`validate_incident` gives each clean row; ``None`` for a row with any problem.

    ``cells`` holds each field's texts (one list per field, as the mapping produced them).
    """
    present = cells.keys()
    blank = [""] * rows

    def raw(key: str) -> Sequence[str]:
        return cells.get(key, blank)

    def text(key: str) -> list[str]:
        column = cells.get(key)
        return [v.strip() for v in column] if column is not None else blank

    bad = bytearray(rows)   # 1 = the row has (or may have) a problem
    columns: dict[str, list[Any]] = {}

    def mark(values: list[Any]) -> None:
        for i, v in enumerate(values):
            if v is _BAD:
                bad[i] = 1

    # source_ref: required, at most TEXT_LIMITS characters
    refs = text("ref_sumber")
    limit = TEXT_LIMITS["source_ref"]
    for i, ref in enumerate(refs):
        if not ref or len(ref) > limit:
            bad[i] = 1
    columns["source_ref"] = refs
    # source: a vocabulary code, else the import's default
    lookup = vocab("source")
    default_source = ctx.default_source
    sources = _per_value(raw("sumber"), lambda t: lookup(t) if t else (default_source or _BAD), bad)
    columns["source"] = sources
    # dates
    occurred = _per_value(raw("tanggal_kejadian"), lambda t: _check_date(ctx, parse_date(t)) if t else _BAD, bad)
    columns["occurred_on"] = occurred
    if "jam_kejadian" in present:
        times = _per_value(raw("jam_kejadian"), lambda t: parse_time(t) if t else None, bad)
        columns["occurred_time"] = times
    reported = _per_value(raw("tanggal_lapor"), lambda t: _check_date(ctx, parse_date(t)) if t else None, bad)
    for i, (r, o) in enumerate(zip(reported, occurred)):
        if r is None:
            reported[i] = o
        elif r is not _BAD and o is not _BAD and r < o:
            bad[i] = 1
    columns["reported_on"] = reported
    # kab/kota: names cross-checked with the coordinates, once per (province, name, point)
    kabkota = _places(text("provinsi"), text("kabupaten_kota"), points, ctx, rows)
    mark(kabkota)
    columns["kabkota_code"] = kabkota
    columns["province_code"] = [k.split(".")[0] if isinstance(k, str) else None for k in kabkota]
    kecamatan: list[Any] | None = None
    if "kecamatan" in present:
        names = text("kecamatan")
        memo: dict[tuple[str, str], Any] = {}
        kecamatan = []
        for name, code in zip(names, kabkota):
            if not name or not isinstance(code, str):
                kecamatan.append(None)
                continue
            key = (name, code)
            if key not in memo:
                try:
                    memo[key] = ctx.matcher.kecamatan(name, code)
                except CellError:
                    memo[key] = _BAD
            kecamatan.append(memo[key])
        mark(kecamatan)
    # the point's kecamatan where the file names none
    point_kecamatan: list[Any] = [None] * rows
    if points is not None:
        for i, (point, code) in enumerate(zip(points, kabkota)):
            if (point is not None and point.trusted and point.kecamatan and isinstance(code, str)
                    and point.kecamatan.startswith(code + ".") and not (kecamatan and kecamatan[i])):
                point_kecamatan[i] = point.kecamatan
    coordinates = "lintang" in present or "bujur" in present
    if coordinates:
        lat_texts, lon_texts = text("lintang"), text("bujur")
        lat = _per_value(lat_texts, lambda t: parse_coordinate(t) if t else None, bad)
        lon = _per_value(lon_texts, lambda t: parse_coordinate(t) if t else None, bad)
        for i, (a, b) in enumerate(zip(lat_texts, lon_texts)):
            if bool(a) != bool(b):
                bad[i] = 1
            elif a and points is not None and points[i] is not None and points[i].kabkota is None:
                bad[i] = 1   # outside Indonesia
    vocab_values: list[tuple[str, list[Any]]] = []
    for key, column, vocabulary, required, default in _VOCAB_FIELDS:
        if not required and key not in present:
            continue   # an absent optional column leaves the value to the insert defaults
        lookup_v = vocab(vocabulary)
        empty = _BAD if required else default
        found = _per_value(raw(key), lambda t, f=lookup_v, d=empty: f(t) if t else d, bad)
        vocab_values.append((column, found))
    counts = []
    for key, column in _COUNT_FIELDS:
        if key in present:
            found = _per_value(raw(key), lambda t: parse_count(t, MAX_COUNT) if t else 0, bad)
            counts.append((column, found))
    texts = []
    for key, column, empty in (("aktor", "actors", None), ("uraian", "description", "")):
        if key in present:
            values = text(key)
            limit = TEXT_LIMITS[column]
            for i, v in enumerate(values):
                if len(v) > limit:
                    bad[i] = 1
            texts.append((column, [v or empty for v in values]))
    return _assemble(rows, bad, columns, kecamatan, point_kecamatan, coordinates and (lat, lon),
                     vocab_values, counts, texts)


def _places(provinces: list[str], names: list[str], points: list[RowPoint | None] | None, ctx: Context,
            rows: int) -> list[Any]:
    """Each row's kab/kota from :func:`_place`, once per (province, name, point); ``_BAD`` where it reported."""
    memo: dict[Hashable, Any] = {}
    out = []
    for i in range(rows):
        point = points[i] if points is not None else None
        key = (provinces[i], names[i], point)
        found = memo.get(key, memo)
        if found is memo:
            recorder = _Recorder()
            ctx.point = point
            code = _place({"provinsi": provinces[i], "kabupaten_kota": names[i]}, ctx, recorder)
            found = memo[key] = _BAD if recorder.called else code
        out.append(found)
    ctx.point = None
    return out


def _assemble(rows: int, bad: bytearray, columns: dict[str, list[Any]], kecamatan: list[Any] | None,
              point_kecamatan: list[Any], latlon: tuple[list[Any], list[Any]] | bool,
              vocab_values: list[tuple[str, list[Any]]], counts: list[tuple[str, list[Any]]],
              texts: list[tuple[str, list[Any]]]) -> list[dict[str, Any] | None]:
    """Row dicts with the keys in the row validator's order (the preview shows columns in that order)."""
    head = ["source_ref", "source", "occurred_on", *(["occurred_time"] if "occurred_time" in columns else []),
            "reported_on", "kabkota_code", "province_code"]
    tail: list[tuple[str, list[Any]]] = []
    if latlon:
        tail += [("lat", latlon[0]), ("lon", latlon[1])]
    tail += vocab_values + counts + texts
    if kecamatan is not None:
        kec = [k or p for k, p in zip(kecamatan, point_kecamatan)]
    else:
        kec = point_kecamatan
    at = len(head)
    keys_with = [*head, "kecamatan_code", *(k for k, _ in tail)]
    keys_without = [*head, *(k for k, _ in tail)]
    optional = kecamatan is None   # no kecamatan column: the key is there only where the point gives one
    out: list[dict[str, Any] | None] = []
    for i, values in enumerate(zip(*(columns[k] for k in head), kec, *(v for _, v in tail))):
        if bad[i]:
            out.append(None)
        elif optional and values[at] is None:
            out.append(dict(zip(keys_without, values[:at] + values[at + 1:])))
        else:
            out.append(dict(zip(keys_with, values)))
    return out
