"""Briefing: presentation mode for the projector (pimpinan, analis, admin).

No sidebar or header; a strip with scope, period, data-as-of (WIB) and classification; one
screen per section of the situation report. Buttons and keys move (← → and PageUp/PageDown
for clickers); moving and the optional auto-advance rerun only the deck fragment.
"""
from __future__ import annotations

import time

import streamlit as st

from domain.access import Permission
from ui import briefing as UB
from ui import briefing_queries as BQ
from ui import texts as T
from ui.auth import require_permission
from ui.navigation import PAGES_DIR
from ui.session import principal as current_principal
from ui.state import current_view

AUTO_SECONDS = 20
SCREEN_KEY, CHANGED_KEY, AUTO_KEY = "briefing_screen", "briefing_changed_at", "briefing_auto"

principal = current_principal()
require_permission(principal, Permission.VIEW_BRIEFING)   # the server refuses, whatever the menu shows
view = current_view(principal)

# --- load -------------------------------------------------------------------------------------
content = BQ.briefing(principal, view.scope, view.month)

# --- compute ----------------------------------------------------------------------------------
sections = content.sections
auto = bool(st.session_state.get(AUTO_KEY, False))


def move(step: int) -> None:
    st.session_state[SCREEN_KEY] = (st.session_state.get(SCREEN_KEY, 0) + step) % len(sections)
    st.session_state[CHANGED_KEY] = time.monotonic()


# --- render -----------------------------------------------------------------------------------
UB.stylesheet()


@st.fragment(run_every=AUTO_SECONDS if auto else None)
def deck() -> None:
    if auto and time.monotonic() - st.session_state.get(CHANGED_KEY, 0.0) >= AUTO_SECONDS - 0.5:
        move(+1)
    index = st.session_state.get(SCREEN_KEY, 0) % len(sections)
    UB.strip(content)
    with st.container(key="briefing_screen_body"):
        UB.screen(sections[index], content, principal)
    with st.container(horizontal=True, vertical_alignment="center", key="briefing_nav"):
        st.button(T.BRIEFING_PREV, icon=":material/arrow_back:", key="briefing_prev", on_click=move, args=(-1,),
                  shortcut="Left")
        st.markdown(T.BRIEFING_POSITION.format(n=index + 1, total=len(sections)), width="content")
        st.button(T.BRIEFING_NEXT, icon=":material/arrow_forward:", key="briefing_next", on_click=move, args=(+1,),
                  shortcut="Right", type="primary")
        st.button("PageUp", key="briefing_pgup", on_click=move, args=(-1,), shortcut="PageUp")
        st.button("PageDown", key="briefing_pgdn", on_click=move, args=(+1,), shortcut="PageDown")
        wanted = st.toggle(T.BRIEFING_AUTO, value=auto, key="briefing_auto_toggle",
                           help=T.BRIEFING_AUTO_HELP.format(seconds=AUTO_SECONDS))
        UB.pack_buttons(principal, view.scope, view.month)
        st.page_link(str(PAGES_DIR / "ringkasan.py"), label=T.BRIEFING_EXIT, icon=":material/close:")
    if wanted != auto:   # run_every is fixed when the fragment is declared: redeclare it
        st.session_state[AUTO_KEY] = wanted
        st.session_state[CHANGED_KEY] = time.monotonic()
        st.rerun(scope="app")


deck()
