"""Peta Risiko: offline choropleth of the scope's regions coloured by risk category, score or one
indicator; click (or choose) a region to open its profile; an incident density layer aggregated
in SQL, in a fragment so changing its filters redraws only that map."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from domain import fmt
from domain.access import Permission
from domain.filters import IncidentFilter
from domain.taxonomy import taxonomy
from ui import early_warning as E
from ui import exports as X
from ui import geo, maps, queries as Q
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.session import principal as current_principal
from ui.state import current_view, period_selector

MAP_HEIGHT = 780

principal = current_principal()
view = current_view(principal)
tax = taxonomy()


def open_profile(code: str) -> None:
    st.switch_page(W.PROFILE_PAGE, query_params={"region": code, "cakupan": view.scope.encode(),
                                               "periode": str(view.month)})


# --- load -------------------------------------------------------------------------------------
st.title(T.PETA_TITLE)
# two rows of controls: on a 1280-px projector four in one row clip the segmented controls
period_col, level_col, _ = st.columns([1.1, 3.0, 0.4], vertical_alignment="bottom")
with period_col:
    period_selector(principal, key="peta_periode")
    view = current_view(principal)
national = view.scope.code is None
kecamatan_possible = not national and view.scope.code.split(".")[0] in {c.split(".")[0] for c in
                                                                        geo.available_codes("kecamatan")}
with level_col:
    level = "kabkota"
    if national:  # provinces by default; all 514 kab/kota on request (geometry sent once, simplified)
        level = st.segmented_control(T.PETA_LEVEL, ["provinsi", "kabkota"], default="provinsi", key="peta_tingkat_nas",
                                     required=True, format_func=lambda v: T.PETA_LEVEL_PROVINSI if v == "provinsi"
                                     else T.PETA_LEVEL_KABKOTA) or "provinsi"
    elif kecamatan_possible:
        level = st.segmented_control(T.PETA_LEVEL, ["kabkota", "kecamatan"], default="kabkota", key="peta_tingkat",
                                     required=True, format_func=lambda v: T.PETA_LEVEL_KABKOTA if v == "kabkota"
                                     else T.PETA_LEVEL_KECAMATAN) or "kabkota"
mode_col, indicator_col = st.columns([2.1, 2.4], vertical_alignment="bottom")
with mode_col:
    modes = {"category": T.PETA_BY_CATEGORY, "score": T.PETA_BY_SCORE, "indicator": T.PETA_BY_INDICATOR}
    mode = st.segmented_control(T.PETA_COLOUR_BY, list(modes), default="category", key="peta_warna", required=True,
                                format_func=modes.get, disabled=level == "kecamatan") or "category"
indicator = None
with indicator_col:
    # the indicator list is read only when the map is coloured by one
    definitions = Q.indicator_definitions() if mode == "indicator" and level == "kabkota" else pd.DataFrame()
    if not definitions.empty:
        names = dict(zip(definitions["code"], definitions["name"]))
        indicator = st.selectbox(T.PETA_INDICATOR, list(names), format_func=names.get, key="peta_indikator",
                                 placeholder=T.CHOOSE_ONE)

if national and level == "provinsi":
    units = Q.region_list(principal, ("provinsi",))
    geo_level = "provinsi"
elif national:
    units = Q.region_list(principal, ("kabupaten", "kota"))
    geo_level = "kabkota"
elif level == "kecamatan":
    units = Q.region_list(principal, ("kecamatan",))
    units = units[[view.scope.contains(c) for c in units["code"]]].reset_index(drop=True)
    geo_level = "kecamatan"
else:
    units = Q.kabkota_in(principal, view.scope)
    geo_level = "kabkota"
risk = Q.risk_scores(principal, view.scope, view.month, level="kabkota" if geo_level == "kabkota" else None)
indicator_values = (Q.latest_indicators(principal, view.month.last_day, None if national else
                                        view.scope.code.split(".")[0],
                                        ("provinsi",) if geo_level == "provinsi" else ("kabupaten", "kota"))
                    if indicator else pd.DataFrame())
kecamatan_counts = (Q.incident_aggregate(principal, IncidentFilter(
    date_from=view.month.shift(-11).first_day, date_to=view.month.last_day, region_codes=(view.scope.code,)),
    ("kecamatan_code",)) if geo_level == "kecamatan" else pd.DataFrame())

# --- compute ----------------------------------------------------------------------------------
frame = pd.DataFrame({"region_code": units["code"], "name": units["display_name"]})
SCORE_COLUMNS = ["region_code", "score", "category", "rank", "p_merah", "p_hijau", "borderline", "drivers"]
scores = risk.table if risk is not None else pd.DataFrame(columns=SCORE_COLUMNS)
frame = frame.merge(scores[SCORE_COLUMNS], on="region_code", how="left") if geo_level != "kecamatan" else \
    frame.assign(score=float("nan"), category=None, rank=None, p_merah=float("nan"), p_hijau=float("nan"),
                 borderline=False, drivers=None)
frame["category"] = frame["category"].astype(object).where(frame["category"].notna(), None)
# the hover names the concrete driver with its number, and the colour with its probability
frame["top_driver"] = [RT.why(d) if isinstance(d, list) else None for d in frame["drivers"]]
frame["badge"] = [RT.badge(c, pm, ph, b) for c, pm, ph, b in zip(frame["category"], frame["p_merah"],
                                                                 frame["p_hijau"], frame["borderline"])]
frame["value"] = frame["score"]
frame["value_text"] = ""
value_title = T.SCORE_AXIS
if indicator:
    part = indicator_values[indicator_values["indicator_code"] == indicator].set_index("region_code")
    frame["value"] = frame["region_code"].map(part["value"])
    unit = part["unit"].iloc[0] if not part.empty else ""
    value_title = f"{names[indicator]} ({unit})" if unit else names[indicator]
    frame["value_text"] = [f"<br>{names[indicator]}: {fmt.number(v, 2)} {unit}" if pd.notna(v) else ""
                           for v in frame["value"]]
if geo_level == "kecamatan":
    counts = kecamatan_counts.set_index("kecamatan_code")["incidents"] if not kecamatan_counts.empty else {}
    frame["value"] = [int(counts.get(c, 0)) for c in frame["region_code"]]
    frame["value_text"] = [f"<br>{T.PETA_KECAMATAN_VALUE.format(period='12 bln')}: {fmt.number(v)}"
                           for v in frame["value"]]
    value_title = T.PETA_KECAMATAN_VALUE.format(period="12 bln")
collection = geo.feature_collection(geo_level, list(frame["region_code"]))
frame = frame[frame["region_code"].isin({f["id"] for f in collection["features"]})].reset_index(drop=True)
bounds = geo.level_bounds(geo_level, list(frame["region_code"]))  # the mainland, not every far-flung islet
map_mode = "category" if (mode == "category" and geo_level != "kecamatan") else "value"

# --- render -----------------------------------------------------------------------------------
if risk is None and geo_level != "kecamatan":
    st.info(T.SCORES_NOT_READY)
elif risk is not None and risk.missing and geo_level != "kecamatan":
    st.info(T.SCORES_MISSING.format(month=fmt.month(view.month, long=True)))
elif geo_level != "kecamatan" and frame["score"].isna().all():
    W.empty(T.NO_SCORES)
if indicator and frame["value"].isna().all():
    W.empty(T.PETA_INDICATOR_NONE)

if not collection["features"]:
    W.empty(T.PETA_NO_GEOMETRY)
else:
    as_of = RT.table_as_of_line(scores)
    st.caption(T.PETA_CLICK_HINT + (" · " + as_of if as_of else ""))
    show_alerts = geo_level == "kabkota" and st.toggle(T.EW_MAP_LAYER, key="peta_peringatan")
    # halves: at 1280×720 (a projector) the legend's three columns need ~380 px; a tall province fills its half
    map_col, table_col = st.columns(2)
    with map_col:
        figure = maps.cached_choropleth(geo_level, frame, mode=map_mode, bounds=bounds, value_title=value_title,
                                        height=MAP_HEIGHT)
        if show_alerts:
            E.alert_layer(figure, collection, E.in_scope(E.open_alerts(principal, active_only=True), view.scope))
        event = W.plot(figure, key="peta_choropleth", on_select="rerun", selection_mode="points",
                       config={"scrollZoom": True})
        clicked = maps.selected_region(event)
        # A selection that survives a return to this page must not bounce the user back to the profile.
        if clicked is None:
            st.session_state.pop("peta_last_click", None)
        elif clicked != st.session_state.get("peta_last_click"):
            st.session_state["peta_last_click"] = clicked
            open_profile(clicked)
    with table_col:
        st.markdown(f"**{T.PETA_LEGEND_TABLE}**")
        ordered = frame.sort_values(["rank", "name"] if geo_level != "kecamatan" else ["value", "name"],
                                    ascending=[True, True] if geo_level != "kecamatan" else [False, True])
        legend_column = T.TOP10_CATEGORY if map_mode == "category" else value_title
        legend = pd.DataFrame({
            T.TOP10_REGION: ordered["name"],
            legend_column: [RT.compact_badge(c, pm, ph, b) for c, pm, ph, b in zip(
                ordered["category"], ordered["p_merah"], ordered["p_hijau"], ordered["borderline"])]
            if map_mode == "category" else [fmt.number(v, 1) for v in ordered["value"]],
            T.TOP10_SCORE: [fmt.number(s, 1) for s in ordered["score"]],
        })
        st.dataframe(W.risk_styled(legend, [legend_column], {legend_column: list(ordered["category"])})
                     if map_mode == "category" else legend, hide_index=True, height=MAP_HEIGHT - 150,
                     key="peta_table", column_config={
                         T.TOP10_REGION: st.column_config.TextColumn(T.TOP10_REGION, width="medium"),
                         T.TOP10_SCORE: st.column_config.TextColumn(T.TOP10_SCORE, width=60)})
        if map_mode == "category" and ordered["borderline"].fillna(False).astype(bool).any():
            st.caption(T.RISK_BORDERLINE_NOTE)
        labels = dict(zip(frame["region_code"], frame["name"]))
        st.selectbox(T.PETA_CHOOSE, list(labels), index=None, format_func=labels.get,
                     placeholder=T.PETA_CHOOSE_PLACEHOLDER, key="peta_pilih",
                     on_change=lambda: st.session_state.update(peta_goto=st.session_state.get("peta_pilih")))
        goto = st.session_state.pop("peta_goto", None)
        if goto:
            open_profile(goto)
    if principal.can(Permission.EXPORT):
        st.markdown(f"**{T.PETA_EXPORT}**")
        # made only when a button is clicked
        shown = functools.partial(X.map_export_frame, ordered, str(view.month), value_title,
                                  with_value=map_mode == "value")
        X.export_buttons(principal, shown, name="peta", sheet=T.PAGE_PETA, key="peta_export", target="peta",
                         flt=IncidentFilter(region_codes=(view.scope.code,) if view.scope.code else ()),
                         view={"scope": view.scope.encode(), "period": str(view.month), "level": geo_level,
                               "colour_by": map_mode, "indicator": indicator})
        st.caption(T.PETA_EXPORT_NOTE)

@st.fragment
def incident_layer() -> None:
    st.subheader(T.PETA_INCIDENTS)
    c1, c2 = st.columns([2.0, 1.0])
    windows = {1: T.PETA_WINDOW_MONTH, 3: T.PETA_WINDOW_3M, 12: T.PETA_WINDOW_12M}
    with c1:
        months = st.segmented_control(T.PETA_INCIDENT_WINDOW, list(windows), default=3, format_func=windows.get,
                                      key="peta_jendela", required=True) or 3
    with c2:
        categories = st.multiselect(T.FILTER_CATEGORY, list(tax.codes("category")), key="peta_kategori",
                                    format_func=lambda c: tax.label("category", c), placeholder=T.FILTER_ALL)
    flt = IncidentFilter(date_from=view.month.shift(-(months - 1)).first_day, date_to=view.month.last_day,
                         region_codes=(view.scope.code,) if view.scope.code else (), categories=tuple(categories))
    cell = 0.5 if national else (0.05 if view.scope.level.value == "provinsi" else 0.01)
    grid = Q.incident_grid(principal, flt, cell)
    if grid.empty:
        W.empty_filter_result(flt, "peta", dict(zip(frame["region_code"], frame["name"])),
                              names=("peta_jendela", "peta_kategori"))
        return
    # the level's boundary file as the outline (fetched once by the browser): serialising the scope's polygons
    # into the deck's JSON was a fifth of the server's work per map view
    st.pydeck_chart(maps.incident_deck(grid, geo.level_url(geo_level), bounds, cell,
                                       in_scope=geo.scope_property(geo_level, view.scope.code)),
                    height=640, key="peta_grid")
    st.caption(T.PETA_GRID_CAPTION.format(count=fmt.number(int(grid["incidents"].sum())),
                                          cells=fmt.number(len(grid)), km=fmt.number(cell * 111, 1),
                                          period=W.describe_filter(flt)))


if collection["features"]:
    incident_layer()
