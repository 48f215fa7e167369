"""Flow 1: a wrong password is refused, the fifth wrong try locks the account, a right one opens
the overview."""
from __future__ import annotations

from urllib.parse import urlparse

from data_access import users
from tests.e2e.helpers import ANALIS, LOCKOUT_USER, login, shot, wait_for_app
from ui import texts as T

LOCKED_PREFIX = T.LOGIN_LOCKED.split("{")[0].strip()


def _error_texts(page) -> list[str]:
    return [e.inner_text() for e in page.locator("[data-testid='stAlertContentError']").all()]


def test_wrong_password_refused_then_right_one_opens_overview(page):
    login(page, ANALIS[0], "salah-sekali-2024")
    assert _error_texts(page) == [T.LOGIN_INVALID]
    assert page.get_by_label(T.LOGIN_PASSWORD, exact=True).count() == 1      # still the login form
    assert page.locator("[data-testid='stMetric']").count() == 0            # no dashboard content
    assert page.locator("[data-testid='stSidebarNav']").count() == 0        # no page list before login
    shot(page, "login_ditolak")

    login(page, *ANALIS)
    page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()
    assert page.get_by_label(T.LOGIN_PASSWORD, exact=True).count() == 0
    assert urlparse(page.url).path in ("/", "/ringkasan")                   # the default page: Ringkasan
    assert page.locator("[data-testid='stSidebarNav']").get_by_text(T.PAGE_PETA, exact=True).count() == 1
    assert page.locator("[data-testid='stMetric']").count() >= 4             # the KPI cards are drawn
    signed_in = T.ACCOUNT_SIGNED_IN_AS.split("{")[0].replace("*", "") + ANALIS[0]
    assert signed_in in page.locator("[data-testid='stSidebar']").inner_text()
    shot(page, "login_berhasil_ringkasan")


def test_fifth_wrong_password_locks_the_account(page, db_engine):
    username, password = LOCKOUT_USER
    for attempt in range(1, 5):
        login(page, username, f"tebakan-salah-{attempt}")
        assert _error_texts(page) == [T.LOGIN_INVALID], f"percobaan {attempt}"
    login(page, username, "tebakan-salah-5")
    errors = _error_texts(page)
    assert len(errors) == 1 and errors[0].startswith(LOCKED_PREFIX), errors
    shot(page, "login_dikunci")
    with db_engine.connect() as conn:
        assert users.get_user(conn, username).locked_until is not None

    # While locked, even the right password opens nothing.
    login(page, username, password)
    errors = _error_texts(page)
    assert len(errors) == 1 and errors[0].startswith(LOCKED_PREFIX), errors
    assert page.get_by_role("heading", name=T.RINGKASAN_TITLE).count() == 0
    wait_for_app(page)


def test_shared_link_survives_the_login(page):
    """A link to a profile opened while signed out shows the login form, then that very profile."""
    page.goto(page.app_url + "/profil?region=73.71")
    wait_for_app(page)
    assert page.get_by_label(T.LOGIN_PASSWORD, exact=True).count() == 1
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    login(page, *ANALIS)
    page.get_by_role("heading", name="Kota Makassar").first.wait_for()
    assert urlparse(page.url).path == "/profil" and "region=73.71" in page.url
