"""The real app.py after signing in through its login form: every dashboard page runs, and choosing
a region on the map opens its profile with the region in the URL."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access import users
from data_access.db import make_engine
from domain.access import SYSTEM
from tests.apptest import new_session, rerun
from tests.pages.conftest import ROOT, no_exception
from ui import texts as T

PASSWORD = "layar-uji-rahasia-123"
MY_PAGES = ("ringkasan", "peta_risiko", "tren", "profil_wilayah", "insiden", "metodologi")


@pytest.fixture(scope="module")
def account(seeded_url):
    engine = make_engine(seeded_url)
    with engine.begin() as conn:
        if users.get_user(conn, "asap.uji") is None:
            users.create_user(conn, SYSTEM, username="asap.uji", password=PASSWORD, role="analis",
                              scope_code="73", clearance="terbatas")
    engine.dispose()
    return "asap.uji"


def signed_in_app(username: str) -> AppTest:
    at = new_session(ROOT / "app.py").run()
    no_exception(at)
    boxes = {w.label: w for w in at.text_input}
    if T.LOGIN_USERNAME in boxes:  # the login gate (issue 6)
        boxes[T.LOGIN_USERNAME].input(username)
        boxes[T.LOGIN_PASSWORD].input(PASSWORD)
        next(b for b in at.button if b.label == T.LOGIN_SUBMIT).click()
        rerun(at)
    no_exception(at)
    return at


def test_every_dashboard_page_runs_in_the_app(account):
    at = signed_in_app(account)
    assert [t.value for t in at.title] == [T.RINGKASAN_TITLE]
    for name in MY_PAGES:
        at.switch_page(f"pages/{name}.py").run()
        no_exception(at)
        assert at.title, name


def test_choosing_a_region_on_the_map_opens_its_profile(account):
    at = signed_in_app(account)
    at.switch_page("pages/peta_risiko.py").run()
    at.selectbox(key="peta_pilih").select("73.71").run()
    no_exception(at)
    assert at.header[0].value == "Kota Makassar"
    assert at.query_params["region"] in ("73.71", ["73.71"])


def test_page_tests_run_on_the_frozen_date(page):
    """Guard: the pages see the fixed TODAY of tests/clock.py, not the real calendar (results never drift)."""
    from datetime import date, datetime

    from tests.pages.conftest import TODAY

    assert date.today() == TODAY and datetime.now().date() == TODAY
    at = page("ringkasan")
    no_exception(at)
    assert date.today() == TODAY
