"""Validation of indicator value and indicator definition rows."""
from __future__ import annotations

import difflib
from typing import Any

from data_access.imports.parsing import (
    dot_thousands,
    parse_bool,
    parse_code,
    parse_number,
    parse_period,
)
from data_access.imports.rowcheck import Context, Report, _apply, _cell, _region_in_scope, _text


def validate_indicator_value(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    region_text = _cell(cells, "wilayah")
    if region_text:
        code = _apply(report, "wilayah", lambda: ctx.matcher.region(region_text, province=ctx.province))
        out["region_code"] = _region_in_scope(ctx, report, "wilayah", code)
    else:
        report("wilayah", "required")
    period_text = _cell(cells, "periode")
    if period_text:
        period = _apply(report, "periode", lambda: parse_period(period_text))
        if period is not None and period > ctx.today.replace(day=1):
            report("periode", "future_date", today=ctx.today.isoformat())
            period = None
        elif period is not None and period < ctx.earliest.replace(day=1):
            report("periode", "too_old_date", minimum=ctx.earliest.isoformat())
            period = None
        out["period"] = period
    else:
        report("periode", "required")
    code_text = _cell(cells, "indikator")
    definition = None
    if code_text:
        code = code_text.strip().lower()
        if code in ctx.definitions:
            out["indicator_code"] = code
            definition = ctx.definitions[code]
        else:
            close = difflib.get_close_matches(code, list(ctx.definitions), n=3, cutoff=0.6)
            if close:
                report("indikator", "unknown_indicator_suggest", suggestions=", ".join(close))
            else:
                report("indikator", "unknown_indicator")
    else:
        report("indikator", "required")
    value_text = _cell(cells, "nilai")
    if value_text:
        value = _apply(report, "nilai", lambda: parse_number(value_text))
        if value is not None and definition is not None:
            low, high, _ = definition
            if (low is not None and value < low) or (high is not None and value > high):
                bounds = {"indicator": out["indicator_code"], "minimum": "—" if low is None else _num(low),
                          "maximum": "—" if high is None else _num(high)}
                if dot_thousands(value_text):   # "63.125": Indonesian thousands, or a decimal?
                    report("nilai", "out_of_range_thousands", read=_num(value),
                           decimal=value_text.strip().replace(".", ","), **bounds)
                else:
                    report("nilai", "out_of_range", **bounds)
                value = None
        out["value"] = value
    else:
        report("nilai", "required")
    source = _text(report, cells, "sumber", "source")
    out["source"] = source or ctx.source_name or (definition[2] if definition else None) or "impor"
    return out


def _num(value: float) -> str:
    return (f"{value:g}").replace(".", ",")


def validate_definition(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    text = _cell(cells, "kode")
    out["code"] = _apply(report, "kode", lambda: parse_code(text.lower())) if text else None
    if not text:
        report("kode", "required")
    for key, column in (("nama", "name"), ("satuan", "unit"), ("sumber", "source")):
        value = _text(report, cells, key, column)
        if not _cell(cells, key):
            report(key, "required")
        out[column] = value
    text = _cell(cells, "tinggi_berisiko")
    out["higher_is_riskier"] = _apply(report, "tinggi_berisiko", lambda: parse_bool(text)) if text else None
    if not text:
        report("tinggi_berisiko", "required")
    if "keterangan" in cells:
        out["description"] = _cell(cells, "keterangan")
    for key, column in (("nilai_min", "min_value"), ("nilai_maks", "max_value")):
        if key in cells:
            text = _cell(cells, key)
            out[column] = _apply(report, key, lambda t=text: parse_number(t)) if text else None
    low, high = out.get("min_value"), out.get("max_value")
    if low is not None and high is not None and low > high:
        report("nilai_min", "min_above_max")
    return out


DEFINITION_INSERT_DEFAULTS = {"description": "", "min_value": None, "max_value": None}
