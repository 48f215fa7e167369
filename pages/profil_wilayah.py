"""Profil Wilayah: one region in depth, reachable by URL (``?region=73.71``). Header with category,
score, rank and a 12-month sparkline; score contributions; indicators with their percentile in
the province; incidents; handling timeline; status history; kecamatan map; breadcrumbs."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import streamlit as st

from domain import fmt
from domain.access import Scope
from domain.filters import IncidentFilter
from domain.regions import is_region_code
from domain.taxonomy import taxonomy
from ui import charts, geo, maps, queries as Q
from ui import early_warning as E
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.session import principal as current_principal
from ui.state import current_view

PAGE_SIZE = 25
TIMELINE_ACTIONS = 12  # newest actions drawn; more would not be readable on one screen
principal = current_principal()
view = current_view(principal)
tax = taxonomy()
today = date.today()

# --- which region -----------------------------------------------------------------------------
st.title(T.PROFIL_TITLE)
raw = st.query_params.get("region")
if raw is None and view.scope.code and view.scope.code.count(".") == 1:
    # One kab/kota in view (an operator's own region): nothing to choose, open it.
    raw = view.scope.code
    st.query_params["region"] = raw
if raw is None:
    options = Q.kabkota_in(principal, view.scope)
    labels = dict(zip(options["code"], options["display_name"]))
    picked = st.selectbox(T.PROFIL_PICK, list(labels), index=None, format_func=labels.get,
                          placeholder=T.PETA_CHOOSE_PLACEHOLDER, key="profil_pilih")
    if picked is None:
        W.empty(T.PROFIL_NO_REGION)
        st.stop()
    st.query_params["region"] = picked
    raw = picked
code = raw.strip() if isinstance(raw, str) else ""
region = Q.region(principal, code) if is_region_code(code) else None
if region is None:
    # Unknown and out-of-scope look the same: the page must not reveal which regions exist elsewhere.
    st.error(T.PROFIL_UNKNOWN.format(code=W.escape_markdown(code[:20])))
    st.stop()

# --- breadcrumbs ------------------------------------------------------------------------------
parts = code.split(".")
trail = []
for depth in range(1, len(parts) + 1):
    ancestor = ".".join(parts[:depth])
    record = region if ancestor == code else Q.region(principal, ancestor)
    if record is not None:
        trail.append((ancestor, record.display_name))
W.breadcrumbs(trail)
st.header(region.display_name)

# --- province: a list of its kab/kota ---------------------------------------------------------
if region.level == "provinsi":
    st.info(T.PROFIL_PROVINCE_NOTE)
    children = Q.kabkota_in(principal, Scope.for_region(code))
    for row in children.itertuples():
        W.region_page_link(row.code, row.display_name)
    st.stop()

kabkota_code = ".".join(parts[:2])
province_code = parts[0]
is_kabkota = region.level in ("kabupaten", "kota")

# --- load -------------------------------------------------------------------------------------
risk = Q.risk_scores(principal, Scope.for_region(kabkota_code), view.month) if is_kabkota else None
months = tuple(view.month.shift(-i) for i in range(11, -1, -1))
history = Q.risk_history(principal, Scope.for_region(kabkota_code), months) if risk is not None else pd.DataFrame()
transitions = (Q.risk_transitions(principal, Scope.for_region(kabkota_code),
                                  tuple(view.month.shift(-i) for i in range(23, -1, -1)))
               if risk is not None else pd.DataFrame())
indicators = Q.latest_indicators(principal, view.month.last_day, province_code) if is_kabkota else pd.DataFrame()
actions = Q.region_actions(principal, code, None)
open_cases = Q.open_cases_by_region(principal, Scope.for_region(kabkota_code))

# --- compute ----------------------------------------------------------------------------------
row = None
if risk is not None and not risk.table.empty:
    match = risk.table[risk.table["region_code"] == code]
    row = match.iloc[0] if not match.empty else None
open_count = int(open_cases["open_cases"].sum()) if not open_cases.empty else 0

# --- render: header ---------------------------------------------------------------------------
if not is_kabkota:
    st.caption(T.PROFIL_KECAMATAN_NOTE)
elif risk is None:
    st.info(T.SCORES_NOT_READY)
elif risk.missing:
    st.info(T.SCORES_MISSING.format(month=fmt.month(view.month, long=True)))
elif row is None or pd.isna(row["score"]):
    W.empty(T.NO_SCORES)
else:
    # Cards two by two over the full width, the sparkline under them: five in a row were cut to "Kuni…"
    # at 1280×720 (a projector)
    first, second = st.columns([1.4, 1])
    with first:
        # the probability beside the colour; the borderline mark and a held category under the chip
        W.kpi(T.PROFIL_CATEGORY, RT.badge(row["category"], row["p_merah"], row["p_hijau"]),
              help=T.RISK_CATEGORY_HELP)
        W.risk_chip(row["category"])
        notes = [T.RISK_BORDERLINE] if bool(row["borderline"]) else []
        held = RT.held_note(row["category"], row["category_raw"])
        notes += [held] if held else []
        if notes:
            st.caption(" · ".join(notes))
    with second:
        W.kpi(T.PROFIL_SCORE, fmt.number(row["score"], 1))
    third, fourth = st.columns([1.4, 1])
    with third:
        change = row.get("rank_change")
        W.kpi(T.PROFIL_RANK, T.PROFIL_RANK_OF.format(rank=int(row["rank"]),
                                                     total=Q.province_kabkota_count(province_code)),
              (fmt.signed(int(change)) if change is not None and pd.notna(change) else None), inverse=False)
    with fourth:
        W.kpi(T.PROFIL_COMPLETENESS, fmt.percent(float(row["completeness"]), 0))
    st.markdown(f"**{T.PROFIL_TREND}**")
    mine = history[history["region_code"] == code] if not history.empty else history
    if mine.empty:
        st.caption(T.NO_SCORES)
    else:
        W.plot(charts.sparkline(mine), key="profil_spark", config={"displayModeBar": False})
    st.markdown(f"**{T.PROFIL_EXPLANATION}:** {W.escape_markdown(str(row['explanation'] or ''))}")
    if row["drivers"]:
        st.markdown(f"**{T.PROFIL_DRIVERS}**\n" + "\n".join(
            f"- {W.escape_markdown(RT.why([d]))} — "
            + T.PROFIL_DRIVER_POINTS.format(points=fmt.number(d['contribution'], 1)) for d in row["drivers"]))
    if bool(row["flagged_incomplete"]):
        st.caption(T.INCOMPLETE_FLAG)
    st.caption(RT.as_of_line(row["as_of"], row["data_as_of"]))

c_open, c_last = st.columns(2)
with c_open:
    W.kpi(T.PROFIL_OPEN_CASES, fmt.number(open_count))
with c_last:
    if actions.empty:
        W.kpi(T.PROFIL_LAST_ACTION, "—")
    else:
        # the day on the card (a long action name was cut to "Patroli siber / tak…" on a 1280-px projector),
        # what was done under it, wrapped
        last = actions.iloc[0]
        W.kpi(T.PROFIL_LAST_ACTION, fmt.day(last["started_on"]) if pd.notna(last["started_on"]) else "—")
        st.caption(f"{tax.label('action_type', last['action_type'])} · {tax.label('agency', last['agency'])} · "
                   f"{tax.label('action_status', last['status'])}")

# The charts and tables below take the full width, one after another: side by side they were squeezed
# unreadably on a 1280-px projector (bars a few pixels long, date ticks on top of each other).
st.subheader(T.PROFIL_CONTRIBUTIONS)
part = risk.contributions[risk.contributions["region_code"] == code] if row is not None else pd.DataFrame()
if part.empty:
    W.empty(T.NO_SCORES if is_kabkota else T.PROFIL_KECAMATAN_NOTE)
else:
    W.plot(charts.contributions(part, dict(Q.methodology().component_labels)), key="profil_contrib")

st.subheader(T.PROFIL_INDICATORS)
mine = indicators[indicators["region_code"] == code] if not indicators.empty else indicators
if mine.empty:
    W.empty(T.PROFIL_IND_NONE)
else:
    st.dataframe(pd.DataFrame({
        T.PROFIL_IND_NAME: mine["name"],
        T.PROFIL_IND_VALUE: [f"{fmt.number(v, 2)} {u}" for v, u in zip(mine["value"], mine["unit"])],
        T.PROFIL_IND_PERIOD: [fmt.month(p) for p in mine["period"]],
        T.PROFIL_IND_PCT: mine["percentile"].round(0),
        T.PROFIL_IND_DIRECTION: [T.DIRECTION_UP if h else T.DIRECTION_DOWN for h in mine["higher_is_riskier"]],
    }), hide_index=True, key="profil_indicators", column_config={
        T.PROFIL_IND_PCT: st.column_config.ProgressColumn(T.PROFIL_IND_PCT, min_value=0, max_value=100,
                                                          format="%d")})

st.subheader(T.PROFIL_INCIDENTS)
with st.container():
    f1, f2, f3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    with f1:
        categories = st.multiselect(T.FILTER_CATEGORY, list(tax.codes("category")), key="profil_kategori",
                                    format_func=lambda c: tax.label("category", c), placeholder=T.FILTER_ALL)
    with f2:
        search = st.text_input(T.FILTER_SEARCH, key="profil_cari", max_chars=200, placeholder=T.FILTER_SEARCH_HINT)
    flt = IncidentFilter(region_codes=(code,), categories=tuple(categories), search=search.strip())
    total = Q.incident_count(principal, flt)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    with f3:
        page = int(st.number_input(T.INSIDEN_PAGE, min_value=1, max_value=pages, value=1, key="profil_halaman"))
    if total == 0:
        W.empty(T.NO_INCIDENTS_FOR_FILTER)
    else:
        st.markdown(T.INSIDEN_COUNT.format(count=fmt.number(total), page=fmt.number(page), pages=fmt.number(pages)))
        table = W.incident_display(Q.incident_page(principal, flt, PAGE_SIZE, (page - 1) * PAGE_SIZE))
        st.dataframe(table, hide_index=True, key="profil_incidents",
                     column_config=W.incident_column_config())

st.subheader(T.PROFIL_HANDLING)
if actions.empty:
    W.empty(T.PROFIL_HANDLING_NONE)
else:
    W.plot(charts.handling_timeline(actions.head(TIMELINE_ACTIONS), today), key="profil_timeline")
    st.caption(T.PROFIL_HANDLING_SHOWN.format(shown=min(len(actions), TIMELINE_ACTIONS), total=len(actions)))

st.subheader(T.PROFIL_TRANSITIONS)
mine = transitions[transitions["region_code"] == code] if not transitions.empty else transitions
if risk is None or mine.empty:
    W.empty(T.PROFIL_TRANSITIONS_NONE if risk is not None else
            (T.SCORES_NOT_READY if is_kabkota else T.PROFIL_KECAMATAN_NOTE))
else:
    st.dataframe(pd.DataFrame({
        T.TRANSITION_PERIOD: [fmt.month(p, long=True) for p in mine["period"]],
        T.TRANSITION_FROM: [charts.risk_chip_text(c) for c in mine["from_category"]],
        T.TRANSITION_TO: [charts.risk_chip_text(c) for c in mine["to_category"]],
        T.TRANSITION_DIRECTION: [T.CHANGES_UP if d == "up" or d == "naik" else T.CHANGES_DOWN
                                 for d in mine["direction"]],
    }), hide_index=True, key="profil_transitions")

E.render_alert_history(E.alert_history(principal, kabkota_code))

st.subheader(T.PROFIL_CHILDREN)
with st.container():
    kecamatan = Q.region_list(principal, ("kecamatan",), kabkota_code)
    collection = geo.feature_collection("kecamatan", list(kecamatan["code"]))
    if not collection["features"]:
        W.empty(T.PROFIL_CHILDREN_NONE)
    else:
        counts = Q.incident_aggregate(principal, IncidentFilter(
            date_from=view.month.shift(-11).first_day, date_to=view.month.last_day, region_codes=(kabkota_code,)),
            ("kecamatan_code",))
        by_code = dict(zip(counts["kecamatan_code"], counts["incidents"])) if not counts.empty else {}
        frame = pd.DataFrame({"region_code": kecamatan["code"], "name": kecamatan["display_name"]})
        frame = frame[frame["region_code"].isin({f["id"] for f in collection["features"]})]
        frame = frame.assign(score=float("nan"), category=None, top_driver=None,
                             value=[int(by_code.get(c, 0)) for c in frame["region_code"]])
        frame["value_text"] = [f"<br>{T.PETA_KECAMATAN_VALUE.format(period='12 bln')}: {fmt.number(v)}"
                               for v in frame["value"]]
        figure = maps.cached_choropleth("kecamatan", frame, mode="value",
                                        bounds=geo.level_bounds("kecamatan", list(frame["region_code"])),
                                        value_title=T.PETA_KECAMATAN_VALUE.format(period="12 bln"), height=520,
                                        width_px=1500)
        event = W.plot(figure, key="profil_children", on_select="rerun", selection_mode="points")
        clicked = maps.selected_region(event)
        if clicked and clicked != code:
            st.query_params["region"] = clicked
            st.rerun()
