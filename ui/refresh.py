"""Recomputing stored scores right after a write, in the same flow, with a progress bar on the page."""
from __future__ import annotations

from datetime import date

import streamlit as st

from domain import fmt
from domain.access import Principal
from domain.period import HISTORY_MONTHS
from services.refresh import Connection, DataChange, after_change
from ui import texts as T


def refresh_after_write(conn: Connection, principal: Principal, change: DataChange) -> None:
    """Run :func:`services.refresh.after_change` in the writer's transaction, showing its progress."""
    if change.empty:
        return
    # a page answers within its request: months older than the charted span are left to refresh-scores
    change = change.bounded(HISTORY_MONTHS, date.today())
    bar = st.progress(0.0, text=T.REFRESH_PROGRESS)
    summary = after_change(conn, change, lambda fraction, text: bar.progress(min(1.0, fraction), text=text),
                           actor=principal)
    bar.empty()
    st.caption(T.REFRESH_DONE.format(rows=fmt.number(summary.rows)))
    if change.stale_months:
        first, last = change.stale_months
        st.info(T.REFRESH_OLDER_STALE.format(first=fmt.month(first), last=fmt.month(last)))
