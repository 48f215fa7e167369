"""The handling-action fields (add and update) and the one write path the Penanganan page uses.

Every optional date sits behind a checkbox, so no empty date field shows Streamlit's
English "YYYY/MM/DD" placeholder.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

import streamlit as st

from data_access import handling as H
from domain.access import Principal
from domain.taxonomy import taxonomy
from ui import texts as T
from ui.data import engine, invalidate
from ui.markup import escape_markdown

FLASH_KEY = "pen_flash"


def action_fields(prefix: str, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """Inputs for one action inside a form; returns the values as ``handling.add_action`` takes them."""
    tax = taxonomy()
    existing = existing or {}

    def pick(label: str, vocabulary: str, column: str) -> str:
        codes = list(tax.codes(vocabulary))
        value = existing.get(column)
        return st.selectbox(label, codes, index=codes.index(value) if value in codes else 0,
                            format_func=lambda c: tax.label(vocabulary, c), key=f"{prefix}_{column}",
                            placeholder=T.CHOOSE_ONE)

    a1, a2, a3 = st.columns(3)
    with a1:
        stage = pick(T.PENANGANAN_STAGE, "stage", "stage")
        action_type = pick(T.PENANGANAN_TYPE, "action_type", "action_type")
    with a2:
        agency = pick(T.PENANGANAN_AGENCY, "agency", "agency")
        status = pick(T.PENANGANAN_ACTION_STATUS, "action_status", "status")
    with a3:
        started = st.date_input(T.PENANGANAN_START, value=existing.get("started_on") or date.today(),
                                format="DD/MM/YYYY", key=f"{prefix}_start")
        has_due = st.checkbox(T.PENANGANAN_SET_DUE, value=existing.get("due_on") is not None or not existing,
                              key=f"{prefix}_has_due")
        due = st.date_input(T.PENANGANAN_DUE, value=existing.get("due_on") or date.today() + timedelta(days=7),
                            format="DD/MM/YYYY", key=f"{prefix}_due")
    f1, f2 = st.columns([1, 2])
    with f1:
        has_finished = st.checkbox(T.PENANGANAN_SET_FINISHED, value=existing.get("finished_on") is not None,
                                   key=f"{prefix}_has_fin")
        finished = st.date_input(T.PENANGANAN_FINISHED, value=existing.get("finished_on") or date.today(),
                                 format="DD/MM/YYYY", key=f"{prefix}_fin")
    with f2:
        outcome = st.text_area(T.PENANGANAN_OUTCOME, value=existing.get("outcome") or "", max_chars=5000,
                               placeholder=T.PENANGANAN_OUTCOME_HINT, key=f"{prefix}_out")
    return {"stage": stage, "action_type": action_type, "agency": agency, "status": status,
            "started_on": started, "due_on": due if has_due else None,
            "finished_on": finished if has_finished else None, "outcome": outcome}


def write(principal: Principal, fn: Callable, *args, done: str) -> None:
    """Run one handling write in its own transaction; on success drop the caches and rerun, so the page
    is drawn again from the database (the new action and the case's new status show at once)."""
    try:
        with engine().begin() as conn:
            fn(conn, principal, *args)
    except (H.HandlingError, H.HandlingDenied) as exc:
        st.error(T.PENANGANAN_FAILED.format(reason=escape_markdown(exc)))
        return
    invalidate()
    st.session_state[FLASH_KEY] = done
    st.rerun()


def show_flash() -> None:
    """The confirmation of the write that caused this rerun, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)
