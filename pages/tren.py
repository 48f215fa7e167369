"""Tren: monthly incident counts by category (top categories plus "lainnya") with filters kept in the
URL, up to six regions side by side, nyata vs maya, risk-score lines for the filtered regions, calendar
events on the time axis, and an audited export of the numbers behind the charts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import fmt
from domain.access import Permission
from domain.period import Month
from domain.taxonomy import taxonomy
from services import trends
from ui import charts, queries as Q
from ui import exports as X
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.session import principal as current_principal
from ui.state import current_view

MAX_REGIONS = 6
principal = current_principal()
view = current_view(principal)
tax = taxonomy()

# --- load -------------------------------------------------------------------------------------
st.title(T.TREN_TITLE)
kabkota = Q.kabkota_in(principal, view.scope)
labels = dict(zip(kabkota["code"], kabkota["display_name"]))
chosen = W.incident_filter_bar(kabkota, key="tren", bounds=Q.incident_date_bounds(principal), default_days=1095,
                               url=True, max_regions=MAX_REGIONS)
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
compared = [c for c in chosen.region_codes if c in labels]
monthly = Q.incident_aggregate(principal, flt, ("month", "category"))
by_arena = Q.incident_aggregate(principal, flt, ("month", "arena"))
by_region = Q.incident_aggregate(principal, flt, ("month", "kabkota_code")) if len(compared) > 1 else pd.DataFrame()
totals = Q.incident_totals(principal, flt)
events = Q.events(principal, flt.date_from, flt.date_to)
events = events[events["kind"].isin(event_kinds)] if not events.empty else events
regions = Q.region_list(principal, ("provinsi", "kabupaten", "kota"))

# --- compute ----------------------------------------------------------------------------------
months = [pd.Timestamp(m.first_day) for m in Month.of(flt.date_from).range_to(Month.of(flt.date_to))]
codes = list(flt.region_codes) or list(regions.loc[regions["level"] == "provinsi", "code"])
people = trends.population_of(regions, codes)
population = sum(people.values()) if len(people) == len(codes) else None
rate_shown = bool(per_100k and population)
value_col, y_title = ("rate", T.TREN_Y_RATE) if rate_shown else ("incidents", T.TREN_Y_COUNT)
if rate_shown:
    monthly = trends.with_rate(monthly, population)
    by_arena = trends.with_rate(by_arena, population)
if per_100k and not by_region.empty:
    by_region = trends.with_rate(by_region, people, "kabkota_code")
grouped = trends.group_categories(monthly, trends.TOP_CATEGORIES) if not monthly.empty else monthly
by_month = (monthly.groupby("month", as_index=False)[["incidents", "deaths", "injuries"]].sum()
            if not monthly.empty else pd.DataFrame(columns=["month", "incidents", "deaths", "injuries"]))
if compared:
    score_regions, score_note = compared, None
else:
    # No region filtered: the three riskiest of the period, so the chart says something at once.
    ranked = Q.risk_scores(principal, view.scope, view.month).table.sort_values("rank")
    score_regions = [c for c in ranked["region_code"] if c in labels][:3]
    score_note = T.TREN_SCORE_DEFAULT


def export_frame() -> pd.DataFrame:
    """The numbers behind the charts: per month, kab/kota, category and arena (labels beside codes)."""
    rows = Q.incident_aggregate(principal, flt, ("month", "kabkota_code", "category", "arena"))
    return X.trend_export_frame(rows, labels, trends.population_of(regions, list(rows["kabkota_code"].unique())))


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
    W.empty_filter_result(chosen, "tren", labels)
    st.stop()
W.plot(charts.stacked_categories(grouped, value_col, y_title, events, months, T.TREN_OTHER), key="tren_counts")
st.caption(T.TREN_TOP_NOTE.format(n=trends.TOP_CATEGORIES) + " " + T.TREN_EVENTS)
with st.expander(T.TREN_TABLE):
    st.dataframe(pd.DataFrame({
        T.COL_DATE: [fmt.month(m.date(), long=True) for m in by_month["month"]],
        T.TREN_Y_COUNT: by_month["incidents"].astype("int64"),
        T.COL_DEATHS: by_month["deaths"].astype("int64"),
        T.COL_INJURIES: by_month["injuries"].astype("int64"),
    }), hide_index=True, key="tren_table")

if len(compared) > 1:
    st.subheader(T.TREN_COMPARE)
    compare_col = "rate" if per_100k and "rate" in by_region else "incidents"
    W.plot(charts.series_lines(by_region, "kabkota_code", compare_col, {c: labels[c] for c in compared},
                               T.TREN_Y_RATE if compare_col == "rate" else T.TREN_Y_COUNT, months, events),
           key="tren_compare")
    missing = [labels[c] for c in compared if c not in people]
    if per_100k and missing:
        st.caption(T.TREN_COMPARE_NO_POPULATION.format(regions=", ".join(missing)))
else:
    st.caption(T.TREN_COMPARE_HINT.format(n=MAX_REGIONS))

st.subheader(T.TREN_ARENA)
W.plot(charts.series_lines(by_arena, "arena", value_col, {c: tax.label("arena", c) for c in tax.codes("arena")},
                           y_title, months, height=400), key="tren_arena_split")

st.subheader(T.TREN_SCORES)
if not score_regions:
    st.caption(T.TREN_SCORE_PICK)
else:
    if score_note:
        st.caption(score_note)
    score_months = tuple(Month.of(flt.date_from).range_to(Month.of(flt.date_to)))[-36:]
    history = Q.risk_history(principal, view.scope, score_months)
    history = history[history["region_code"].isin(score_regions)]
    if history.empty:
        st.info(T.SCORES_MISSING.format(month=f"{fmt.month(score_months[0])}–{fmt.month(score_months[-1])}"))
    else:
        history = history.set_index("region_code").loc[[c for c in score_regions if c in set(history["region_code"])]]
        recomputed = None
        if st.toggle(T.TREN_SHOW_RECOMPUTED, key="tren_recomputed"):
            recomputed = Q.risk_history(principal, view.scope, score_months, series="dihitung_ulang")
            recomputed = recomputed[recomputed["region_code"].isin(score_regions)]
        W.plot(charts.score_lines(history.reset_index(), labels, events, recomputed), key="tren_scores")
        st.caption(T.TREN_SCORES_SERIES_NOTE)
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

if principal.can(Permission.EXPORT):
    st.subheader(T.TREN_EXPORT)
    X.export_buttons(principal, export_frame, name="tren", sheet=T.PAGE_TREN, key="tren_export", target="tren",
                     flt=flt, view={"scope": view.scope.encode(), "per_100k": bool(per_100k)})
    st.caption(T.TREN_EXPORT_NOTE)
