"""The signed-in user for the current browser session, as pages see it."""
from __future__ import annotations

import streamlit as st

from domain.access import Principal

PRINCIPAL_KEY = "principal"


def principal() -> Principal:
    """The authenticated principal; app.py sets it before any page runs.

    Right after a server start Streamlit serves a ``pages/`` file directly, without app.py,
    until some run has called ``st.navigation`` (its legacy multipage mode; issue 16 finding 7:
    a blank page and no login form). Such a run goes through the login gate here, whose
    ``st.navigation`` ends that mode for the process, and then reruns through app.py (its menu,
    page permissions and banners), keeping the URL.
    """
    value = st.session_state.get(PRINCIPAL_KEY)
    if isinstance(value, Principal):
        return value
    from ui.auth import require_principal
    from ui.navigation import build_navigation

    signed_in = require_principal()  # nobody signed in: the login form, then the script stops
    build_navigation(signed_in)      # a valid session cookie: leave the legacy mode all the same
    st.rerun()
    raise AssertionError("unreachable")  # st.rerun() ends the run


def set_principal(value: Principal | None) -> None:
    if value is None:
        st.session_state.pop(PRINCIPAL_KEY, None)
    else:
        st.session_state[PRINCIPAL_KEY] = value
