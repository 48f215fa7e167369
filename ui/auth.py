"""Who is using the app: the login gate, the session cookie, logout and access denials.

``require_principal`` runs first on every rerun (app.py). It re-validates the session
token on the server each time (see ``data_access.auth``), so logout, an idle timeout
or a disabled account ends access at the next click. The token lives in
``st.session_state`` for this browser tab and in a cookie so a reload or a shared
link opened within the idle timeout does not ask for the password again.

Streamlit has no API to *set* a cookie; ``st.context.cookies`` only reads the cookies
of the page request. We write it with a one-line script through
``st.html(unsafe_allow_javascript=True)``, which runs in the app's own document (not an
iframe). The only value interpolated is the token, checked against a strict
``[A-Za-z0-9_.-]`` pattern first; JavaScript can read the cookie (no HttpOnly), which
is why the app renders no HTML from data anywhere.
"""
from __future__ import annotations

import os
from datetime import datetime

import streamlit as st

from data_access.auth import (
    TOKEN_RE, AuthSettings, LoginStatus, authenticate, create_session, load_settings, revoke_session,
    session_expiry_seconds, validate_session,
)
from data_access.users import demo_accounts_active
from domain import fmt
from domain.access import Permission, Principal
from domain.taxonomy import taxonomy
from ui import texts as T
from ui.data import engine, invalidate
from ui.markup import escape_markdown
from ui.session import set_principal

COOKIE_NAME = "sipks_session"
TOKEN_KEY = "auth_token"
NOTICE_KEY = "auth_notice"


@st.cache_resource(show_spinner=False)
def _settings_for(key_env: str | None, idle_env: str | None) -> AuthSettings:
    # Keyed by the environment so tests (and a changed configuration) never reuse stale settings.
    return load_settings()


def settings() -> AuthSettings:
    return _settings_for(os.environ.get("SIPKS_SECRET_KEY"), os.environ.get("SIPKS_IDLE_TIMEOUT_MINUTES"))


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser request behind this run (e.g. a bare script run)
        return None
    return value if isinstance(value, str) and TOKEN_RE.match(value) else None


def require_principal() -> Principal:
    """The signed-in user; otherwise render the login form and stop the script (nothing else renders)."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        principal = _validate(token)
        if principal is not None:
            return principal
        # The session ended while this tab was open (idle timeout, logout elsewhere, account disabled).
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[NOTICE_KEY] = T.AUTH_SESSION_ENDED
    cookie = _cookie_token()
    if cookie and cookie != token:
        principal = _validate(cookie)
        if principal is not None:
            st.session_state[TOKEN_KEY] = cookie
            return principal
    set_principal(None)
    _login_navigation(clear_cookie=cookie is not None).run()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() ends the run


def _login_navigation(*, clear_cookie: bool):
    """Every page path shows the login form, with the menu hidden.

    Registering the paths keeps a shared link (``/profil?region=73.71``) intact through the
    login, and calling ``st.navigation`` at all stops Streamlit from listing the files of
    ``pages/`` in the sidebar before anyone has signed in.
    """
    from ui.navigation import PAGE_SPECS

    def login() -> None:
        _render_login(clear_cookie=clear_cookie)

    pages = [st.Page(login, title=spec.title, url_path=spec.url_path, default=(i == 0))
             for i, spec in enumerate(PAGE_SPECS)]
    return st.navigation(pages, position="hidden")


def _validate(token: str) -> Principal | None:
    with engine().begin() as conn:
        return validate_session(conn, token, settings())


def _render_login(*, clear_cookie: bool) -> None:
    if clear_cookie:
        _write_cookie(None)
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(T.APP_TITLE)
        st.subheader(T.LOGIN_HEADING)
        if demo_credentials_active():
            st.warning(T.DEMO_CREDENTIALS_BANNER, icon=":material/warning:")
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.info(notice)
        with st.form("login", clear_on_submit=False, enter_to_submit=True):
            username = st.text_input(T.LOGIN_USERNAME, max_chars=80, autocomplete="username")
            password = st.text_input(T.LOGIN_PASSWORD, type="password", max_chars=256,
                                     autocomplete="current-password")
            submitted = st.form_submit_button(T.LOGIN_SUBMIT, type="primary")
        if submitted:
            _attempt_login(username, password)


def _attempt_login(username: str, password: str) -> None:
    if not username.strip() or not password:
        st.error(T.LOGIN_MISSING)
        return
    with engine().begin() as conn:
        result = authenticate(conn, username, password)
        token = create_session(conn, result.user, settings()) if result.status is LoginStatus.OK else None
    if result.status is LoginStatus.LOCKED:
        until = result.locked_until or datetime.now()
        st.error(T.LOGIN_LOCKED.format(time=until.strftime("%H:%M"), day=fmt.day(until.date())))
        return
    if token is None:
        st.error(T.LOGIN_INVALID)
        return
    st.session_state[TOKEN_KEY] = token
    invalidate()
    st.rerun()


def _write_cookie(token: str | None) -> None:
    """Set (or with None, delete) the session cookie in the browser."""
    if token is not None and not TOKEN_RE.match(token):
        return
    value, max_age = (token, session_expiry_seconds(token)) if token else ("", 0)
    script = (
        "<script>document.cookie = '" + COOKIE_NAME + "=" + value + "; Path=/; Max-Age=" + str(max_age)
        + "; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');</script>"
    )
    st.html(script, unsafe_allow_javascript=True, width="content")


def render_account_sidebar(principal: Principal) -> None:
    """Who is signed in, the logout button, and the cookie that keeps the session across reloads."""
    with st.sidebar:
        st.caption(T.ACCOUNT_SIGNED_IN_AS.format(
            user=escape_markdown(principal.username), role=taxonomy().label("role", principal.role.value),
            scope=principal.scope.encode(), clearance=taxonomy().label("sensitivity", principal.clearance)))
        if st.button(T.LOGOUT_BUTTON, key="logout", icon=":material/logout:"):
            logout(principal)
        keep_session_cookie()


def keep_session_cookie() -> None:
    """Refresh the session cookie (every page does, also presentation mode without a sidebar)."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        _write_cookie(token)


def logout(principal: Principal) -> None:
    token = st.session_state.pop(TOKEN_KEY, None)
    with engine().begin() as conn:
        revoke_session(conn, token, principal)
    st.session_state[NOTICE_KEY] = T.AUTH_LOGGED_OUT
    st.session_state.pop("view_scope", None)
    st.session_state.pop("view_month", None)
    st.rerun()


@st.cache_data(ttl=60, show_spinner=False)
def demo_credentials_active() -> bool:
    with engine().connect() as conn:
        return demo_accounts_active(conn)


def require_permission(principal: Principal, permission: Permission) -> None:
    """Defence in depth for pages: navigation already hides pages the role lacks."""
    if not principal.can(permission):
        st.error(T.ACCESS_DENIED_PAGE)
        st.stop()


def require_region_in_scope(principal: Principal, region_code: str) -> None:
    """Stop the page with a denial when ``region_code`` lies outside the user's scope."""
    if not principal.scope.contains(region_code):
        st.error(T.ACCESS_DENIED_REGION)
        st.stop()
