"""Helpers for Streamlit AppTest shared by the page and security tests."""
from streamlit.testing.v1 import AppTest


def rerun(at: AppTest) -> AppTest:
    """The next click, starting at app.py like the real server does.

    AppTest resets Streamlit's legacy ``pages/``-folder flag before every run, so a
    rerun requested for a page whose url_path equals its file name would execute that
    file alone; the server clears the flag at the first ``st.navigation`` call.
    """
    at._finished_page_script_hash = ""
    return at.run()
