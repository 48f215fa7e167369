"""Insiden: searchable, filterable incident table with a details panel and audited exports."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from domain import fmt
from domain.access import Permission
from domain.regions import display_name
from domain.taxonomy import taxonomy
from ui import exports as X
from ui import queries as Q
from ui import texts as T
from ui import widgets as W
from ui.incident_form import render_incident_form
from ui.session import principal as current_principal
from ui.state import current_view

PAGE_SIZE = 100
EXPORT_LIMIT = 200_000

principal = current_principal()
view = current_view(principal)
tax = taxonomy()

# --- load -------------------------------------------------------------------------------------
st.title(T.INSIDEN_TITLE)
st.caption(T.INSIDEN_INTRO)
kabkota = Q.kabkota_in(principal, view.scope)
chosen = W.incident_filter_bar(kabkota, key="ins", bounds=Q.incident_date_bounds(principal), default_days=365,
                               show_search=True, show_handling=True, url=True)
if chosen is None:
    st.stop()
flt = W.scoped_filter(chosen, view.scope.code)
total = Q.incident_count(principal, flt)

# --- compute ----------------------------------------------------------------------------------
pages = max(1, math.ceil(total / PAGE_SIZE))
if total == 0:
    W.empty_filter_result(chosen, "ins", dict(zip(kabkota["code"], kabkota["display_name"])))
    st.stop()

page_col, count_col = st.columns([1, 5], vertical_alignment="bottom")
with page_col:
    page = int(st.number_input(T.INSIDEN_PAGE, min_value=1, max_value=pages, value=1, step=1, key="ins_halaman"))
with count_col:
    st.markdown(T.INSIDEN_COUNT.format(count=fmt.number(total), page=fmt.number(page), pages=fmt.number(pages)))
rows = Q.incident_page(principal, flt, PAGE_SIZE, (page - 1) * PAGE_SIZE)
table = W.incident_display(rows)

# --- render -----------------------------------------------------------------------------------
event = st.dataframe(table, hide_index=True, column_config=W.incident_column_config(), on_select="rerun",
                     selection_mode="single-row", key="ins_table", height=560)
if bool(rows["restricted"].any()):
    st.caption(T.INSIDEN_RESTRICTED_NOTE)

selected = event.selection.rows if event is not None else []
st.subheader(T.INSIDEN_DETAILS)
if not selected:
    st.caption(T.INSIDEN_PICK_ROW)
else:
    incident_id = int(rows.iloc[selected[0]]["id"])
    detail = Q.incident_detail(principal, incident_id)
    if detail is None:
        st.warning(T.INSIDEN_NOT_FOUND)
    else:
        restricted = bool(detail.get("restricted"))

        def shown(value) -> str:
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                return T.RESTRICTED if restricted else "—"
            return str(value)

        left, right = st.columns(2)
        with left:
            st.markdown(f"**{T.COL_ID}** {detail['id']} · **{T.COL_DATE}** {fmt.day(detail['occurred_on'])}"
                        f" · **{T.COL_REPORTED}** {fmt.day(detail['reported_on'])}")
            W.region_page_link(detail["kabkota_code"], display_name(detail["kabkota_name"]))
            facts = pd.DataFrame({
                "Isian": [T.COL_KECAMATAN, T.COL_CATEGORY, T.COL_ARENA, T.COL_SEVERITY, T.COL_DEATHS,
                          T.COL_INJURIES, T.COL_DISPLACED, T.COL_VERIFICATION, T.COL_SENSITIVITY, T.COL_HANDLING],
                "Nilai": [display_name(detail["kecamatan_name"], "kecamatan") if detail["kecamatan_name"] else "—",
                          tax.label("category", detail["category"]), tax.label("arena", detail["arena"]),
                          tax.label("severity", detail["severity"]), fmt.number(detail["deaths"]),
                          fmt.number(detail["injuries"]), fmt.number(detail["displaced"]),
                          tax.label("verification", detail["verification"]),
                          tax.label("sensitivity", detail["sensitivity"]),
                          tax.label("handling_status", detail["handling_status"])],
            })
            st.dataframe(facts, hide_index=True, width="stretch")
        with right:
            st.markdown(f"**{T.COL_DESCRIPTION}**")
            st.text(shown(detail["description"]))
            st.markdown(f"**{T.COL_ACTORS}**")
            st.text(shown(detail["actors"]))
            source = tax.label("source", detail["source"]) if detail["source"] else None
            st.markdown(f"**{T.COL_SOURCE}**")
            st.text(shown(source) + (f" · {detail['source_ref']}" if detail["source_ref"] else ""))
        st.markdown(f"**{T.INSIDEN_ACTIONS}**")
        actions = Q.incident_actions(principal, incident_id)
        if actions.empty:
            st.caption(T.INSIDEN_NO_ACTIONS)
        else:
            st.dataframe(pd.DataFrame({
                "Tahap": [tax.label("stage", s) for s in actions["stage"]],
                "Tindakan": [tax.label("action_type", a) for a in actions["action_type"]],
                "Instansi": [tax.label("agency", a) for a in actions["agency"]],
                "Mulai": [fmt.day(d) for d in actions["started_on"]],
                "Tenggat": [fmt.day(d) for d in actions["due_on"]],
                "Status": [tax.label("action_status", s) for s in actions["status"]],
                "Hasil": [T.RESTRICTED if o is None else o for o in actions["outcome"]],
            }), hide_index=True)
        if principal.can(Permission.REPORT_INCIDENT):
            if st.button(T.INSIDEN_EDIT, key=f"ins_edit_{incident_id}"):
                st.session_state["ins_editing"] = incident_id
            if st.session_state.get("ins_editing") == incident_id:
                render_incident_form(principal, incident_id=incident_id)

if principal.can(Permission.EXPORT):
    st.subheader(T.INSIDEN_EXPORT)
    if total > EXPORT_LIMIT:
        st.warning(T.INSIDEN_EXPORT_TOO_MANY.format(count=fmt.number(total), limit=fmt.number(EXPORT_LIMIT)))
    else:
        X.export_buttons(principal, lambda: X.incident_export_frame(Q.incident_rows_for_export(principal, flt)),
                         name="insiden", sheet=T.INSIDEN_EXPORT_SHEET, key="ins", target="incidents", flt=flt)
        st.caption(T.INSIDEN_EXPORT_NOTE.format(count=fmt.number(total)))
