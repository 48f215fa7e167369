"""CLI: create-user (password never an argument), disable/enable, reset-password, list-users, audit-export."""
from __future__ import annotations

import csv
import io
import sys

import pytest

from cli import app as cli
from data_access import auth, users
from data_access.auth import LoginStatus
from tests.security.helpers import audit_actions


def run(db, monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(["--database-url", db.url.render_as_string(hide_password=False), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_create_first_admin_then_sign_in(db, monkeypatch, capsys):
    code, out, _ = run(db, monkeypatch, capsys, "create-user", "--username", "kepala", "--role", "admin",
                       "--scope", "nasional", "--clearance", "rahasia", "--full-name", "Kepala Data",
                       "--password-stdin", stdin="sandi-awal-yang-panjang\n")
    assert code == 0 and "kepala" in out and "sandi" not in out
    with db.begin() as conn:
        assert auth.authenticate(conn, "kepala", "sandi-awal-yang-panjang").status is LoginStatus.OK
        assert audit_actions(conn, "kepala")[0] == "user_create"


def test_password_is_never_an_argument(db, monkeypatch, capsys):
    with pytest.raises(SystemExit):
        run(db, monkeypatch, capsys, "create-user", "--username", "x1x", "--role", "admin", "--scope", "nasional",
            "--password", "terlihat-di-ps-123")


@pytest.mark.parametrize("argv, stdin, message", [
    (["--role", "admin", "--scope", "nasional"], "pendek\n", "minimal"),
    (["--role", "operator", "--scope", "99.99"], "cukup-panjang-123\n", "Cakupan tidak valid"),
    (["--role", "operator", "--scope", "73.71.01"], "cukup-panjang-123\n", "Cakupan tidak valid"),
])
def test_create_user_errors_are_clear_and_exit_2(db, monkeypatch, capsys, argv, stdin, message):
    code, _, err = run(db, monkeypatch, capsys, "create-user", "--username", "sari", *argv, "--password-stdin",
                       stdin=stdin)
    assert code == 2 and err.startswith("galat:") and message in err


def test_disable_enable_reset_and_list(db, monkeypatch, capsys):
    with db.begin() as conn:
        users.ensure_demo_users(conn)
    assert run(db, monkeypatch, capsys, "disable-user", "operator")[0] == 0
    code, out, _ = run(db, monkeypatch, capsys, "list-users")
    line = next(l for l in out.splitlines() if l.startswith("operator"))
    assert code == 0 and "[nonaktif]" in line and "73.71" in line
    admin = next(l for l in out.splitlines() if l.startswith("admin "))
    assert admin.split()[:3] == ["admin", "admin", "nasional"] and "nan" not in out.split()
    assert run(db, monkeypatch, capsys, "enable-user", "operator")[0] == 0
    assert run(db, monkeypatch, capsys, "reset-password", "operator", "--password-stdin",
               stdin="sandi-baru-operator\n")[0] == 0
    code, _, err = run(db, monkeypatch, capsys, "disable-user", "tidak-ada")
    assert code == 2 and "tidak ditemukan" in err
    with db.begin() as conn:
        assert auth.authenticate(conn, "operator", "sandi-baru-operator").status is LoginStatus.OK
        assert audit_actions(conn, "operator")[-4:-1] == ["user_disable", "user_enable", "user_password_reset"]


def test_audit_export_to_file_is_itself_audited_and_neutralised(db, monkeypatch, capsys, tmp_path):
    with db.begin() as conn:
        auth.authenticate(conn, "=HYPERLINK(\"http://x\")", "apa-saja-123")   # a hostile "username"
    target = tmp_path / "audit.csv"
    code, _, err = run(db, monkeypatch, capsys, "audit-export", "--output", str(target))
    assert code == 0 and "diekspor" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["action"] for r in rows] == ["login_failure"]
    assert rows[0]["username"].startswith("'=")
    with db.connect() as conn:
        assert audit_actions(conn)[-1] == "audit_export"
    code, _, err = run(db, monkeypatch, capsys, "audit-export", "--output", str(target))
    assert code == 2 and "tidak ditimpa" in err
    with pytest.raises(SystemExit) as exc:   # argparse: usage error, exit 2, message names the value
        run(db, monkeypatch, capsys, "audit-export", "--from", "2024-13-01")
    assert exc.value.code == 2 and "2024-13-01" in capsys.readouterr().err


def test_setup_of_a_demo_database_creates_one_demo_account_per_role(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert cli.main(["--database-url", url, "setup"]) == 0
    from data_access.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        assert users.demo_accounts_active(conn)
        for account in users.DEMO_ACCOUNTS:
            assert auth.authenticate(conn, account.username, account.password).status is LoginStatus.OK
    engine.dispose()
