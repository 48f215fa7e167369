"""Validation of one incident row."""
from __future__ import annotations

from typing import Any

from data_access.imports.parsing import (
    parse_count,
    parse_date,
    parse_number,
    parse_time,
)
from data_access.imports.region_match import KABKOTA
from data_access.imports.rowcheck import (
    MAX_COUNT,
    Context,
    Report,
    _apply,
    _cell,
    _check_date,
    _region_in_scope,
    _text,
    vocab,
)


def validate_incident(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    """Database values of one incident row (only the fields present in the file)."""
    out: dict[str, Any] = {}
    present = cells.keys()
    out["source_ref"] = _text(report, cells, "ref_sumber", "source_ref") or None
    if out["source_ref"] is None and not _cell(cells, "ref_sumber"):
        report("ref_sumber", "required")
    source_text = _cell(cells, "sumber")
    if source_text:
        out["source"] = _apply(report, "sumber", lambda: vocab("source")(source_text))
    elif ctx.default_source:
        out["source"] = ctx.default_source
    else:
        report("sumber", "required")
    occurred_text = _cell(cells, "tanggal_kejadian")
    occurred = None
    if occurred_text:
        occurred = _apply(report, "tanggal_kejadian", lambda: _check_date(ctx, parse_date(occurred_text)))
    else:
        report("tanggal_kejadian", "required")
    out["occurred_on"] = occurred
    if "jam_kejadian" in present:
        text = _cell(cells, "jam_kejadian")
        out["occurred_time"] = _apply(report, "jam_kejadian", lambda: parse_time(text)) if text else None
    reported_text = _cell(cells, "tanggal_lapor")
    if reported_text:
        reported = _apply(report, "tanggal_lapor", lambda: _check_date(ctx, parse_date(reported_text)))
        if reported and occurred and reported < occurred:
            report("tanggal_lapor", "reported_before_occurred", occurred=occurred.isoformat())
        out["reported_on"] = reported
    elif "tanggal_lapor" in present or occurred is not None:
        out["reported_on"] = occurred
    region_text = _cell(cells, "kabupaten_kota")
    kabkota = None
    if region_text:
        kabkota = _apply(report, "kabupaten_kota",
                         lambda: ctx.matcher.region(region_text, levels=KABKOTA, province=ctx.province))
        kabkota = _region_in_scope(ctx, report, "kabupaten_kota", kabkota)
    else:
        report("kabupaten_kota", "required")
    out["kabkota_code"] = kabkota
    out["province_code"] = kabkota.split(".")[0] if kabkota else None
    if "kecamatan" in present:
        text = _cell(cells, "kecamatan")
        out["kecamatan_code"] = (_apply(report, "kecamatan", lambda: ctx.matcher.kecamatan(text, kabkota))
                                 if text and kabkota else None)
    if "lintang" in present or "bujur" in present:
        lat_text, lon_text = _cell(cells, "lintang"), _cell(cells, "bujur")
        if bool(lat_text) != bool(lon_text):
            report("lintang" if not lat_text else "bujur", "latlon_pair")
        lat = _apply(report, "lintang", lambda: parse_number(lat_text)) if lat_text else None
        lon = _apply(report, "bujur", lambda: parse_number(lon_text)) if lon_text else None
        if lat is not None and not -11.5 <= lat <= 6.5:
            report("lintang", "bad_latlon")
            lat = None
        if lon is not None and not 94.5 <= lon <= 141.5:
            report("bujur", "bad_latlon")
            lon = None
        out["lat"], out["lon"] = lat, lon
    for key, column, vocabulary, required in (
        ("kategori", "category", "category", True), ("tingkat", "severity", "severity", True),
        ("arena", "arena", "arena", False), ("verifikasi", "verification", "verification", False),
        ("sensitivitas", "sensitivity", "sensitivity", False),
        ("status_penanganan", "handling_status", "handling_status", False),
    ):
        text = _cell(cells, key)
        if text:
            out[column] = _apply(report, key, lambda v=vocabulary, t=text: vocab(v)(t))
        elif required:
            report(key, "required")
        elif key in present:
            out[column] = {"arena": "nyata", "verification": "belum", "sensitivity": "umum",
                           "handling_status": "baru"}[column]
    for key, column in (("meninggal", "deaths"), ("luka", "injuries"), ("mengungsi", "displaced")):
        if key in present:
            text = _cell(cells, key)
            out[column] = _apply(report, key, lambda t=text: parse_count(t, MAX_COUNT)) if text else 0
    if "aktor" in present:
        out["actors"] = _text(report, cells, "aktor", "actors") or None
    if "uraian" in present:
        out["description"] = _text(report, cells, "uraian", "description") or ""
    return out


INCIDENT_INSERT_DEFAULTS = {
    "occurred_time": None, "kecamatan_code": None, "lat": None, "lon": None, "arena": "nyata",
    "deaths": 0, "injuries": 0, "displaced": 0, "actors": None, "description": "", "verification": "belum",
    "sensitivity": "umum", "handling_status": "baru",
}
