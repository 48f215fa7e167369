"""Pengguna (admin): list accounts; create, change role/scope/clearance, reset password, disable — all audited."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access import users
from data_access.regions import list_regions
from domain import fmt
from domain.access import Permission, Role
from domain.taxonomy import SENSITIVITY_ORDER, taxonomy
from ui import texts as T
from ui.auth import require_permission
from ui.data import engine, invalidate
from ui.markup import escape_markdown
from ui.session import principal as current_principal

principal = current_principal()
require_permission(principal, Permission.MANAGE_USERS)
tax = taxonomy()

# --- load (fresh on every run: this page must show the state it just changed) ------------------
with engine().connect() as conn:
    accounts = users.list_users(conn, principal)
    regions = list_regions(conn, principal, levels=("provinsi", "kabupaten", "kota"))

scope_labels: dict[str, str] = {} if principal.scope.code is not None else {"nasional": T.SCOPE_NATIONAL}
scope_labels |= {code: f"{code} — {name}" for code, name in zip(regions["code"], regions["display_name"])}
clearances = [c for c in SENSITIVITY_ORDER if c in principal.readable_sensitivities]
roles = [r.value for r in Role]

# --- compute ------------------------------------------------------------------------------------
table = pd.DataFrame({
    T.USERS_COL_USERNAME: accounts["username"],
    T.USERS_COL_NAME: accounts["full_name"],
    T.USERS_COL_ROLE: [tax.label("role", r) for r in accounts["role"]],
    T.USERS_COL_SCOPE: [scope_labels.get(c or "nasional", c or T.SCOPE_NATIONAL) for c in accounts["scope_code"]],
    T.USERS_COL_CLEARANCE: [tax.label("sensitivity", c) for c in accounts["clearance"]],
    T.USERS_COL_ACTIVE: accounts["is_active"].astype(bool),
    T.USERS_COL_DEMO: accounts["is_demo"].astype(bool),
    T.USERS_COL_LOCKED: [fmt.day(v.date()) + v.strftime(" %H:%M") if pd.notna(v) else "" for v in
                         accounts["locked_until"]],
})


def _apply(action, success: str, **kwargs) -> None:
    """Run one audited change; show the outcome in Bahasa Indonesia, never a stack trace."""
    try:
        with engine().begin() as conn:
            action(conn, principal, **kwargs)
    except (users.UserError, PermissionError) as exc:
        st.error(escape_markdown(exc))
        return
    invalidate()
    st.session_state["users_flash"] = success
    st.rerun()


def _passwords_match(first: str, second: str) -> bool:
    if first != second:
        st.error(T.USERS_PASSWORD_MISMATCH)
        return False
    return True


# --- render -------------------------------------------------------------------------------------
st.title(T.PAGE_PENGGUNA)
st.caption(T.USERS_INTRO)
flash = st.session_state.pop("users_flash", None)
if flash:
    st.success(escape_markdown(flash))
st.dataframe(table, hide_index=True, width="stretch")

usernames = list(accounts["username"])
create_tab, edit_tab, password_tab, status_tab = st.tabs(
    [T.USERS_TAB_CREATE, T.USERS_TAB_EDIT, T.USERS_TAB_PASSWORD, T.USERS_TAB_STATUS])

with create_tab:
    with st.form("user_create", clear_on_submit=False):
        username = st.text_input(T.USERS_COL_USERNAME, max_chars=80, help=T.USERS_USERNAME_HELP)
        full_name = st.text_input(T.USERS_COL_NAME, max_chars=160)
        role = st.selectbox(T.USERS_COL_ROLE, roles, format_func=lambda r: tax.label("role", r),
                            placeholder=T.CHOOSE_ONE)
        scope = st.selectbox(T.USERS_COL_SCOPE, list(scope_labels), format_func=scope_labels.get,
                             placeholder=T.CHOOSE_ONE)
        clearance = st.selectbox(T.USERS_COL_CLEARANCE, clearances, format_func=lambda c: tax.label("sensitivity", c),
                                 placeholder=T.CHOOSE_ONE)
        password = st.text_input(T.USERS_PASSWORD, type="password", max_chars=256, help=T.USERS_PASSWORD_HELP)
        repeat = st.text_input(T.USERS_PASSWORD_REPEAT, type="password", max_chars=256)
        if st.form_submit_button(T.USERS_CREATE_SUBMIT, type="primary") and _passwords_match(password, repeat):
            _apply(lambda conn, actor, **kw: users.create_user(conn, actor, **kw),
                   T.USERS_CREATED.format(user=users.normalise_username(username)),
                   username=username, password=password, role=role, scope_code=scope, clearance=clearance,
                   full_name=full_name)

with edit_tab:
    if usernames:
        target = st.selectbox(T.USERS_PICK, usernames, key="edit_user", placeholder=T.CHOOSE_ONE)
        current = accounts.set_index("username").loc[target]
        with st.form("user_edit"):
            full_name = st.text_input(T.USERS_COL_NAME, value=current["full_name"], max_chars=160)
            role = st.selectbox(T.USERS_COL_ROLE, roles, index=roles.index(current["role"]),
                                format_func=lambda r: tax.label("role", r), placeholder=T.CHOOSE_ONE)
            scope_keys = list(scope_labels)
            current_scope = current["scope_code"] or "nasional"
            scope = st.selectbox(T.USERS_COL_SCOPE, scope_keys, format_func=scope_labels.get,
                                 index=scope_keys.index(current_scope) if current_scope in scope_keys else 0,
                                 placeholder=T.CHOOSE_ONE)
            clearance = st.selectbox(
                T.USERS_COL_CLEARANCE, clearances, format_func=lambda c: tax.label("sensitivity", c),
                index=clearances.index(current["clearance"]) if current["clearance"] in clearances else 0,
                placeholder=T.CHOOSE_ONE)
            if st.form_submit_button(T.USERS_EDIT_SUBMIT, type="primary"):
                _apply(lambda conn, actor, **kw: users.update_user(conn, actor, target, **kw),
                       T.USERS_UPDATED.format(user=target), role=role, scope_code=scope, clearance=clearance,
                       full_name=full_name)

with password_tab:
    if usernames:
        with st.form("user_password"):
            target = st.selectbox(T.USERS_PICK, usernames, key="password_user", placeholder=T.CHOOSE_ONE)
            password = st.text_input(T.USERS_PASSWORD, type="password", max_chars=256, help=T.USERS_PASSWORD_HELP)
            repeat = st.text_input(T.USERS_PASSWORD_REPEAT, type="password", max_chars=256)
            if st.form_submit_button(T.USERS_PASSWORD_SUBMIT, type="primary") and _passwords_match(password, repeat):
                _apply(lambda conn, actor, **kw: users.set_password(conn, actor, target, **kw),
                       T.USERS_PASSWORD_DONE.format(user=target), password=password)

with status_tab:
    if usernames:
        with st.form("user_status"):
            target = st.selectbox(T.USERS_PICK, usernames, key="status_user", placeholder=T.CHOOSE_ONE)
            active = st.radio(T.USERS_COL_ACTIVE, [True, False], horizontal=True,
                              format_func=lambda v: T.USERS_ACTIVE if v else T.USERS_INACTIVE)
            st.caption(T.USERS_DISABLE_NOTE)
            if st.form_submit_button(T.USERS_STATUS_SUBMIT, type="primary"):
                _apply(lambda conn, actor, **kw: users.set_active(conn, actor, target, **kw),
                       T.USERS_STATUS_DONE.format(user=target), active=active)
