"""Small building blocks shared by the dashboard pages: chips, KPI cards, empty states,
breadcrumbs and the incident filter bar.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
from pandas.io.formats.style import Styler
import streamlit as st

from domain import fmt
from domain.filters import IncidentFilter
from domain.period import EARLIEST_DATE
from domain.regions import display_name
from domain.taxonomy import taxonomy
from services.boundaries import TOPOJSON_URL
from ui import texts as T
from ui.charts import NO_DATA_COLOUR, RISK_COLOURS, RISK_TEXT_COLOURS, risk_label
from ui.markup import escape_markdown
from ui.navigation import PAGES_DIR

_BADGE_COLOURS = {"merah": "red", "kuning": "yellow", "hijau": "green"}


def risk_chip(category: str | None) -> None:
    """A coloured badge that also says what the colour means."""
    st.badge(risk_label(category), color=_BADGE_COLOURS.get(category or "", "gray"))


def kpi(label: str, value: str, delta: str | None = None, *, help: str | None = None,
        inverse: bool = True, delta_description: str | None = None) -> None:
    """A bordered metric card; for risk figures more is worse, so deltas are coloured inverse."""
    if delta and delta.startswith("−"):
        delta = "-" + delta[1:]  # st.metric reads the direction from an ASCII minus
    st.metric(label, value, delta, help=help, border=True, delta_color="inverse" if inverse else "normal",
              delta_description=delta_description)


def plot(figure, key: str, **kwargs):
    """``st.plotly_chart`` with the figure's own high-contrast styling (not the theme's small grey text)."""
    # topojsonURL: a geo map's base layer comes from the app's own static files, never plotly's CDN.
    return st.plotly_chart(figure, key=key, theme=None,
                           config={"displaylogo": False, "topojsonURL": TOPOJSON_URL, **kwargs.pop("config", {})},
                           **kwargs)


def empty(message: str) -> None:
    """Say why there is nothing to show, instead of an empty chart."""
    st.info(message, icon=":material/info:")


# Absolute paths: they match the st.Page objects ui.navigation registers, whatever the entry script.
PROFILE_PAGE = str(PAGES_DIR / "profil_wilayah.py")


def region_page_link(code: str, label: str) -> None:
    st.page_link(PROFILE_PAGE, label=label, query_params={"region": code})


def breadcrumbs(trail: list[tuple[str, str]]) -> None:
    """Province → kab/kota → kecamatan links; the last item is the current region (plain text)."""
    if not trail:
        return
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        for i, (code, label) in enumerate(trail):
            if i == len(trail) - 1:
                st.markdown(f"**{escape_markdown(label)}**", width="content")
            else:
                region_page_link(code, label)
                st.markdown("›", width="content")


def change_text(now: int | float, before: int | float | None) -> str | None:
    """``"+3 (+12,5%)"`` against a previous value; None when there is nothing to compare."""
    if before is None:
        return None
    diff = now - before
    if before:
        return f"{fmt.signed(diff)} ({fmt.signed(diff / before * 100, 1)}%)"
    return fmt.signed(diff)


def incident_filter_bar(kabkota: pd.DataFrame, *, key: str, bounds: tuple[date | None, date | None],
                        default_days: int | None = 365, show_search: bool = False,
                        show_handling: bool = False, url: bool = False,
                        max_regions: int | None = None) -> IncidentFilter | None:
    """Filter widgets in a bordered box; returns the filter or None (after an error message) when invalid.

    ``url=True`` binds every widget to a query parameter (``{key}_kategori`` …) so a reload or a
    shared link restores the filters. Widget keys start with ``key``.
    """
    tax = taxonomy()
    bind = "query-params" if url else None
    first, last = bounds
    today = date.today()
    end_default = min(last or today, today)
    # Whole months from the start, so the first bar of a monthly chart is not a partial month.
    start_default = ((end_default - timedelta(days=default_days)).replace(day=1) if default_days
                     else (first or end_default))
    st.session_state[f"_defaults_{key}"] = {f"{key}_tanggal": (start_default, end_default)}
    with st.container(border=True):
        search = ""
        if show_search:
            search = st.text_input(T.FILTER_SEARCH, key=f"{key}_cari", bind=bind, max_chars=200,
                                   placeholder=T.FILTER_SEARCH_HINT)
        c1, c2, c3 = st.columns([1.2, 2, 2])
        with c1:
            # min_value reaches the first month holding data (imported history back to 1945), not
            # Streamlit's default of ten years before the value.
            dates = st.date_input(T.FILTER_DATES, value=(start_default, end_default), key=f"{key}_tanggal",
                                  format="DD/MM/YYYY", bind=bind, max_value=today,
                                  min_value=min(first.replace(day=1), start_default) if first else EARLIEST_DATE)
        with c2:
            labels = dict(zip(kabkota["code"], kabkota["display_name"]))
            regions = st.multiselect(T.FILTER_REGIONS, list(labels), key=f"{key}_wilayah", bind=bind,
                                     format_func=lambda c: labels.get(c, c), placeholder=T.FILTER_ALL,
                                     max_selections=max_regions)
        with c3:
            categories = st.multiselect(T.FILTER_CATEGORY, list(tax.codes("category")), key=f"{key}_kategori",
                                        bind=bind, format_func=lambda c: tax.label("category", c),
                                        placeholder=T.FILTER_ALL)
        c4, c5, c6, c7 = st.columns(4) if show_handling else (*st.columns(3), None)
        with c4:
            arenas = st.multiselect(T.FILTER_ARENA, list(tax.codes("arena")), key=f"{key}_arena", bind=bind,
                                    format_func=lambda c: tax.label("arena", c), placeholder=T.FILTER_ALL)
        with c5:
            sources = st.multiselect(T.FILTER_SOURCE, list(tax.codes("source")), key=f"{key}_sumber", bind=bind,
                                     format_func=lambda c: tax.label("source", c), placeholder=T.FILTER_ALL)
        with c6:
            severities = st.multiselect(T.FILTER_SEVERITY, list(tax.codes("severity")), key=f"{key}_keparahan",
                                        bind=bind, format_func=lambda c: tax.label("severity", c),
                                        placeholder=T.FILTER_ALL)
        handling: list[str] = []
        if c7 is not None:
            with c7:
                handling = st.multiselect(T.FILTER_HANDLING, list(tax.codes("handling_status")),
                                          key=f"{key}_penanganan", bind=bind,
                                          format_func=lambda c: tax.label("handling_status", c),
                                          placeholder=T.FILTER_ALL)
    date_from, date_to = _date_range(dates)
    if date_from is None:
        st.error(T.FILTER_BAD_DATES)
        return None
    return IncidentFilter(date_from=date_from, date_to=date_to, region_codes=tuple(regions),
                          categories=tuple(categories), arenas=tuple(arenas), sources=tuple(sources),
                          severities=tuple(severities), handling_statuses=tuple(handling), search=search.strip())


def _date_range(value) -> tuple[date | None, date | None]:
    """A complete (start, end) pair from ``st.date_input``; (None, None) while only one end is picked."""
    if isinstance(value, (list, tuple)):
        if len(value) == 2 and value[0] and value[1] and value[0] <= value[1]:
            return value[0], value[1]
        if len(value) == 1 and value[0]:
            return value[0], value[0]
        return None, None
    if isinstance(value, date):
        return value, value
    return None, None


def describe_filter(flt: IncidentFilter, region_names: dict[str, str] | None = None) -> str:
    """One line naming every active filter (for captions and empty states): dates, regions, categories,
    arena, source, severity, handling status and the search text."""
    tax = taxonomy()
    names = region_names or {}
    parts = [f"{fmt.day(flt.date_from)} – {fmt.day(flt.date_to)}"] if flt.date_from else []
    for label, values, render in (
        (T.FILTER_REGIONS, flt.region_codes, lambda c: names.get(c, c)),
        (T.FILTER_CATEGORY, flt.categories, lambda c: tax.label("category", c)),
        (T.FILTER_ARENA, flt.arenas, lambda c: tax.label("arena", c)),
        (T.FILTER_SOURCE, flt.sources, lambda c: tax.label("source", c)),
        (T.FILTER_SEVERITY, flt.severities, lambda c: tax.label("severity", c)),
        (T.FILTER_HANDLING, flt.handling_statuses, lambda c: tax.label("handling_status", c)),
    ):
        if values:
            parts.append(f"{label}: " + ", ".join(render(v) for v in values))
    if flt.search:
        parts.append(f"{T.FILTER_SEARCH}: “{escape_markdown(flt.search)}”")
    return " · ".join(parts)


def reset_filters(key: str, names: tuple[str, ...] = ()) -> None:
    """Set the filter widgets ``names`` (default: every widget of the bar ``key``) back to their defaults:
    no choice, no search text, the default date range. Widgets bound to the URL follow (Streamlit lets a
    bound parameter change only through its widget)."""
    prefix = f"{key}_"
    defaults = st.session_state.get(f"_defaults_{key}", {})
    wanted = [k for k in st.session_state if (k in names if names else isinstance(k, str) and k.startswith(prefix))]
    for name in wanted:
        value = st.session_state[name]
        if name in defaults:
            st.session_state[name] = defaults[name]
        elif isinstance(value, list):
            st.session_state[name] = []
        elif isinstance(value, str):
            st.session_state[name] = ""


def empty_filter_result(flt: IncidentFilter, key: str, region_names: dict[str, str] | None = None,
                        names: tuple[str, ...] = ()) -> None:
    """No incident matches: say so, name every active filter and offer to reset them (see reset_filters)."""
    st.info(T.NO_INCIDENTS_FOR_FILTER + " " + T.FILTER_ACTIVE.format(filters=describe_filter(flt, region_names)))
    st.button(T.FILTER_RESET, key=f"reset_{key}", on_click=reset_filters, args=(key, names))


def open_profile(code: str) -> None:
    """Switch to a region's profile in the same tab (the shared view travels in session state)."""
    st.switch_page(PROFILE_PAGE, query_params={"region": code})


def profile_on_select(event, codes: list[str]) -> None:
    """Open the profile of the row a user picked in a ``st.dataframe(on_select="rerun")`` table."""
    rows = event.selection.rows if event is not None else []
    if rows and 0 <= rows[0] < len(codes):
        open_profile(codes[rows[0]])


# ----------------------------------------------------------------------------- incident tables and exports

def scoped_filter(flt: IncidentFilter, scope_code: str | None) -> IncidentFilter:
    """The filter narrowed to the shared view's scope when the user picked no region themselves."""
    if flt.region_codes or scope_code is None:
        return flt
    return replace(flt, region_codes=(scope_code,))


def _restricted_text(value, restricted: bool) -> str:
    if restricted and (value is None or (isinstance(value, float) and pd.isna(value))):
        return T.RESTRICTED
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def incident_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``list_incidents`` as people read them: labels, Indonesian dates, [Terbatas] for masked text."""
    tax = taxonomy()
    restricted = frame["restricted"].astype(bool) if "restricted" in frame else pd.Series(False, index=frame.index)
    return pd.DataFrame({
        T.COL_ID: frame["id"].astype("int64"),
        T.COL_DATE: [fmt.day(pd.Timestamp(d).date()) for d in frame["occurred_on"]],
        T.COL_REGION: [display_name(n) for n in frame["kabkota_name"]],
        T.COL_KECAMATAN: [display_name(n, "kecamatan") if isinstance(n, str) else "" for n in frame["kecamatan_name"]],
        T.COL_CATEGORY: [tax.label("category", c) for c in frame["category"]],
        T.COL_ARENA: [tax.label("arena", c) for c in frame["arena"]],
        T.COL_SEVERITY: [tax.label("severity", c) for c in frame["severity"]],
        T.COL_DEATHS: frame["deaths"].astype("int64"),
        T.COL_INJURIES: frame["injuries"].astype("int64"),
        T.COL_DESCRIPTION: [_restricted_text(v, r) for v, r in zip(frame["description"], restricted)],
        T.COL_SOURCE: [_restricted_text(tax.label("source", v) if isinstance(v, str) else v, r)
                       for v, r in zip(frame["source"], restricted)],
        T.COL_HANDLING: [tax.label("handling_status", c) for c in frame["handling_status"]],
    })


def incident_column_config() -> dict:
    return {
        T.COL_ID: st.column_config.NumberColumn(T.COL_ID, format="%d", width="small"),
        T.COL_DEATHS: st.column_config.NumberColumn(T.COL_DEATHS, format="%d", width="small"),
        T.COL_INJURIES: st.column_config.NumberColumn(T.COL_INJURIES, format="%d", width="small"),
        T.COL_DESCRIPTION: st.column_config.TextColumn(T.COL_DESCRIPTION, width="large"),
    }


def risk_styled(frame: pd.DataFrame, columns: list[str], categories: dict[str, list]):
    """A Styler that paints each risk cell in its category colour (the cell text is the label).

    ``categories`` maps a display column to the category codes of its rows, so the colour comes
    from the code, never from parsing the label.
    """
    def paint(column: str):
        codes = categories[column]
        return [f"background-color: {RISK_COLOURS.get(c, NO_DATA_COLOUR)}; color: "
                f"{RISK_TEXT_COLOURS.get(c, '#0A0A0A')}; font-weight: 600" for c in codes]

    # ids only on the painted cells: Streamlit reads a display value for every cell that has one, and the
    # others already show their own text (a fifth of marshalling the styled legend of 38 provinces)
    styler = Styler(frame, cell_ids=False)
    for column in columns:
        styler = styler.apply(lambda _s, col=column: paint(col), subset=[column], axis=0)
    return styler
