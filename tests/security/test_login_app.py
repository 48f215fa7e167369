"""The login gate in the running app (AppTest): nothing renders before sign-in; lockout, logout, idle
timeout and a disabled account end access at the next click; the session survives a reload via the cookie."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from tests.apptest import new_session, rerun

from data_access import auth, users
from data_access.models import UserSession
from domain.access import SYSTEM
from tests.conftest import ROOT
from tests.security.helpers import PASSWORD, audit_actions, make_user
from ui import texts as T
from ui.markup import escape_markdown

APP = str(ROOT / "app.py")


def new_app() -> AppTest:
    return new_session(APP, 60)


def login(at: AppTest, username: str, password: str) -> AppTest:
    inputs = {w.label: w for w in at.text_input}
    inputs[T.LOGIN_USERNAME].input(username)
    inputs[T.LOGIN_PASSWORD].input(password)
    next(b for b in at.button if b.label == T.LOGIN_SUBMIT).click()
    return rerun(at)


def on_login_form(at: AppTest) -> bool:
    return [w.label for w in at.text_input] == [T.LOGIN_USERNAME, T.LOGIN_PASSWORD]


def signed_in(at: AppTest) -> bool:
    return any(b.label == T.LOGOUT_BUTTON for b in at.sidebar.button)


@pytest.fixture
def root_admin(app_db):
    with app_db.begin() as conn:
        make_user(conn, "root", role="admin", scope=None, clearance="rahasia")


def test_nothing_of_the_app_renders_before_login(app_db, root_admin):
    at = new_app().run()
    assert not at.exception
    assert on_login_form(at)
    assert [t.value for t in at.title] == [T.APP_TITLE]
    assert len(at.sidebar) == 0 and len(at.dataframe) == 0 and len(at.selectbox) == 0
    assert not any(w.value == T.DEMO_CREDENTIALS_BANNER for w in at.warning)
    # Asking for a page directly (as Streamlit does right after a server start) shows nothing of it:
    # the same login form instead (issue 16 finding 7: it used to be a blank page).
    at = new_app()
    at.query_params["cakupan"] = "73.71"
    at.switch_page("pages/pengguna.py").run()
    assert not at.exception and on_login_form(at) and len(at.sidebar) == 0
    assert [t.value for t in at.title] == [T.APP_TITLE] and len(at.dataframe) == 0


def test_demo_credentials_banner_while_demo_accounts_are_active(app_db):
    with app_db.begin() as conn:
        users.ensure_demo_users(conn)
    at = new_app().run()
    assert any(w.value == T.DEMO_CREDENTIALS_BANNER for w in at.warning)
    login(at, "admin", "demo-admin-2024")
    # Signed in, the demo notices are folded into one line (issue 12).
    assert signed_in(at) and any(T.DEMO_CREDENTIALS_SHORT in w.value for w in at.warning)


def test_wrong_password_refused_fifth_locks_even_the_right_one(app_db, root_admin):
    at = new_app().run()
    for attempt in range(1, 6):
        login(at, "root", f"salah-{attempt}-xxxxxx")
        errors = [e.value for e in at.error]
        assert not signed_in(at)
        if attempt < 5:
            assert errors == [T.LOGIN_INVALID]
        else:
            assert len(errors) == 1 and errors[0].startswith("Akun dikunci sementara")
    login(at, "root", PASSWORD)
    assert not signed_in(at) and at.error[0].value.startswith("Akun dikunci sementara")
    with app_db.connect() as conn:
        assert audit_actions(conn, "root").count("lockout") == 1


def test_login_then_logout_revokes_on_the_server(app_db, root_admin):
    at = new_app().run()
    login(at, "root", PASSWORD)
    assert not at.exception and signed_in(at)
    assert not on_login_form(at)
    token = at.session_state["auth_token"]
    next(b for b in at.sidebar.button if b.label == T.LOGOUT_BUTTON).click()
    rerun(at)
    assert on_login_form(at) and any(i.value == T.AUTH_LOGGED_OUT for i in at.info)
    with app_db.begin() as conn:
        assert auth.validate_session(conn, token, auth.load_settings()) is None
        assert audit_actions(conn, "root")[-2:] == ["login_success", "logout"]


def test_disabling_the_account_ends_the_open_session_at_the_next_click(app_db, root_admin):
    with app_db.begin() as conn:
        make_user(conn, "budi", role="analis", scope="73")
    at = new_app().run()
    login(at, "budi", PASSWORD)
    assert signed_in(at)
    with app_db.begin() as conn:
        users.set_active(conn, SYSTEM, "budi", False)
    rerun(at)
    assert on_login_form(at) and not signed_in(at)
    assert any(i.value == T.AUTH_SESSION_ENDED for i in at.info)


def test_idle_timeout_ends_the_session(app_db, root_admin, monkeypatch):
    monkeypatch.setenv("SIPKS_IDLE_TIMEOUT_MINUTES", "5")
    at = new_app().run()
    login(at, "root", PASSWORD)
    assert signed_in(at)
    with app_db.begin() as conn:  # the user left the tab alone for 6 minutes
        conn.execute(update(UserSession).values(last_seen_at=datetime.now() - timedelta(minutes=6)))
    rerun(at)
    assert on_login_form(at) and any(i.value == T.AUTH_SESSION_ENDED for i in at.info)
    with app_db.connect() as conn:
        assert "session_timeout" in audit_actions(conn, "root")


def test_reload_with_a_valid_cookie_needs_no_new_login(app_db, root_admin, monkeypatch):
    import ui.auth

    with app_db.begin() as conn:
        token = auth.create_session(conn, users.get_user(conn, "root"), auth.load_settings())
    monkeypatch.setattr(ui.auth, "_cookie_token", lambda: token)
    at = new_app().run()           # a fresh browser session (reload / shared link) carrying the cookie
    assert signed_in(at) and not on_login_form(at)
    with app_db.begin() as conn:
        auth.revoke_session(conn, token, None)
    at = new_app().run()
    assert on_login_form(at)


def test_forged_cookie_is_ignored(app_db, root_admin, monkeypatch):
    import ui.auth

    with app_db.begin() as conn:
        token = auth.create_session(conn, users.get_user(conn, "root"), auth.load_settings())
    secret, expires, sig = token.split(".")
    monkeypatch.setattr(ui.auth, "_cookie_token", lambda: f"{secret}.{int(expires) + 86400}.{sig}")
    assert on_login_form(new_app().run())


def test_admin_creates_a_user_on_the_page_and_it_is_audited(app_db, root_admin):
    at = new_app().run()
    login(at, "root", PASSWORD)
    at.switch_page("pages/pengguna.py").run()
    assert not at.exception
    form_inputs = {w.label: w for w in at.text_input}
    form_inputs[T.USERS_COL_USERNAME].input("Op.Gowa")
    at.text_input[1].input("Operator Gowa")
    role = next(s for s in at.selectbox if s.label == T.USERS_COL_ROLE)
    role.set_value("operator")
    scope = next(s for s in at.selectbox if s.label == T.USERS_COL_SCOPE)
    scope.set_value("73.06")
    pw = [w for w in at.text_input if w.label in (T.USERS_PASSWORD, T.USERS_PASSWORD_REPEAT)]
    pw[0].input("rahasia-gowa-01")
    pw[1].input("rahasia-gowa-01")
    next(b for b in at.button if b.label == T.USERS_CREATE_SUBMIT).click().run()
    assert not at.exception and not at.error
    with app_db.connect() as conn:
        created = users.get_user(conn, "op.gowa")
        assert audit_actions(conn, "op.gowa") == ["user_create"]
    assert created.role.value == "operator" and created.scope_code == "73.06"
    assert any(s.value == escape_markdown(T.USERS_CREATED.format(user="op.gowa")) for s in at.success)
