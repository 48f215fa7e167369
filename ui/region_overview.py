"""Ringkasan for one kab/kota in view (an operator's own region): its score, category, rank and
drivers, and its most urgent open cases, instead of counts and rankings of peers it cannot see."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import fmt
from domain.access import Principal
from domain.taxonomy import taxonomy
from ui import charts, queries as Q
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.navigation import PAGES_DIR
from ui.state import View

DRIVERS_SHOWN = 8
CASES_SHOWN = 5


def render_region_overview(principal: Principal, view: View, risk, cases: pd.DataFrame) -> None:
    """Header cards, the score's largest contributions and the open cases of ``view.scope.code``."""
    code = view.scope.code
    tax = taxonomy()
    match = risk.table[risk.table["region_code"] == code]
    if match.empty or pd.isna(match.iloc[0]["score"]):
        W.empty(T.NO_SCORES)
        return
    row = match.iloc[0]
    st.subheader(T.OVERVIEW_TITLE.format(region=row["name"]))
    head = st.columns(4)
    with head[0]:
        # The short label fits the card at 1280 px; the badge below carries the probability and marks.
        W.kpi(T.PROFIL_CATEGORY, RT.short_label(row["category"]), help=T.RISK_CATEGORY_HELP)
        st.caption(RT.row_badge(row))
    with head[1]:
        W.kpi(T.PROFIL_SCORE, fmt.number(row["score"], 1))
    with head[2]:
        change = row.get("rank_change")
        W.kpi(T.PROFIL_RANK, T.PROFIL_RANK_OF.format(rank=int(row["rank"]),
                                                     total=Q.province_kabkota_count(code.split(".")[0])),
              fmt.signed(int(change)) if change is not None and pd.notna(change) else None, inverse=False)
    with head[3]:
        W.kpi(T.PROFIL_COMPLETENESS, fmt.percent(float(row["completeness"]), 0))
    st.markdown(f"**{T.RISK_WHY}:** {W.escape_markdown(RT.why(row['drivers'], 2) or '—')}")
    st.markdown(f"**{T.PROFIL_EXPLANATION}:** {W.escape_markdown(str(row['explanation'] or ''))}")
    if RT.as_of_line(row["as_of"], row["data_as_of"]):
        st.caption(RT.as_of_line(row["as_of"], row["data_as_of"]))

    drivers, open_cases = st.columns(2)
    with drivers:
        st.markdown(f"**{T.OVERVIEW_DRIVERS}**")
        part = risk.contributions[risk.contributions["region_code"] == code]
        if part.empty:
            W.empty(T.NO_SCORES)
        else:
            top = part.reindex(part["contribution"].abs().sort_values(ascending=False).index).head(DRIVERS_SHOWN)
            W.plot(charts.contributions(top, dict(Q.methodology().component_labels)), key="overview_drivers")
    with open_cases:
        st.markdown(f"**{T.OVERVIEW_CASES.format(count=fmt.number(len(cases)))}**")
        if cases.empty:
            st.caption(T.PENANGANAN_EMPTY)
        else:
            urgent = cases.head(CASES_SHOWN)  # handling.open_cases: most urgent first
            st.dataframe(pd.DataFrame({
                T.PENANGANAN_COLUMNS["overdue"]: [T.PENANGANAN_OVERDUE_MARK if o else T.PENANGANAN_OK_MARK
                                                  for o in urgent["overdue"]],
                T.PENANGANAN_COLUMNS["incident_id"]: urgent["incident_id"].astype(int),
                T.PENANGANAN_COLUMNS["occurred_on"]: [fmt.day(d) for d in urgent["occurred_on"]],
                T.PENANGANAN_COLUMNS["category"]: [tax.label("category", c) for c in urgent["category"]],
                T.PENANGANAN_COLUMNS["severity"]: [tax.label("severity", c) for c in urgent["severity"]],
                T.PENANGANAN_COLUMNS["handling_status"]: [tax.label("handling_status", c)
                                                          for c in urgent["handling_status"]],
            }), hide_index=True, key="overview_cases")
        st.page_link(str(PAGES_DIR / "penanganan.py"), label=T.OVERVIEW_OPEN_HANDLING)
    W.region_page_link(code, T.OVERVIEW_OPEN_PROFILE.format(region=row["name"]))
