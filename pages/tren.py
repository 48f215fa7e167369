"""Tren: monthly incident counts by category with filters kept in the URL, risk-score lines for
chosen regions, and calendar events marked on the time axis."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import fmt
from domain.period import Month
from domain.taxonomy import taxonomy
from ui import charts, queries as Q
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.session import principal as current_principal
from ui.state import current_view

principal = current_principal()
view = current_view(principal)
tax = taxonomy()

# --- load -------------------------------------------------------------------------------------
st.title(T.TREN_TITLE)
kabkota = Q.kabkota_in(principal, view.scope)
chosen = W.incident_filter_bar(kabkota, key="tren", bounds=Q.incident_date_bounds(principal), default_days=1095,
                               url=True)
if chosen is None:
    st.stop()
flt = W.scoped_filter(chosen, view.scope.code)
toggle_col, events_col = st.columns([1, 3], vertical_alignment="center")
with toggle_col:
    per_100k = st.toggle(T.TREN_PER_100K, key="tren_per100k", bind="query-params")
with events_col:
    event_kinds = st.multiselect(T.TREN_EVENT_KINDS, list(tax.codes("event_kind")), default=["pemilu", "pilkada"],
                                 key="tren_peristiwa", bind="query-params",
                                 format_func=lambda c: tax.label("event_kind", c), placeholder=T.TREN_EVENTS_NONE)
monthly = Q.incident_aggregate(principal, flt, ("month", "category"))
totals = Q.incident_totals(principal, flt)
events = Q.events(principal, flt.date_from, flt.date_to)
events = events[events["kind"].isin(event_kinds)] if not events.empty else events

# --- compute ----------------------------------------------------------------------------------
months = [pd.Timestamp(m.first_day) for m in Month.of(flt.date_from).range_to(Month.of(flt.date_to))]
value_col, y_title = "incidents", T.TREN_Y_COUNT
regions = Q.region_list(principal, ("provinsi", "kabupaten", "kota"))
codes = list(flt.region_codes) or list(regions.loc[regions["level"] == "provinsi", "code"])
population = float(regions.loc[regions["code"].isin(codes), "population"].fillna(0).sum()) or None
if per_100k and population:
    monthly = monthly.assign(rate=monthly["incidents"] / population * 100_000)
    value_col, y_title = "rate", T.TREN_Y_RATE
by_month = (monthly.groupby("month", as_index=False)[["incidents", "deaths", "injuries"]].sum()
            if not monthly.empty else pd.DataFrame(columns=["month", "incidents", "deaths", "injuries"]))

# --- render -----------------------------------------------------------------------------------
c1, c2, c3 = st.columns(3)
with c1:
    W.kpi(T.TREN_TOTAL, fmt.number(totals["incidents"]))
with c2:
    W.kpi(T.TREN_CASUALTIES, f"{fmt.number(totals['deaths'])} / {fmt.number(totals['injuries'])}")
with c3:
    W.kpi(T.TREN_Y_RATE, fmt.number(totals["incidents"] / population * 100_000, 1) if population else "—")

st.subheader(T.TREN_COUNTS)
if per_100k and not population:
    st.warning(T.TREN_NO_POPULATION)
if monthly.empty:
    W.empty(T.NO_INCIDENTS_FOR_FILTER + " " + W.describe_filter(flt))
else:
    W.plot(charts.stacked_categories(monthly, value_col, y_title, events, months), key="tren_counts")
    st.caption(T.TREN_EVENTS)
    with st.expander(T.TREN_TABLE):
        st.dataframe(pd.DataFrame({
            T.COL_DATE: [fmt.month(m.date(), long=True) for m in by_month["month"]],
            T.TREN_Y_COUNT: by_month["incidents"].astype("int64"),
            T.COL_DEATHS: by_month["deaths"].astype("int64"),
            T.COL_INJURIES: by_month["injuries"].astype("int64"),
        }), hide_index=True, key="tren_table")

st.subheader(T.TREN_SCORES)
labels = dict(zip(kabkota["code"], kabkota["display_name"]))
default_regions = [c for c in flt.region_codes if c in labels][:4]
if not default_regions and Q.scores_available():
    # Start with the three riskiest regions of the period, so the chart says something at once.
    ranked = Q.risk_scores(principal, view.scope, view.month).table.sort_values("rank")
    default_regions = [c for c in ranked["region_code"] if c in labels][:3]
score_regions = st.multiselect(T.TREN_SCORE_REGIONS, list(labels), default=default_regions, key="tren_skor",
                               bind="query-params", format_func=lambda c: labels.get(c, c),
                               max_selections=8, placeholder=T.PETA_CHOOSE_PLACEHOLDER)
if not Q.scores_available():
    st.info(T.SCORES_NOT_READY)
elif not score_regions:
    st.caption(T.TREN_SCORE_PICK)
else:
    score_months = tuple(Month.of(flt.date_from).range_to(Month.of(flt.date_to)))[-36:]
    history = Q.risk_history(principal, view.scope, score_months)
    history = history[history["region_code"].isin(score_regions)]
    if history.empty:
        W.empty(T.NO_SCORES)
    else:
        history = history.set_index("region_code").loc[[c for c in score_regions if c in set(history["region_code"])]]
        W.plot(charts.score_lines(history.reset_index(), labels, events), key="tren_scores")
        # the chosen regions this month: colour with its probability, and the concrete why
        now = Q.risk_scores(principal, view.scope, view.month).table
        now = now[now["region_code"].isin(score_regions)].sort_values("rank")
        if not now.empty:
            st.dataframe(W.risk_styled(pd.DataFrame({
                T.TOP10_REGION: now["name"],
                T.TOP10_CATEGORY: [RT.row_badge(r) for r in now.to_dict("records")],
                T.TOP10_SCORE: [fmt.number(v, 1) for v in now["score"]],
                T.RISK_WHY: [RT.why(d, 2) for d in now["drivers"]],
            }), [T.TOP10_CATEGORY], {T.TOP10_CATEGORY: list(now["category"])}), hide_index=True,
                key="tren_now", column_config={
                    T.TOP10_CATEGORY: st.column_config.TextColumn(T.TOP10_CATEGORY, help=T.RISK_CATEGORY_HELP),
                    T.RISK_WHY: st.column_config.TextColumn(T.RISK_WHY, width="large")})
            st.caption(RT.table_as_of_line(now))
