"""A seeded SQLite file for AppTest runs of the pages; the app finds it through SIPKS_DATABASE_URL."""
from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from data_access.demo import seed_demo
from domain.access import Principal, Role, Scope
from services.refresh import DataChange, after_change
from tests.apptest import new_session
from tests.clock import FROZEN_TODAY, frozen_today
from tests.conftest import ROOT, migrated_engine
from tests.pages.seed import add_probes

TODAY = FROZEN_TODAY
HARNESS = ROOT / "tests" / "pages" / "harness_app.py"
ANALIS = Principal("analis", Role.ANALIS, Scope.national(), clearance="terbatas")
PIMPINAN_SULSEL = Principal("pimpinan", Role.PIMPINAN, Scope.for_region("73"), clearance="umum")
OPERATOR_GOWA = Principal("operator", Role.OPERATOR, Scope.for_region("73.06"), clearance="umum")
ADMIN = Principal("admin", Role.ADMIN, Scope.national(), clearance="rahasia")


@pytest.fixture(scope="module", autouse=True)
def _frozen_clock():
    """Every page test, and every expectation a module computes, runs on :data:`TODAY`, whatever the real date."""
    with frozen_today(TODAY):
        yield


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'sipks.db'}"
    engine = migrated_engine(url)
    with engine.begin() as conn:  # the demo seeder `make run` uses; a missing seeder fails loudly
        seed_demo(conn, today=TODAY)
    add_probes(engine, TODAY)
    with engine.begin() as conn:  # pages read stored scores, computed by the writers (here: the seed)
        after_change(conn, DataChange.all("seed"), today=TODAY)
    engine.dispose()
    old = os.environ.get("SIPKS_DATABASE_URL")
    os.environ["SIPKS_DATABASE_URL"] = url
    os.environ["SIPKS_DEFAULT_SCOPE"] = "73"
    yield url
    if old is None:
        os.environ.pop("SIPKS_DATABASE_URL", None)
    else:
        os.environ["SIPKS_DATABASE_URL"] = old


@pytest.fixture
def page(seeded_url):
    """``page("insiden", principal, query={...})`` → an AppTest that has run the page once."""

    def run(name: str, principal: Principal = ANALIS, query: dict | None = None, timeout: float = 120) -> AppTest:
        at = new_session(HARNESS, timeout)
        at.session_state["principal"] = principal
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.session_state["harness_page"] = f"{name}.py"
        return at.run()

    return run


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
