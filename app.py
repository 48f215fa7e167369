"""SIPKS Dashboard: entry point and router (``streamlit run app.py``).

Order on every rerun: page config → who is the user (login) → banners → shared
scope/period selector → the pages this user's role may open.
"""
from pathlib import Path

import streamlit as st

from ui import texts as T
from ui.auth import demo_credentials_active, keep_session_cookie, render_account_sidebar, require_principal
from ui.chrome import render_banners, render_sidebar_view
from ui.errors import database_guard
from ui.navigation import BRIEFING_PATH, build_navigation
from ui.session import set_principal

# A local picture: a :material/…: page icon would make the browser fetch the favicon from Google's font CDN.
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"
st.set_page_config(page_title=T.APP_SHORT, page_icon=str(ICON), layout="wide")

with database_guard():                    # a busy or stopped database: a message and a retry button
    principal = require_principal()      # stops the script with the login form when nobody is signed in
    set_principal(principal)
    navigation = build_navigation(principal)
    if navigation.url_path == BRIEFING_PATH:
        keep_session_cookie()            # presentation mode: no sidebar, banners or selectors (it has its strip)
    else:
        render_account_sidebar(principal)  # who is signed in, logout, session cookie
        render_banners(principal, demo_credentials=demo_credentials_active())
        render_sidebar_view(principal)
    navigation.run()
