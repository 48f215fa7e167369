"""Cached access to the database for pages: the engine once per process, query results with a TTL.

Only this module decides what is cached and for how long. Writes call
:func:`invalidate` so the next rerun sees them.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

import streamlit as st
from sqlalchemy import Engine

from data_access.db import database_url, make_engine, statement_reads
from data_access.meta import is_demo_database
from data_access.snapshots import data_version as stored_data_version
from domain.access import Principal, Role, Scope
from ui.cache_key import digest

CACHE_TTL_SECONDS = 3600          # results are keyed by the data version, so a long TTL never serves stale rows
VERSION_TTL_SECONDS = 2           # how long another process's write may take to show here
F = TypeVar("F", bound=Callable)


def engine() -> Engine:
    """The process-wide engine (connection pool) for the configured database."""
    return _engine_for(database_url())


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    # Keyed by URL so tests (and a changed configuration) never reuse another database's pool.
    return make_engine(url)


def reader() -> Engine:
    """The process-wide engine for cached page reads: the same pool, no transaction per read
    (:func:`data_access.db.statement_reads`). Writes use :func:`engine`."""
    return _reader_for(database_url())


@st.cache_resource(show_spinner=False)
def _reader_for(url: str) -> Engine:
    return statement_reads(_engine_for(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def demo_data_active() -> bool:
    with reader().connect() as conn:
        return is_demo_database(conn)


@st.cache_data(ttl=VERSION_TTL_SECONDS, show_spinner=False)
def data_version() -> int:
    """The database's data version (bumped by every write, in any process)."""
    with reader().connect() as conn:
        return stored_data_version(conn)


def reader_of(principal: Principal) -> Principal:
    """What a read depends on: role, scope and clearance; never the user's name or id."""
    return Principal(username="", role=principal.role, scope=principal.scope, clearance=principal.clearance)


def by_access(ttl: int = CACHE_TTL_SECONDS, *, scores: bool = False) -> Callable[[F], F]:
    """Cache ``fn(principal, …)`` by (role, scope, clearance, arguments, data version), not by user.

    The scope and clearance still reach the SQL (the cached call receives a principal with
    exactly those), so what one user may not see is never in another's cache entry.
    ``scores=True``: ``fn(principal, scope, …)`` reads stored scores, which depend on the
    view scope alone (narrowed to the principal's on the server before the lookup).
    """
    def wrap(fn: F) -> F:
        # Streamlit hashes ``key`` alone: the underscored arguments are what it stands for (ui.cache_key)
        def cached_call(key: str, _reader: Principal, _args: tuple, _kwargs: dict):
            return fn(_reader, *_args, **_kwargs)

        # st.cache_data keys on the function's qualified name: one distinct name per wrapped function
        cached_call.__qualname__ = cached_call.__name__ = f"{fn.__qualname__}__cached"
        cached_call.__module__ = fn.__module__
        cached = st.cache_data(ttl=ttl, show_spinner=False)(cached_call)

        @functools.wraps(fn)
        def public(principal: Principal, *args, **kwargs):
            if scores:
                scope: Scope | None = args[0] if args else kwargs.pop("scope")
                view = principal.scope.narrow(scope)
                access = Principal(username="", role=Role.ANALIS, scope=view)
                args = (view, *args[1:])
            else:
                access = reader_of(principal)
            key = digest(access, data_version(), args, kwargs)
            return cached(key=key, _reader=access, _args=args, _kwargs=kwargs)

        return public  # type: ignore[return-value]

    return wrap


def invalidate() -> None:
    """Drop cached query results after a write, so every page shows the new data."""
    st.cache_data.clear()
