"""Helpers for Streamlit AppTest shared by the page and security tests (and bench/)."""
from functools import cache
from pathlib import Path

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as _app_test

# A server compiles each script once (its Runtime's ScriptCache); AppTest makes a new cache for every run and
# so compiles app and page again each time (10–15 % of a warm page run). One cache for the test process.
_SCRIPTS = ScriptCache()
_app_test.ScriptCache = lambda: _SCRIPTS


@cache
def _components() -> BidiComponentManager:
    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def new_session(script: str | Path, timeout: float = 120) -> AppTest:
    """An AppTest of ``script``: one new browser session of an already running server.

    A server scans the installed packages for custom components once, at start-up; AppTest does it
    for every instance (0.1–0.2 s of package metadata parsing, more than a warm page's own work).
    Sharing one registry keeps that start-up cost out of every session, as in a server (and the compiled
    scripts are shared too, see ``_SCRIPTS``).
    """
    at = AppTest.from_file(str(script), default_timeout=timeout)
    at._bidi_component_manager = _components()
    return at


def rerun(at: AppTest) -> AppTest:
    """The next click, starting at app.py like the real server does.

    AppTest resets Streamlit's legacy ``pages/``-folder flag before every run, so a
    rerun requested for a page whose url_path equals its file name would execute that
    file alone; the server clears the flag at the first ``st.navigation`` call.
    """
    at._finished_page_script_hash = ""
    return at.run()
