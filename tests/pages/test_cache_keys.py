"""Cached reads are keyed by what they depend on (ui.cache_key, ui.data.by_access): equal values share an entry,
any different value, type, access or data version does not, and an argument with no exact key is refused."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
import streamlit as st
from hypothesis import given
from hypothesis import strategies as hs

from domain.access import Principal, Role, Scope
from domain.filters import IncidentFilter
from domain.period import Month
from ui import data as D
from ui.cache_key import digest

months = hs.builds(Month, hs.integers(2000, 2030), hs.integers(1, 12))
filters = hs.builds(IncidentFilter, date_from=hs.none() | hs.dates(), date_to=hs.none() | hs.dates(),
                    region_codes=hs.lists(hs.sampled_from(["73", "73.71", "31"]), max_size=2).map(tuple),
                    categories=hs.lists(hs.sampled_from(["bentrok_antarwarga", "hoaks"]), max_size=2).map(tuple),
                    search=hs.text(max_size=5))


@given(filters, filters, hs.lists(months, max_size=4).map(tuple), hs.lists(months, max_size=4).map(tuple))
def test_equal_keys_exactly_for_equal_values(f1, f2, m1, m2):
    assert (digest(f1, m1) == digest(f2, m2)) == (f1 == f2 and m1 == m2)


def test_values_of_different_types_have_different_keys():
    keys = [digest(v) for v in (1, True, 1.0, "1", (1,), [1], date(2026, 12, 7), datetime(2026, 12, 7),
                                Role.ANALIS, "analis", None, "None")]
    assert len(set(keys)) == len(keys)
    assert digest(Scope.national()) != digest(Scope.for_region("73"))
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})


def test_arguments_without_an_exact_key_are_refused():
    for value in (object(), pd.DataFrame({"a": [1]}), (1, object())):
        with pytest.raises(TypeError):
            digest(value)


@pytest.fixture
def counted(monkeypatch):
    """A by_access read that records the principal each database call received, at a settable data version."""
    version = {"now": 1}
    monkeypatch.setattr(D, "data_version", lambda: version["now"])
    calls: list[Principal] = []

    @D.by_access()
    def read(principal: Principal, flt: IncidentFilter) -> str:
        calls.append(principal)
        return f"{principal.scope.encode()}:{principal.clearance}:{flt.search}"

    st.cache_data.clear()
    yield read, calls, version
    st.cache_data.clear()


def test_one_entry_per_access_arguments_and_data_version(counted):
    read, calls, version = counted
    flt = IncidentFilter(search="a")
    ani = Principal("ani", Role.ANALIS, Scope.for_region("73"), clearance="terbatas")
    budi = Principal("budi", Role.ANALIS, Scope.for_region("73"), clearance="terbatas")
    assert read(ani, flt) == read(budi, flt) == "73:terbatas:a"          # the second user of a scope is warm
    assert [p.username for p in calls] == [""]                            # the SQL never sees who asked
    assert read(Principal("c", Role.ANALIS, Scope.for_region("73"), clearance="umum"), flt) == "73:umum:a"
    assert read(Principal("d", Role.ANALIS, Scope.for_region("31"), clearance="terbatas"), flt) == "31:terbatas:a"
    assert read(ani, IncidentFilter(search="b")) == "73:terbatas:b"
    assert len(calls) == 4
    version["now"] = 2                                                    # a write anywhere: read again
    assert read(ani, flt) == "73:terbatas:a" and len(calls) == 5


def test_no_cache_is_keyed_by_the_user():
    """A cached function that takes a Principal would keep one entry per user (its name is in the key):
    reads by access go through ``by_access``, which keys on role, scope and clearance only."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in [*root.joinpath("ui").glob("*.py"), *root.joinpath("pages").glob("*.py"), root / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            cached = any("cache_data" in ast.unparse(d) or "cache_resource" in ast.unparse(d)
                         for d in node.decorator_list)
            if cached and any(a.annotation is not None and "Principal" in ast.unparse(a.annotation)
                              for a in node.args.args + node.args.kwonlyargs):
                offenders.append(f"{path.name}:{node.lineno} {node.name}")
    assert offenders == []
