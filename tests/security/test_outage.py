"""Issue 16 finding 8 (outage): PostgreSQL stopped while the app is open gives a clear Bahasa Indonesia
message with a retry button, and the app recovers by itself once the server is back (pool pre-ping).

A throw-away PostgreSQL server of its own (tests/pg_instance.py) is stopped and started; the shared
server is never touched. The app under test is the real app.py (AppTest), signed in through its form.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import streamlit as st

from data_access import users
from data_access.db import DatabaseTrouble, database_trouble
from domain.access import SYSTEM
from tests import pg_instance
from tests.apptest import rerun
from tests.conftest import ROOT, cannot_run, migrated_engine
from tests.security.test_login_app import login, new_app, on_login_form, signed_in
from ui import texts as T

PASSWORD = "pemadaman-uji-2026"


@pytest.fixture(scope="module")
def throwaway():
    problem = pg_instance.missing()
    if problem:
        cannot_run(f"server PostgreSQL sekali pakai: {problem}")
    server = pg_instance.ThrowawayPostgres()
    try:
        server.start()
        engine = migrated_engine(server.url)
        with engine.begin() as conn:
            users.create_user(conn, SYSTEM, username="pemadaman", password=PASSWORD, role="analis",
                              scope_code="73", clearance="umum", full_name="Uji pemadaman")
        engine.dispose()
        yield server
    finally:
        server.cleanup()


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_the_app_survives_postgresql_going_away_and_coming_back(throwaway, monkeypatch):
    monkeypatch.setenv("SIPKS_DATABASE_URL", throwaway.url)
    monkeypatch.setenv("SIPKS_SECRET_KEY", "uji-" + "p" * 40)
    st.cache_data.clear()
    at = new_app().run()
    login(at, "pemadaman", PASSWORD)
    assert not at.exception and signed_in(at)

    throwaway.stop()
    try:
        st.cache_data.clear()           # a real user would see cached pages for a while; force the database
        rerun(at)
        assert not at.exception, [e.value for e in at.exception]
        assert T.DB_UNAVAILABLE in _errors(at)
        assert any(b.label == T.DB_RETRY for b in at.button)
        # A retry while the server is still down: the same message, still no traceback.
        next(b for b in at.button if b.label == T.DB_RETRY).click()
        rerun(at)
        assert not at.exception and T.DB_UNAVAILABLE in _errors(at)
        # The command line says the same, as `galat:`.
        cli = subprocess.run([sys.executable, "-m", "data_access", "--database-url", throwaway.url, "imports"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120,
                             env={**os.environ, "SIPKS_DATABASE_URL": throwaway.url})
        assert cli.returncode == 75 and cli.stderr.startswith("galat: basis data tidak dapat dihubungi")
        assert "Traceback" not in cli.stderr
    finally:
        throwaway.start()
    next(b for b in at.button if b.label == T.DB_RETRY).click()
    rerun(at)
    assert not at.exception, [e.value for e in at.exception]
    assert T.DB_UNAVAILABLE not in _errors(at)
    assert signed_in(at) and not on_login_form(at)      # the session survived the outage (it lives in the database)


def test_only_busy_and_unreachable_databases_are_classified():
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        with pytest.raises(DBAPIError) as syntax:
            conn.execute(text("SELEC 1"))
    assert database_trouble(syntax.value) is None
    assert database_trouble(ValueError("database is locked")) is None
    refused = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/x")
    with pytest.raises(DBAPIError) as down:
        refused.connect()
    assert database_trouble(down.value) is DatabaseTrouble.UNAVAILABLE
