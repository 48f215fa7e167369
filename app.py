"""SIPKS Dashboard: entry point and router (``streamlit run app.py``).

Order on every rerun: page config → who is the user (login) → banners → shared
scope/period selector → the pages this user's role may open.
"""
import streamlit as st

from ui import texts as T
from ui.auth import render_account_sidebar, render_demo_credentials_banner, require_principal
from ui.chrome import render_banners, render_sidebar_view
from ui.errors import database_guard
from ui.navigation import build_navigation
from ui.session import set_principal

st.set_page_config(page_title=T.APP_SHORT, page_icon="🛡️", layout="wide")

with database_guard():                    # a busy or stopped database: a message and a retry button
    principal = require_principal()      # stops the script with the login form when nobody is signed in
    set_principal(principal)
    navigation = build_navigation(principal)
    render_account_sidebar(principal)    # who is signed in, logout, session cookie
    render_demo_credentials_banner()
    render_banners(principal)
    render_sidebar_view(principal)
    navigation.run()
