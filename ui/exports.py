"""Exports of what a page shows: Indonesian headers and labels, the codes in their own columns,
formula-safe cells (domain.spreadsheet), CSV and Excel buttons, every download audited."""
from __future__ import annotations

import io
from typing import Any, Callable

import pandas as pd
import streamlit as st

from domain.access import Principal
from domain.filters import IncidentFilter
from domain.regions import display_name
from domain.spreadsheet import neutralise_frame
from domain.taxonomy import taxonomy
from services import trends
from ui import queries as Q
from ui import texts as T

# Columns of list_incidents exported as a code column and a label column (column → taxonomy vocabulary).
_CODED = {"category": "category", "arena": "arena", "severity": "severity", "source": "source",
          "verification": "verification", "sensitivity": "sensitivity", "handling_status": "handling_status"}


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _day(value) -> str:
    # DD/MM/YYYY: what an Indonesian spreadsheet (and this app's import) reads as a date.
    return pd.Timestamp(value).strftime("%d/%m/%Y") if value is not None and not pd.isna(value) else ""


def incident_export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``list_incidents`` for a spreadsheet: Indonesian headers (``T.EXPORT_INCIDENT_HEADERS``),
    labels beside their codes, dates as DD/MM/YYYY, masked text left empty with ``Terbatas = Ya``."""
    tax = taxonomy()
    H = T.EXPORT_INCIDENT_HEADERS
    restricted = frame["restricted"].fillna(False).astype(bool) if "restricted" in frame else \
        pd.Series(False, index=frame.index)
    out: dict[str, Any] = {
        H["id"]: frame["id"].astype("int64"),
        H["occurred_on"]: [_day(v) for v in frame["occurred_on"]],
        H["occurred_time"]: [_text(v)[:5] for v in frame["occurred_time"]],
        H["reported_on"]: [_day(v) for v in frame["reported_on"]],
        H["province_code"]: frame["province_code"],
        H["kabkota_code"]: frame["kabkota_code"],
        H["kabkota_name"]: [display_name(n) for n in frame["kabkota_name"]],
        H["kecamatan_code"]: [_text(v) for v in frame["kecamatan_code"]],
        H["kecamatan_name"]: [display_name(n, "kecamatan") if isinstance(n, str) else ""
                              for n in frame["kecamatan_name"]],
        H["lat"]: frame["lat"], H["lon"]: frame["lon"],
    }
    for column, vocabulary in _CODED.items():
        if column == "source":
            continue
        out[H[column + "_code"]] = frame[column]
        out[H[column]] = [tax.label(vocabulary, c) if isinstance(c, str) else "" for c in frame[column]]
    out.update({
        H["deaths"]: frame["deaths"].astype("int64"), H["injuries"]: frame["injuries"].astype("int64"),
        H["displaced"]: frame["displaced"].astype("int64"),
        H["actors"]: [_text(v) for v in frame["actors"]],
        H["description"]: [_text(v) for v in frame["description"]],
        H["source_code"]: [_text(v) for v in frame["source"]],
        H["source"]: [tax.label("source", v) if isinstance(v, str) else "" for v in frame["source"]],
        H["source_ref"]: [_text(v) for v in frame["source_ref"]],
        H["restricted"]: [T.EXPORT_YES if r else T.EXPORT_NO for r in restricted],
        H["created_by"]: [_text(v) for v in frame["created_by"]],
        H["created_at"]: [_text(v) for v in frame["created_at"]],
        H["updated_by"]: [_text(v) for v in frame["updated_by"]],
        H["updated_at"]: [_text(v) for v in frame["updated_at"]],
        H["version"]: frame["version"],
    })
    return neutralise_frame(pd.DataFrame(out))


def trend_export_frame(rows: pd.DataFrame, region_names: dict[str, str], population: dict[str, float]
                       ) -> pd.DataFrame:
    """Tren's numbers (``aggregate`` by month, kabkota_code, category, arena) with Indonesian headers
    (``T.TREN_EXPORT_HEADERS``), labels beside codes and the rate per 100,000 of each region."""
    tax = taxonomy()
    rows = trends.with_rate(rows, population, "kabkota_code")
    H = T.TREN_EXPORT_HEADERS
    return neutralise_frame(pd.DataFrame({
        H["month"]: [pd.Timestamp(m).strftime("%m/%Y") for m in rows["month"]],
        H["region_code"]: rows["kabkota_code"],
        H["region"]: [region_names.get(c, c) for c in rows["kabkota_code"]],
        H["category_code"]: rows["category"], H["category"]: [tax.label("category", c) for c in rows["category"]],
        H["arena_code"]: rows["arena"], H["arena"]: [tax.label("arena", c) for c in rows["arena"]],
        H["incidents"]: rows["incidents"], H["deaths"]: rows["deaths"], H["injuries"]: rows["injuries"],
        H["rate"]: rows["rate"].round(3),
    }))


def map_export_frame(frame: pd.DataFrame, period: str, value_title: str, with_value: bool) -> pd.DataFrame:
    """The regions on the map (region_code, name, score, category, rank, top_driver, value) with Indonesian
    headers (``T.PETA_EXPORT_HEADERS``), the category label beside its code."""
    tax = taxonomy()
    H = T.PETA_EXPORT_HEADERS
    out = pd.DataFrame({
        H["region_code"]: frame["region_code"], H["region"]: frame["name"], H["period"]: period,
        H["score"]: frame["score"].astype(float).round(2),
        H["category_code"]: [c if isinstance(c, str) else "" for c in frame["category"]],
        H["category"]: [tax.label("risk_category", c) if isinstance(c, str) else T.RISK_NONE
                        for c in frame["category"]],
        H["rank"]: frame["rank"],
        H["top_driver"]: [_text(v) for v in frame["top_driver"]],
    })
    if "p_merah" in frame:
        out[H["p_merah"]] = frame["p_merah"].astype(float).round(3)
    if with_value:
        out[H["value"]] = frame["value"]
        out[H["value_title"]] = value_title
    return neutralise_frame(out)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # Comma-separated UTF-8 with BOM: Excel on Windows then reads Indonesian text correctly.
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def export_buttons(principal: Principal, build: Callable[[], pd.DataFrame], *, name: str, sheet: str, key: str,
                   target: str, flt: IncidentFilter, view: dict[str, Any] | None = None) -> None:
    """CSV and Excel download buttons for the frame ``build()`` returns (already formula-safe). The file
    is made only when clicked, and making it appends an ``export`` of ``target`` to the audit log with
    the filter, the view and the row count: no file leaves without its audit record."""
    def make(file_format: str) -> bytes:
        frame = build()
        Q.record_export(principal, file_format, flt, len(frame), target, view)
        return to_csv_bytes(frame) if file_format == "csv" else to_xlsx_bytes(frame, sheet)

    stamp = pd.Timestamp.now().strftime("%Y%m%d-%H%M")
    c1, c2, _ = st.columns([1, 1, 4])
    with c1:
        st.download_button(T.EXPORT_CSV, data=lambda: make("csv"), file_name=f"{name}-{stamp}.csv",
                           mime="text/csv", key=f"{key}_csv", on_click="ignore")
    with c2:
        st.download_button(T.EXPORT_XLSX, data=lambda: make("xlsx"), file_name=f"{name}-{stamp}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}_xlsx", on_click="ignore")
