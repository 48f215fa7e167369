"""Ringkasan: the briefing view — KPI cards, the ten riskiest regions, status changes and the
latest serious incidents, for the shared scope and month."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from domain import fmt
from domain.access import Permission
from domain.filters import IncidentFilter
from domain.period import Month
from ui import charts, queries as Q
from ui import early_warning as E
from ui import region_overview as RO
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.briefing import briefing_actions
from ui.session import principal as current_principal
from ui.state import current_view

principal = current_principal()
view = current_view(principal)
scope_codes = (view.scope.code,) if view.scope.code else ()
# One kab/kota in view (an operator's own region): its own overview, never a comparison with zero peers.
single_region = bool(view.scope.code) and view.scope.code.count(".") == 1


def month_window(month: Month, cutoff_day: int | None) -> IncidentFilter:
    """The month, or its first ``cutoff_day`` days (so a running month is compared like with like)."""
    last = month.last_day if cutoff_day is None else min(month.first_day + timedelta(days=cutoff_day - 1),
                                                         month.last_day)
    return IncidentFilter(date_from=month.first_day, date_to=last, region_codes=scope_codes)


# --- load -------------------------------------------------------------------------------------
today = date.today()
running = view.month == Month.of(today)
cutoff = today.day if running else None
now = Q.incident_totals(principal, month_window(view.month, cutoff))
last_month = Q.incident_totals(principal, month_window(view.month.shift(-1), cutoff))
last_year = Q.incident_totals(principal, month_window(view.month.shift(-12), cutoff))
open_cases = Q.open_case_count(principal, view.scope)
serious_window = IncidentFilter(date_from=view.month.last_day - timedelta(days=90),
                                date_to=min(view.month.last_day, today), region_codes=scope_codes)
serious = Q.serious_incidents(principal, serious_window, 10)
risk = Q.risk_scores(principal, view.scope, view.month)
alerts = E.open_alerts(principal)
scores = risk.table
cases = Q.open_cases(principal, view.scope, today) if single_region else pd.DataFrame()

# --- compute ----------------------------------------------------------------------------------
scope_name = T.SCOPE_NATIONAL
if view.scope.code:
    record = Q.region(principal, view.scope.code)
    scope_name = record.display_name if record else view.scope.code
period_text = fmt.month(view.month, long=True) + (f" (1–{today.day})" if running else "")
category_counts: dict[str, tuple[int, int | None]] = {}
if not scores.empty:
    for category in charts.RISK_ORDER:
        current = int((scores["category"] == category).sum())
        has_prev = scores["prev_category"].notna().any()
        before = int((scores["prev_category"] == category).sum()) if has_prev else None
        category_counts[category] = (current, before)
    top = scores.sort_values("rank").head(10)
    changed = scores[scores["prev_category"].notna() & (scores["category"] != scores["prev_category"])]
    merah_names = list(scores.loc[scores["category"] == "merah"].sort_values("rank")["name"])


def rank_change_text(change) -> str:
    if change is None or pd.isna(change):
        return T.RANK_NEW
    change = int(change)
    return f"▲ {change}" if change > 0 else (f"▼ {-change}" if change < 0 else "=")


# --- render -----------------------------------------------------------------------------------
st.title(T.RINGKASAN_TITLE)
st.caption(T.PERIOD_CAPTION.format(month=period_text, scope=scope_name, version=risk.methodology_version)
           if risk is not None else T.PERIOD_CAPTION_NO_SCORE.format(month=period_text, scope=scope_name))
if not scores.empty and RT.table_as_of_line(scores):
    st.caption(RT.table_as_of_line(scores))
if principal.can(Permission.VIEW_BRIEFING):
    briefing_actions(principal, view.scope, view.month)   # presentation mode and the Laporan Situasi pack

row1 = st.columns(4)
with row1[0]:
    W.kpi(T.KPI_INCIDENTS, fmt.number(now["incidents"]),
          W.change_text(now["incidents"], last_month["incidents"]), delta_description=T.KPI_VS_LAST_MONTH)
with row1[1]:
    W.kpi(T.KPI_VS_LAST_YEAR, W.change_text(now["incidents"], last_year["incidents"]) or "—",
          help=T.KPI_LAST_YEAR_VALUE.format(value=fmt.number(last_year["incidents"]),
                                            month=fmt.month(view.month.shift(-12), long=True)))
with row1[2]:
    W.kpi(T.KPI_DEATHS_INJURIES, f"{fmt.number(now['deaths'])} / {fmt.number(now['injuries'])}",
          help=T.KPI_CASUALTIES_BEFORE.format(deaths=fmt.number(last_month["deaths"]),
                                              injuries=fmt.number(last_month["injuries"])))
with row1[3]:
    W.kpi(T.KPI_OPEN_CASES, fmt.number(open_cases), help=T.KPI_OPEN_CASES_HELP)

E.render_top_alerts(alerts, view.scope)

if risk is None:
    st.info(T.SCORES_NOT_READY)
elif risk.missing:
    st.info(T.SCORES_MISSING.format(month=fmt.month(view.month, long=True)))
elif scores.empty:
    W.empty(T.NO_SCORES)
elif single_region:
    RO.render_region_overview(principal, view, risk, cases)
else:
    row2 = st.columns(3)
    for column, category in zip(row2, charts.RISK_ORDER):
        current, before = category_counts[category]
        with column:
            W.kpi(T.KPI_REGIONS.format(category=charts.risk_label(category)), fmt.number(current),
                  fmt.signed(current - before) if before is not None else None,
                  delta_description=T.KPI_REGIONS_DELTA, inverse=category != "hijau")
            if category == "merah":
                # The count alone invites the next question; answer it on the card.
                st.caption(T.KPI_MERAH_NAMES.format(names=", ".join(merah_names)) if merah_names
                           else T.KPI_MERAH_NONE)

    left, right = st.container(), st.container()  # full width each: long region names and drivers stay readable
    with left:
        st.subheader(T.TOP10_TITLE)
        st.caption(T.OPEN_PROFILE_HINT)
        picked = st.dataframe(W.risk_styled(pd.DataFrame({
            T.TOP10_RANK: top["rank"].astype("int64"),
            T.TOP10_REGION: top["name"],
            T.TOP10_SCORE: [fmt.number(s, 1) for s in top["score"]],
            T.TOP10_CATEGORY: [RT.row_badge(r) + (" " + T.INCOMPLETE_FLAG if f else "")
                               for r, f in zip(top.to_dict("records"), top["flagged_incomplete"])],
            T.TOP10_CHANGE: [rank_change_text(c) for c in top["rank_change"]],
            T.TOP10_DRIVER: [RT.why(d) for d in top["drivers"]],
        }), [T.TOP10_CATEGORY], {T.TOP10_CATEGORY: list(top["category"])}), hide_index=True, key="top10",
            on_select="rerun", selection_mode="single-row",
            column_config={
            T.TOP10_CATEGORY: st.column_config.TextColumn(T.TOP10_CATEGORY, help=T.RISK_CATEGORY_HELP),
            T.TOP10_DRIVER: st.column_config.TextColumn(T.TOP10_DRIVER, width="large")})
        W.profile_on_select(picked, list(top["region_code"]))
    with right:
        st.subheader(T.CHANGES_TITLE)
        if changed.empty:
            st.caption(T.CHANGES_NONE.format(month=fmt.month(view.month, long=True)))
        else:
            order = {c: i for i, c in enumerate(("hijau", "kuning", "merah"))}
            st.dataframe(W.risk_styled(pd.DataFrame({
                T.TOP10_REGION: changed["name"],
                T.TRANSITION_FROM: [charts.risk_chip_text(c) for c in changed["prev_category"]],
                T.TRANSITION_TO: [charts.risk_chip_text(c) for c in changed["category"]],
                T.TRANSITION_DIRECTION: [T.CHANGES_UP if order.get(n, 0) > order.get(p, 0) else T.CHANGES_DOWN
                                         for n, p in zip(changed["category"], changed["prev_category"])],
            }), [T.TRANSITION_FROM, T.TRANSITION_TO], {T.TRANSITION_FROM: list(changed["prev_category"]),
                                                       T.TRANSITION_TO: list(changed["category"])}),
                hide_index=True, key="status_changes")

st.subheader(T.SERIOUS_TITLE)
if serious.empty:
    st.caption(T.SERIOUS_NONE)
else:
    table = W.incident_display(serious)
    st.caption(T.OPEN_PROFILE_HINT)
    picked = st.dataframe(table[[T.COL_DATE, T.COL_REGION, T.COL_CATEGORY, T.COL_SEVERITY, T.COL_DEATHS,
                                 T.COL_INJURIES, T.COL_DESCRIPTION]],
                          hide_index=True, key="serious", column_config=W.incident_column_config(),
                          on_select="rerun", selection_mode="single-row")
    W.profile_on_select(picked, list(serious["kabkota_code"]))
