"""A busy or unreachable database becomes a clear message with a retry button, never a traceback.

app.py runs the login gate and the page inside :func:`database_guard`. Only the two kinds of
trouble that go away by themselves (SQLite's write lock held too long, PostgreSQL stopped or
restarting) are caught; every other error still fails loudly. The engine pings pooled
connections before use, so once the server is back the next run (the button) simply works.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from data_access.db import DatabaseTrouble, database_trouble
from ui import texts as T

MESSAGES = {DatabaseTrouble.BUSY: T.DB_BUSY, DatabaseTrouble.UNAVAILABLE: T.DB_UNAVAILABLE}


@contextmanager
def database_guard() -> Iterator[None]:
    try:
        yield
    except Exception as exc:  # st.stop()/st.rerun() are BaseExceptions and pass through
        trouble = database_trouble(exc)
        if trouble is None:
            raise
        st.error(MESSAGES[trouble], icon=":material/warning:")
        st.button(T.DB_RETRY, key="db_retry", type="primary")  # a click reruns the app
