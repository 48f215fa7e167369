"""The signed-in user for the current browser session, as pages see it."""
from __future__ import annotations

import streamlit as st

from domain.access import Principal

PRINCIPAL_KEY = "principal"


def principal() -> Principal:
    """The authenticated principal; app.py sets it before any page runs (pages never run without one)."""
    value = st.session_state.get(PRINCIPAL_KEY)
    if not isinstance(value, Principal):
        st.stop()  # only reachable if a page is run outside app.py's login gate
    return value


def set_principal(value: Principal | None) -> None:
    if value is None:
        st.session_state.pop(PRINCIPAL_KEY, None)
    else:
        st.session_state[PRINCIPAL_KEY] = value
