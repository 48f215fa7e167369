"""Validation of one incident row."""
from __future__ import annotations

from typing import Any

from data_access.imports.messages import message
from data_access.imports.parsing import (
    CellError,
    parse_coordinate,
    parse_count,
    parse_date,
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
    kabkota = _place(cells, ctx, report)
    out["kabkota_code"] = kabkota
    out["province_code"] = kabkota.split(".")[0] if kabkota else None
    point = ctx.point
    if "kecamatan" in present:
        text = _cell(cells, "kecamatan")
        out["kecamatan_code"] = (_apply(report, "kecamatan", lambda: ctx.matcher.kecamatan(text, kabkota))
                                 if text and kabkota else None)
    if (point is not None and point.trusted and point.kecamatan and kabkota
            and point.kecamatan.startswith(kabkota + ".") and not out.get("kecamatan_code")):
        out["kecamatan_code"] = point.kecamatan
    if "lintang" in present or "bujur" in present:
        lat_text, lon_text = _cell(cells, "lintang"), _cell(cells, "bujur")
        if bool(lat_text) != bool(lon_text):
            report("lintang" if not lat_text else "bujur", "latlon_pair")
        lat = _apply(report, "lintang", lambda: parse_coordinate(lat_text)) if lat_text else None
        lon = _apply(report, "bujur", lambda: parse_coordinate(lon_text)) if lon_text else None
        if lat is not None and lon is not None and point is not None and point.kabkota is None:
            if point.trusted:
                report("lintang", "outside_indonesia", lat=_deg(lat), lon=_deg(lon))
            else:  # a country or province centroid at sea: the point says nothing, the names decide
                report("lintang", "coarse_point_outside", warning=True, lat=_deg(lat), lon=_deg(lon),
                       precision=point.precision)
            lat = lon = None
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


def _deg(value: float) -> str:
    return f"{value:.4f}".replace(".", ",")


def _place(cells: dict[str, str], ctx: Context, report: Report) -> str | None:
    """The row's kab/kota from its names and its coordinates, cross-checked; disagreements reported."""
    point = ctx.point
    at = point.kabkota if point is not None and point.trusted else None
    provinces: set[str] | None = None
    province_text = _cell(cells, "provinsi")
    if province_text:
        provinces = ctx.matcher.provinces(province_text)
        if not provinces:
            try:
                ctx.matcher.region(province_text, levels=("provinsi",))
            except CellError as exc:
                report("provinsi", exc.code, warning=True, **exc.params)
    region_text = _cell(cells, "kabupaten_kota")
    code = None
    if region_text:
        try:
            code = ctx.matcher.region(region_text, levels=KABKOTA, province=provinces or ctx.province, near=at)
        except CellError as exc:
            if at is None:
                report("kabupaten_kota", exc.code, **exc.params)
            else:
                report("kabupaten_kota", "place_from_coordinates", warning=True, region=ctx.matcher.label(at),
                       reason=message(exc.code, **exc.params))
                code = at
        if at is not None and code is not None and code != at:
            report("kabupaten_kota", "place_mismatch", warning=True, point=ctx.matcher.label(at),
                   named=ctx.matcher.label(code))
            code = at
    elif at is not None:
        code = at
    elif point is not None and point.kabkota is not None:
        report("kabupaten_kota", "coordinates_too_coarse", precision=point.precision)
    elif point is None or point.kabkota is not None:
        report("kabupaten_kota", "required")
    if at is not None and point.near and code == at:
        report("kabupaten_kota", "point_near_boundary", warning=True, region=ctx.matcher.label(at))
    if code and provinces and code.split(".")[0] not in provinces:
        report("provinsi", "province_mismatch", warning=True, region=ctx.matcher.label(code))
    if code and point is not None and point.kabkota and not point.trusted \
            and point.kabkota.split(".")[0] != code.split(".")[0]:
        report("kabupaten_kota", "place_mismatch", warning=True, point=ctx.matcher.label(point.kabkota),
               named=ctx.matcher.label(code))
    return _region_in_scope(ctx, report, "kabupaten_kota", code)
