"""Validation of one handling-action row."""
from __future__ import annotations

from datetime import date
from typing import Any

from data_access.imports.parsing import (
    parse_date,
)
from data_access.imports.rowcheck import Context, Report, _apply, _cell, _region_in_scope, _text, vocab


def validate_handling_action(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["source_ref"] = _text(report, cells, "ref_tindakan", "source_ref") or None
    if not _cell(cells, "ref_tindakan"):
        report("ref_tindakan", "required")
    incident_region = None
    ref = _cell(cells, "ref_insiden")
    if "ref_insiden" in cells or "sumber_insiden" in cells:
        out["incident_id"] = None
    if ref:
        source_text = _cell(cells, "sumber_insiden")
        source = _apply(report, "sumber_insiden", lambda: vocab("source")(source_text)) if source_text else \
            ctx.default_source
        if source is None and not source_text:
            report("sumber_insiden", "required")
        found = ctx.incidents.get((source, ref)) if source else None
        if source and found is None:
            report("ref_insiden", "unknown_incident")
        elif found:
            out["incident_id"], incident_region = found
    region_text = _cell(cells, "wilayah")
    region = incident_region
    if region_text:
        region = _apply(report, "wilayah", lambda: ctx.matcher.region(region_text, province=ctx.province))
    elif incident_region is None and not ref:
        report("wilayah", "required")
    region = _region_in_scope(ctx, report, "wilayah", region)
    out["region_code"] = region
    out["province_code"] = region.split(".")[0] if region else None
    for key, column, vocabulary in (("tahap", "stage", "stage"), ("jenis_tindakan", "action_type", "action_type"),
                                    ("instansi", "agency", "agency")):
        text = _cell(cells, key)
        if text:
            out[column] = _apply(report, key, lambda v=vocabulary, t=text: vocab(v)(t))
        else:
            report(key, "required")
    dates: dict[str, date | None] = {}
    for key, column in (("tanggal_mulai", "started_on"), ("tenggat", "due_on"), ("tanggal_selesai", "finished_on")):
        if key in cells:
            text = _cell(cells, key)
            value = _apply(report, key, lambda t=text: parse_date(t)) if text else None
            if value is not None and (column != "due_on") and value > ctx.today:
                report(key, "future_date", today=ctx.today.isoformat())
                value = None
            dates[column] = value
            out[column] = value
    start = dates.get("started_on")
    if start and dates.get("due_on") and dates["due_on"] < start:
        report("tenggat", "due_before_start")
    if start and dates.get("finished_on") and dates["finished_on"] < start:
        report("tanggal_selesai", "finished_before_start")
    if "status" in cells:
        text = _cell(cells, "status")
        out["status"] = _apply(report, "status", lambda: vocab("action_status")(text)) if text else "direncanakan"
    if "hasil" in cells:
        out["outcome"] = _text(report, cells, "hasil", "outcome") or ""
    return out


HANDLING_INSERT_DEFAULTS = {"incident_id": None, "started_on": None, "due_on": None, "finished_on": None,
                            "status": "direncanakan", "outcome": ""}
