"""Cached reads for the dashboard pages: thin cached wrappers around data_access and services calls.

Results are keyed by what they depend on (role, scope, clearance, arguments and the data
version, see :func:`ui.data.by_access`), never by user: the second user of a scope is warm,
and one user's rows are never served to another with a narrower scope or clearance.
"""
from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from data_access import audit, calendar, dashboard, handling, incidents, indicators, regions
from domain.access import Principal, Scope
from domain.filters import IncidentFilter
from domain.period import Month
from ui.data import CACHE_TTL_SECONDS, by_access, engine, reader

TTL = CACHE_TTL_SECONDS


# ----------------------------------------------------------------------------- incidents

@by_access()
def incident_totals(principal: Principal, flt: IncidentFilter) -> dict[str, int]:
    with reader().connect() as conn:
        return incidents.totals(conn, principal, flt)


@by_access()
def incident_aggregate(principal: Principal, flt: IncidentFilter, by: tuple[str, ...]) -> pd.DataFrame:
    with reader().connect() as conn:
        return incidents.aggregate(conn, principal, flt, by)


@by_access()
def incident_count(principal: Principal, flt: IncidentFilter) -> int:
    with reader().connect() as conn:
        return incidents.count_incidents(conn, principal, flt)


@by_access()
def incident_page(principal: Principal, flt: IncidentFilter, limit: int, offset: int) -> pd.DataFrame:
    with reader().connect() as conn:
        return incidents.list_incidents(conn, principal, flt, limit=limit, offset=offset)


def incident_rows_for_export(principal: Principal, flt: IncidentFilter) -> pd.DataFrame:
    """Every row of the filtered view (not cached: an export always reads what is there now)."""
    with reader().connect() as conn:
        return incidents.list_incidents(conn, principal, flt, limit=None)


@by_access()
def incident_detail(principal: Principal, incident_id: int) -> dict[str, Any] | None:
    with reader().connect() as conn:
        return incidents.get_incident(conn, principal, incident_id)


@by_access()
def serious_incidents(principal: Principal, flt: IncidentFilter, limit: int = 10) -> pd.DataFrame:
    with reader().connect() as conn:
        return incidents.serious_incidents(conn, principal, flt, limit=limit)


@by_access()
def incident_date_bounds(principal: Principal) -> tuple[date | None, date | None]:
    with reader().connect() as conn:
        return incidents.date_bounds(conn, principal)


@by_access()
def incident_grid(principal: Principal, flt: IncidentFilter, cell_deg: float) -> pd.DataFrame:
    with reader().connect() as conn:
        return dashboard.incident_grid(conn, principal, flt, cell_deg)


# ----------------------------------------------------------------------------- regions, indicators, events

@by_access()
def region_list(principal: Principal, levels: tuple[str, ...] = (), parent_code: str | None = None) -> pd.DataFrame:
    with reader().connect() as conn:
        return regions.list_regions(conn, principal, levels=levels, parent_code=parent_code)


@by_access()
def region(principal: Principal, code: str) -> regions.RegionRecord | None:
    with reader().connect() as conn:
        return regions.get_region(conn, principal, code)


def kabkota_in(principal: Principal, scope: Scope) -> pd.DataFrame:
    """Kab/kota inside ``scope`` (and the user's own scope), for pickers."""
    frame = region_list(principal, ("kabupaten", "kota"))
    if scope.code is None:
        return frame
    return frame[[scope.contains(c) for c in frame["code"]]].reset_index(drop=True)


@by_access()
def latest_indicators(principal: Principal, as_of: date, benchmark_province: str | None,
                      level: tuple[str, ...] = ("kabupaten", "kota")) -> pd.DataFrame:
    with reader().connect() as conn:
        return dashboard.latest_indicator_values(conn, principal, as_of=as_of,
                                                 benchmark_province=benchmark_province, level=level)


@st.cache_data(ttl=3600, show_spinner=False)
def indicator_definitions() -> pd.DataFrame:
    with reader().connect() as conn:
        return indicators.indicator_definitions(conn)


@by_access()
def events(principal: Principal, date_from: date | None, date_to: date | None) -> pd.DataFrame:
    with reader().connect() as conn:
        return calendar.list_events(conn, principal, date_from=date_from, date_to=date_to)


# ----------------------------------------------------------------------------- handling

@by_access()
def open_case_count(principal: Principal, scope: Scope) -> int:
    with reader().connect() as conn:
        return handling.count_open_cases(conn, principal, scope)


@by_access()
def open_cases(principal: Principal, scope: Scope, today: date) -> pd.DataFrame:
    with reader().connect() as conn:
        return handling.open_cases(conn, principal, scope, today=today)


@by_access()
def open_cases_by_region(principal: Principal, scope: Scope) -> pd.DataFrame:
    with reader().connect() as conn:
        return handling.open_cases_by_region(conn, principal, scope)


@by_access()
def region_actions(principal: Principal, region_code: str, limit: int | None = 50) -> pd.DataFrame:
    with reader().connect() as conn:
        return handling.actions_for_region(conn, principal, region_code, limit=limit)


@by_access()
def incident_actions(principal: Principal, incident_id: int) -> pd.DataFrame:
    with reader().connect() as conn:
        return handling.actions_for_incident(conn, principal, incident_id)


# ----------------------------------------------------------------------------- risk scores (services.risk)

def _risk():
    # Imported when first needed (it pulls the scoring engine in); a missing module fails loudly.
    return importlib.import_module("services.risk")


@by_access(scores=True)
def risk_scores(principal: Principal, scope: Scope, month: Month, level: str | None = None):
    """``services.risk.scores_for``: a RiskView (table, contributions, methodology_version, benchmark);
    ``level="kabkota"`` at national scope gives all kab/kota."""
    with reader().connect() as conn:
        return _risk().scores_for(conn, principal, scope, month, level=level)


@by_access(scores=True)
def risk_history(principal: Principal, scope: Scope, months: tuple[Month, ...],
                 series: str = "terbit") -> pd.DataFrame:
    """Stored scores per month: as published at the time (``terbit``) or recomputed (``dihitung_ulang``)."""
    with reader().connect() as conn:
        return _risk().history_for(conn, principal, scope, list(months), series=series)


@by_access(scores=True)
def risk_transitions(principal: Principal, scope: Scope, months: tuple[Month, ...]) -> pd.DataFrame:
    with reader().connect() as conn:
        return _risk().transitions_for(conn, principal, scope, list(months))


@by_access(scores=True)
def risk_uncertainty(principal: Principal, scope: Scope, month: Month, n_draws: int = 500) -> pd.DataFrame:
    with reader().connect() as conn:
        return _risk().uncertainty_for(conn, principal, scope, month, n_draws=n_draws)


def methodology():
    """The methodology the engine scores with (``services.risk.methodology()``; the same bundled file)."""
    return _risk().methodology()


# ----------------------------------------------------------------------------- writes

def record_export(principal: Principal, file_format: str, flt: IncidentFilter, rows: int,
                  target: str = "incidents", view: dict[str, Any] | None = None) -> None:
    """Append the export to the audit log in its own transaction (who, which page's data ``target``,
    what filter and view, how many rows)."""
    detail = {
        "format": file_format, "rows": rows, **({"view": view} if view else {}),
        "filter": {
            "date_from": str(flt.date_from) if flt.date_from else None,
            "date_to": str(flt.date_to) if flt.date_to else None,
            "regions": list(flt.region_codes), "categories": list(flt.categories), "arenas": list(flt.arenas),
            "sources": list(flt.sources), "severities": list(flt.severities),
            "handling_statuses": list(flt.handling_statuses), "search": flt.search,
        },
    }
    with engine().begin() as conn:
        audit.record(conn, principal, "export", target, detail)


@st.cache_data(ttl=3600, show_spinner=False)
def province_kabkota_count(province_code: str) -> int:
    """How many kab/kota the province has (reference data: the denominator of a rank)."""
    with reader().connect() as conn:
        return len(regions.kabkota_in_province(conn, province_code))
