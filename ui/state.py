"""The view every page shares: region scope and month.

Lives in ``st.session_state`` (so it survives page switches) and is mirrored in
``st.query_params`` (so a shared URL reproduces the view). Values from the URL are
validated and narrowed to the user's own scope: a URL can never widen access.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import streamlit as st

from domain import fmt
from domain.access import Principal, Scope
from domain.period import HISTORY_MONTHS, Month
from domain.regions import is_region_code
from ui import texts as T
from ui.queries import incident_date_bounds

SCOPE_PARAM = "cakupan"
PERIOD_PARAM = "periode"


@dataclass(frozen=True)
class View:
    scope: Scope
    month: Month


def default_scope(principal: Principal) -> Scope:
    """Start where the data is: ``SIPKS_DEFAULT_SCOPE`` (default ``73``, Sulawesi Selatan) if the user may see it."""
    wanted = os.environ.get("SIPKS_DEFAULT_SCOPE", "73")
    try:
        return principal.scope.narrow(Scope.decode(wanted))
    except ValueError:
        return principal.scope


def _scope_from_url(principal: Principal) -> Scope | None:
    raw = st.query_params.get(SCOPE_PARAM)
    if raw is None or not (raw == "nasional" or is_region_code(raw)) or raw.count(".") > 1:
        return None
    return principal.scope.narrow(Scope.decode(raw))


def _month_from_url() -> Month | None:
    raw = st.query_params.get(PERIOD_PARAM)
    try:
        month = Month.parse(raw) if raw else None
    except ValueError:
        return None
    return month if month and month <= Month.of(date.today()) else None


def current_view(principal: Principal) -> View:
    """The shared view: session state first, then the URL, then defaults; always within the user's scope."""
    scope = st.session_state.get("view_scope") or _scope_from_url(principal) or default_scope(principal)
    month = st.session_state.get("view_month") or _month_from_url() or Month.of(date.today())
    scope = principal.scope.narrow(scope)
    st.session_state["view_scope"], st.session_state["view_month"] = scope, month
    st.query_params[SCOPE_PARAM] = scope.encode()
    st.query_params[PERIOD_PARAM] = str(month)
    return View(scope, month)


def _set_view(scope: Scope | None = None, month: Month | None = None) -> None:
    """Write the shared view to session state and the URL (the single place that does)."""
    if scope is not None:
        st.session_state["view_scope"] = scope
        st.query_params[SCOPE_PARAM] = scope.encode()
    if month is not None:
        st.session_state["view_month"] = month
        st.query_params[PERIOD_PARAM] = str(month)


def _month_options(current: Month, first: date | None = None) -> list[Month]:
    """Newest first: at least the last HISTORY_MONTHS months, and back to the first month holding data."""
    today = Month.of(date.today())
    count = HISTORY_MONTHS
    if first is not None:
        count = max(count, (today.year - first.year) * 12 + today.month - first.month + 1)
    months = [today.shift(-i) for i in range(count)]
    if current not in months:
        months.append(current)
    return months


def _on_widget_change(principal: Principal, key: str, kind: str) -> None:
    value = st.session_state.get(key)
    if value is None:
        return
    if kind == "scope":
        _set_view(scope=principal.scope.narrow(Scope.decode(value)))
    else:
        _set_view(month=value)


def render_view_selector(principal: Principal, scope_options: list[tuple[str, str]]) -> View:
    """Sidebar selectors for scope and month; ``scope_options`` are (code, label) within the user's scope.

    The widgets are seeded from the shared view on every run and write back through callbacks,
    so a page that changes the view (e.g. the map's period selector) is never overridden here.
    """
    view = current_view(principal)
    codes = [code for code, _ in scope_options]
    labels = dict(scope_options)
    current_code = view.scope.encode()
    if current_code not in labels:
        codes.insert(0, current_code)
    st.session_state["scope_select"] = current_code
    st.sidebar.selectbox(T.SCOPE_LABEL, codes, format_func=lambda c: labels.get(c, c), key="scope_select",
                         on_change=_on_widget_change, args=(principal, "scope_select", "scope"),
                         placeholder=T.CHOOSE_ONE)
    period_selector(principal, key="period_select", container=st.sidebar)
    return current_view(principal)


def period_selector(principal: Principal, *, key: str, container=None, label: str | None = None) -> Month:
    """A month picker bound to the shared view (any page may show one; all stay in sync)."""
    view = current_view(principal)
    months = _month_options(view.month, incident_date_bounds(principal)[0])
    st.session_state[key] = view.month
    (container or st).selectbox(label or T.PERIOD_LABEL, months, format_func=lambda m: fmt.month(m, long=True),
                                key=key, on_change=_on_widget_change, args=(principal, key, "month"),
                                placeholder=T.CHOOSE_ONE)
    return view.month

