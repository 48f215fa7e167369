"""Test entry script: the app's real page list (ui.navigation) for the principal the test put in
session state, without the login form (login has its own tests), so page links and page switches
resolve. The page named in ``session_state["harness_page"]`` is the default page."""
import streamlit as st

from ui.navigation import PAGES_DIR, allowed_specs
from ui.session import principal

st.set_page_config(layout="wide")
wanted = st.session_state.get("harness_page")
pages = [st.Page(str(PAGES_DIR / spec.file), title=spec.title, url_path=spec.url_path,
                 default=(spec.file == wanted)) for spec in allowed_specs(principal())]
st.navigation(pages).run()
