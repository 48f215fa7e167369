"""Authorisation matrix: every role × every page, and every role × in-scope / out-of-scope region.

Each cell is asserted on its own. The expected table is written out here, from the
issue's role definitions, not derived from ``ROLE_PERMISSIONS``:
- pimpinan: all dashboards and briefings of their scope (incidents and handling to read), no editing;
- analis: dashboards, briefings (and their Analisa & Rekomendasi), incidents, handling to read, exports;
  no imports, no administration;
- operator: dashboards plus reports, imports and handling for their own region;
- admin: everything.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access import users
from data_access.regions import get_region, list_regions
from domain.access import Permission, Principal, Role, Scope
from tests.security.test_login_app import login, new_app, rerun, signed_in
from ui import texts as T
from ui.markup import escape_markdown
from ui.navigation import PAGE_SPECS, PAGES_DIR, allowed_specs

DASHBOARD = {"ringkasan", "peringatan", "peta", "tren", "profil", "metodologi"}
EXPECTED_PAGES: dict[Role, set[str]] = {
    Role.PIMPINAN: DASHBOARD | {"insiden", "penanganan", "briefing"},
    Role.ANALIS: DASHBOARD | {"insiden", "penanganan", "briefing"},
    Role.OPERATOR: DASHBOARD | {"insiden", "penanganan", "impor"},
    Role.ADMIN: DASHBOARD | {"insiden", "penanganan", "impor", "pengguna", "audit", "briefing"},
}
EXPECTED_PERMISSIONS: dict[Role, set[Permission]] = {
    Role.PIMPINAN: {Permission.VIEW_DASHBOARD, Permission.VIEW_INCIDENTS, Permission.VIEW_HANDLING,
                    Permission.VIEW_BRIEFING},
    Role.ANALIS: {Permission.VIEW_DASHBOARD, Permission.VIEW_INCIDENTS, Permission.VIEW_HANDLING,
                  Permission.EXPORT, Permission.VIEW_BRIEFING, Permission.WRITE_ANALYSIS},
    Role.OPERATOR: {Permission.VIEW_DASHBOARD, Permission.VIEW_INCIDENTS, Permission.VIEW_HANDLING,
                    Permission.REPORT_INCIDENT, Permission.IMPORT_DATA, Permission.MANAGE_HANDLING},
    Role.ADMIN: set(Permission),
}
DEMO = {a.role: a for a in users.DEMO_ACCOUNTS}


def demo_principal(role: Role) -> Principal:
    account = DEMO[role]
    scope = Scope.national() if account.scope_code is None else Scope.for_region(account.scope_code)
    return Principal(account.username, role, scope, account.clearance)


def test_every_page_is_in_the_matrix():
    assert {s.url_path for s in PAGE_SPECS} == set().union(*EXPECTED_PAGES.values())


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_permission_cell(role, permission):
    assert demo_principal(role).can(permission) == (permission in EXPECTED_PERMISSIONS[role])


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.url_path)
def test_page_cell(role, spec):
    principal = demo_principal(role)
    allowed = spec.url_path in EXPECTED_PAGES[role]
    assert principal.can(spec.permission) == allowed
    registered = {s.url_path for s in allowed_specs(principal)}
    assert (PAGES_DIR / spec.file).is_file(), f"halaman {spec.file} tidak ada"
    assert (spec.url_path in registered) == allowed


@pytest.mark.parametrize("role", list(Role))
def test_navigation_registers_exactly_the_allowed_pages(app_db, role):
    """In the running app, a page the role may not use is not registered: it cannot even be switched to."""
    with app_db.begin() as conn:
        users.ensure_demo_users(conn)
    at = new_app().run()
    login(at, DEMO[role].username, DEMO[role].password)
    assert signed_in(at)
    for spec in PAGE_SPECS:
        if spec.url_path in EXPECTED_PAGES[role]:
            at.switch_page(f"pages/{spec.file}")          # resolves: the page is registered
        else:
            with pytest.raises(Exception, match="switch_page|registered|page"):
                at.switch_page(f"pages/{spec.file}")


# Region cells: (role, region, inside the demo account's scope?)
REGION_CELLS = [
    (Role.OPERATOR, "73.71", True), (Role.OPERATOR, "73.71.01", True), (Role.OPERATOR, "73.06", False),
    (Role.OPERATOR, "73", False), (Role.OPERATOR, "32.73", False),
    (Role.PIMPINAN, "73", True), (Role.PIMPINAN, "73.06", True), (Role.PIMPINAN, "73.71", True),
    (Role.PIMPINAN, "32", False), (Role.PIMPINAN, "32.73", False),
    (Role.ANALIS, "73.06", True), (Role.ANALIS, "31.71", False),
    (Role.ADMIN, "73.06", True), (Role.ADMIN, "32.73", True), (Role.ADMIN, "11", True),
]


@pytest.mark.parametrize("role, code, inside", REGION_CELLS)
def test_region_cell_in_queries(db, role, code, inside):
    principal = demo_principal(role)
    with db.connect() as conn:
        assert get_region(conn, demo_principal(Role.ADMIN), code) is not None, f"wilayah {code} hilang dari referensi"
        assert (get_region(conn, principal, code) is not None) == inside
        listed = set(list_regions(conn, principal)["code"])
    assert (code in listed) == inside
    assert all(principal.scope.contains(c) for c in listed)


@pytest.mark.parametrize("role, code, inside", REGION_CELLS)
def test_region_cell_in_the_url_never_widens(role, code, inside):
    """What ui.state does with ``?cakupan=``: narrow to the user's scope, never widen."""
    principal = demo_principal(role)
    requested = Scope.for_region(".".join(code.split(".")[:2]))
    effective = principal.scope.narrow(requested)
    assert principal.scope.contains(effective.code or "") or principal.scope.code is None
    if inside and code.count(".") <= 1:
        assert effective == requested
    if not inside:
        assert effective == principal.scope


def _open_profile(app_db, role: Role, code: str) -> AppTest:
    with app_db.begin() as conn:
        users.ensure_demo_users(conn)
    at = new_app().run()
    login(at, DEMO[role].username, DEMO[role].password)
    at.query_params["region"] = code
    at.query_params["cakupan"] = code if code.count(".") <= 1 else code.rsplit(".", 1)[0]
    at.switch_page("pages/profil_wilayah.py")
    return at.run()


def test_operator_opening_another_regions_profile_by_url_sees_a_denial_and_no_data(app_db):
    at = _open_profile(app_db, Role.OPERATOR, "73.06")
    assert not at.exception
    assert [e.value for e in at.error] == [T.PROFIL_UNKNOWN.format(code=escape_markdown("73.06"))]
    assert len(at.metric) == 0 and len(at.dataframe) == 0
    assert at.session_state["view_scope"] == Scope.for_region("73.71")   # the URL's cakupan=73 was narrowed
    assert at.query_params["cakupan"] in ("73.71", ["73.71"])


def test_operator_opens_own_regions_profile(app_db):
    at = _open_profile(app_db, Role.OPERATOR, "73.71")
    assert not at.exception
    assert T.PROFIL_UNKNOWN.format(code=escape_markdown("73.71")) not in [e.value for e in at.error]
    assert any("Makassar" in h.value for h in at.header)


def test_rerun_helper_keeps_the_session(app_db):
    """Guard for the tests above: after login every click still goes through the login gate."""
    with app_db.begin() as conn:
        users.ensure_demo_users(conn)
    at = new_app().run()
    login(at, "analis", DEMO[Role.ANALIS].password)
    assert signed_in(rerun(at)) and signed_in(rerun(at))
