"""Fixtures for app-level security tests: a migrated SQLite database the Streamlit app is pointed at."""
from __future__ import annotations

import pytest
import streamlit as st

from tests.conftest import clear_data, migrated_engine


@pytest.fixture(scope="session")
def _app_engine(tmp_path_factory):
    engine = migrated_engine(f"sqlite:///{tmp_path_factory.mktemp('appdb') / 'sipks.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def app_db(_app_engine, monkeypatch):
    """An emptied database (regions kept) that ``app.py`` uses through ``SIPKS_DATABASE_URL``."""
    clear_data(_app_engine)
    st.cache_data.clear()  # AppTests share this process's caches (e.g. "demo accounts active")
    monkeypatch.setenv("SIPKS_DATABASE_URL", _app_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SIPKS_SECRET_KEY", "uji-" + "k" * 40)
    monkeypatch.delenv("SIPKS_IDLE_TIMEOUT_MINUTES", raising=False)
    yield _app_engine
    clear_data(_app_engine)
