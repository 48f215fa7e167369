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
from domain.period import Month
from domain.regions import display_name, is_region_code
from ui import texts as T

SCOPE_PARAM = "cakupan"
PERIOD_PARAM = "periode"
HISTORY_MONTHS = 36


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


def render_view_selector(principal: Principal, scope_options: list[tuple[str, str]]) -> View:
    """Sidebar selectors for scope and month; ``scope_options`` are (code, label) within the user's scope."""
    view = current_view(principal)
    codes = [code for code, _ in scope_options]
    labels = dict(scope_options)
    current_code = view.scope.encode()
    if current_code not in labels:
        codes.insert(0, current_code)
    chosen = st.sidebar.selectbox(
        T.SCOPE_LABEL, codes, index=codes.index(current_code),
        format_func=lambda c: labels.get(c, c), key="scope_select",
    )
    today = Month.of(date.today())
    months = [today.shift(-i) for i in range(HISTORY_MONTHS)]
    if view.month not in months:
        months.append(view.month)
    month = st.sidebar.selectbox(T.PERIOD_LABEL, months, index=months.index(view.month),
                                 format_func=lambda m: fmt.month(m, long=True), key="period_select")
    new_view = View(principal.scope.narrow(Scope.decode(chosen)), month)
    if new_view != view:
        st.session_state["view_scope"], st.session_state["view_month"] = new_view.scope, new_view.month
        st.query_params[SCOPE_PARAM] = new_view.scope.encode()
        st.query_params[PERIOD_PARAM] = str(new_view.month)
    return new_view


def scope_label(code: str, name: str, level: str) -> str:
    return T.SCOPE_NATIONAL if code == "nasional" else display_name(name, level)
