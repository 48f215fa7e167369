"""Log Audit (admin): filter the append-only audit log, page through it, download it as CSV (audited)."""
from __future__ import annotations

import json
import math
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from data_access.audit_queries import AuditFilter, count_audit, export_csv, known_actions, list_audit
from domain import fmt
from domain.access import Permission
from ui import texts as T
from ui.auth import require_permission
from ui.data import engine
from ui.session import principal as current_principal

PAGE_SIZE = 100

principal = current_principal()
require_permission(principal, Permission.VIEW_AUDIT)

# --- load ---------------------------------------------------------------------------------------
st.title(T.PAGE_AUDIT)
st.caption(T.AUDIT_INTRO)
with engine().connect() as conn:
    actions = known_actions(conn, principal)

today = date.today()
left, middle, right = st.columns(3)
with left:
    period = st.date_input(T.AUDIT_PERIOD, value=(today - timedelta(days=30), today), max_value=today,
                           format="DD/MM/YYYY", key="audit_period")
with middle:
    chosen_actions = st.multiselect(T.AUDIT_ACTIONS, actions, key="audit_actions", placeholder=T.FILTER_ALL)
with right:
    who = st.text_input(T.AUDIT_USER, max_chars=80, key="audit_user")
    target = st.text_input(T.AUDIT_TARGET, max_chars=120, key="audit_target")

# A half-picked range (one date) means "from that day on"; the widget returns a tuple either way.
dates = tuple(period) if isinstance(period, (tuple, list)) else (period,)
flt = AuditFilter(date_from=dates[0] if dates else None, date_to=dates[1] if len(dates) > 1 else None,
                  actions=tuple(chosen_actions), username=who, target=target)
with engine().connect() as conn:
    total = count_audit(conn, principal, flt)

# --- compute ------------------------------------------------------------------------------------
if total == 0:
    st.info(T.AUDIT_EMPTY)
    st.stop()
pages = max(1, math.ceil(total / PAGE_SIZE))
page = int(st.number_input(T.AUDIT_PAGE, min_value=1, max_value=pages, value=1, step=1, key="audit_page"))
with engine().connect() as conn:
    rows = list_audit(conn, principal, flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
table = pd.DataFrame({
    T.AUDIT_COL_AT: [fmt.day(v.date()) + v.strftime(" %H:%M:%S") for v in pd.to_datetime(rows["at"])],
    T.AUDIT_COL_USER: rows["username"].fillna("—"),
    T.AUDIT_COL_ACTION: rows["action"],
    T.AUDIT_COL_TARGET: rows["target"].fillna(""),
    T.AUDIT_COL_SCOPE: rows["scope"].fillna(""),
    T.AUDIT_COL_DETAIL: [json.dumps(d, ensure_ascii=False) if d else "" for d in rows["detail"]],
})

# --- render -------------------------------------------------------------------------------------
st.markdown(T.AUDIT_COUNT.format(count=fmt.number(total), page=fmt.number(page), pages=fmt.number(pages)))
st.dataframe(table, hide_index=True, width="stretch", height=560)


def _export() -> bytes:
    # Built (and audited) only when the button is clicked, not on every rerun.
    with engine().begin() as conn:
        return export_csv(conn, principal, flt)


st.download_button(T.AUDIT_DOWNLOAD, data=_export, file_name=f"audit-{today.isoformat()}.csv", mime="text/csv",
                   on_click="ignore", key="audit_download")
