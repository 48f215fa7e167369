"""Cached access to the database for pages: the engine once per process, query results with a TTL.

Only this module decides what is cached and for how long. Writes call
:func:`invalidate` so the next rerun sees them.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from data_access.db import database_url, make_engine
from data_access.meta import is_demo_database

CACHE_TTL_SECONDS = 300


def engine() -> Engine:
    """The process-wide engine (connection pool) for the configured database."""
    return _engine_for(database_url())


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    # Keyed by URL so tests (and a changed configuration) never reuse another database's pool.
    return make_engine(url)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def demo_data_active() -> bool:
    with engine().connect() as conn:
        return is_demo_database(conn)


def invalidate() -> None:
    """Drop cached query results after a write, so every page shows the new data."""
    st.cache_data.clear()
