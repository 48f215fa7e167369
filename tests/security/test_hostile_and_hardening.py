"""Hostile strings are stored and shown inertly; hardening rules hold across the code base."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from data_access import auth, incidents, users
from data_access.audit_queries import AuditFilter, list_audit
from data_access.auth import LoginStatus
from domain.access import SYSTEM, Principal, Role, Scope
from domain.filters import IncidentFilter
from tests.conftest import ROOT
from tests.data_access.factories import incident, insert_incidents
from tests.security.helpers import PASSWORD, make_user
from tests.security.test_login_app import login, new_app, on_login_form, signed_in
from ui import texts as T

HOSTILE = [
    "'; DROP TABLE incidents; --",
    "\" OR 1=1 --",
    "100% _benar_ \\ [x]",
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil\",\"klik\")",
    "\u202eRTL\u202c teks \u200b\u200d tersembunyi \ufeff",
    "ق" * 50 + " عربى",
    "x" * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:20]))
def test_hostile_text_round_trips_verbatim_and_search_is_literal(db, text):
    with db.begin() as conn:
        insert_incidents(conn, [incident(description=text, actors=text[:500]), incident(description="biasa")])
    analyst = Principal("ana", Role.ANALIS, Scope.for_region("73"), "rahasia")
    with db.connect() as conn:
        rows = incidents.list_incidents(conn, analyst, IncidentFilter(), limit=None)
        found = incidents.list_incidents(conn, analyst, IncidentFilter(search=text[:200]), limit=None)
        assert incidents.count_incidents(conn, analyst, IncidentFilter()) == 2   # nothing dropped
    assert text in set(rows["description"])
    assert list(found["description"]) == [text]          # % _ \ match literally, not as wildcards


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:20]))
def test_hostile_login_and_account_fields(db, text):
    with db.begin() as conn:
        assert auth.authenticate(conn, text, text).status is LoginStatus.INVALID
        user = make_user(conn, "budi")
        users.update_user(conn, SYSTEM, "budi", full_name=text)
        stored = users.get_user(conn, "budi").full_name
        audit_rows = list_audit(conn, SYSTEM, AuditFilter(username=text[:80]), limit=None)
    assert stored == text.strip()[:160]
    assert user.username == "budi"
    assert len(audit_rows) >= 1 and audit_rows["action"].iloc[-1] == "login_failure"


def test_hostile_strings_in_the_login_form_and_admin_pages_render_inertly(app_db):
    with app_db.begin() as conn:
        make_user(conn, "root", role="admin", scope=None, clearance="rahasia")
        make_user(conn, "korban", role="analis", scope="73")
        users.update_user(conn, SYSTEM, "korban", full_name="<script>alert(1)</script> \u202eRTL")
    at = new_app().run()
    for text in HOSTILE:
        login(at, text[:80], text[:256])
        assert not at.exception and on_login_form(at) and not signed_in(at)
    login(at, "root", PASSWORD)
    at.switch_page("pages/pengguna.py").run()
    assert not at.exception
    names = list(at.dataframe[0].value[T.USERS_COL_NAME])
    assert "<script>alert(1)</script> \u202eRTL" in names        # shown as data in a grid, not as markup
    at.switch_page("pages/audit.py").run()
    for text in HOSTILE:
        next(w for w in at.text_input if w.label == T.AUDIT_USER).input(text[:80])
        next(w for w in at.text_input if w.label == T.AUDIT_TARGET).input(text[:120])
        at.run()
        assert not at.exception


SOURCE_DIRS = ("app.py", "ui", "pages", "cli", "data_access", "domain", "scoring")


def _sources() -> list[Path]:
    files = []
    for name in SOURCE_DIRS:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [f for f in files if "migrations" not in f.parts]


def test_no_unsafe_html_anywhere_and_one_vetted_script():
    offenders = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        if re.search(r"unsafe_allow_html\s*=\s*True", text):
            offenders.append(f"{path}: unsafe_allow_html=True")
        if re.search(r"unsafe_allow_javascript\s*=\s*True", text) and path != ROOT / "ui" / "auth.py":
            offenders.append(f"{path}: unsafe_allow_javascript=True")
        if "components.v1" in text:
            offenders.append(f"{path}: components.v1")
    assert offenders == []


def test_cookie_script_interpolates_only_a_validated_token():
    from data_access.auth import TOKEN_RE

    good = "a" * 30 + ".1." + "b" * 30
    assert TOKEN_RE.match(good)
    for bad in ("x'; alert(1); '", "<script>", "a.1.b", good + "'", good + "\n", good + "</script>"):
        assert not TOKEN_RE.match(bad)


def test_sql_is_built_with_bound_parameters_only():
    """No SQL text assembled from values: text() only with literals, no f-strings/format/% into execute."""
    pattern = re.compile(r"(text|execute|exec_driver_sql)\(\s*(f[\"']|[\"'][^\"']*[\"']\s*(%|\.format))")
    offenders = [f"{p}:{i + 1}" for p in _sources() for i, line in enumerate(p.read_text().splitlines())
                 if pattern.search(line)]
    assert offenders == []


def test_no_sql_outside_data_access_and_no_streamlit_inside():
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("data_access/", "scoring/", "domain/")):
            assert not re.search(r"^\s*(import streamlit|from streamlit)", text, re.M), rel
        else:
            assert not re.search(r"^\s*from sqlalchemy|^\s*import sqlalchemy", text, re.M) or rel == "ui/data.py", rel


def test_production_config_hides_error_details_and_limits_uploads():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert 0 < config["server"]["maxUploadSize"] <= 50


def test_secrets_never_in_git():
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ".streamlit/secrets.toml\n" not in tracked and "data/secret_key" not in tracked
    ignored = subprocess.run(["git", "check-ignore", ".streamlit/secrets.toml", "data/secret_key"], cwd=ROOT,
                             capture_output=True, text=True).stdout.split()
    assert ignored == [".streamlit/secrets.toml", "data/secret_key"]


def test_failed_login_never_writes_the_password_anywhere(db, caplog):
    secret = "Sandi-Rahasia-Unik-7781"
    with caplog.at_level("DEBUG"):
        with db.begin() as conn:
            make_user(conn, "budi")
            auth.authenticate(conn, "budi", secret)
            auth.authenticate(conn, "tidak-ada", secret)
            dump = " ".join(str(r) for r in list_audit(conn, SYSTEM, AuditFilter(), limit=None).itertuples())
    assert secret not in dump and secret not in caplog.text
