"""Accounts, sign-in, lockout and sessions against the real schema (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from data_access import auth, users
from data_access.auth import LoginStatus
from data_access.models import AuditLog, User, UserSession
from domain.access import SYSTEM, Role, Scope, ScopeLevel
from tests.security.helpers import PASSWORD, SETTINGS, audit_actions, make_user

NOW = datetime(2026, 3, 1, 10, 0, 0)


def test_password_is_hashed_with_argon2_and_never_stored_plain(db):
    with db.begin() as conn:
        make_user(conn)
        stored = conn.execute(select(User.password_hash)).scalar_one()
        audit_text = " ".join(str(r) for r in conn.execute(select(AuditLog.detail, AuditLog.target)).all())
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored and PASSWORD not in audit_text


def test_create_user_validates_input(db):
    with db.begin() as conn:
        make_user(conn, "budi")
        cases = [
            dict(username="budi"),                       # taken
            dict(username="x"),                          # too short
            dict(username="a'; DROP TABLE users;--"),    # not a username
            dict(role="superuser"),
            dict(scope_code="99.99"),                    # unknown region
            dict(scope_code="73.71.01"),                 # kecamatan is not a user scope
            dict(clearance="top-secret"),
            dict(password="pendek"),
        ]
        for case in cases:
            args = dict(username="sari", password=PASSWORD, role="analis", scope_code="73", clearance="umum") | case
            with pytest.raises(users.UserError):
                users.create_user(conn, SYSTEM, **args)
        assert conn.execute(select(User.username)).scalars().all() == ["budi"]


def test_user_record_maps_to_principal_with_scope_and_clearance(db):
    with db.begin() as conn:
        op = make_user(conn, "opr", role="operator", scope="73.71", clearance="umum")
        nat = make_user(conn, "nat", role="admin", scope="nasional", clearance="rahasia")
    assert op.principal().scope == Scope(ScopeLevel.KABKOTA, "73.71")
    assert op.principal().role is Role.OPERATOR and op.principal().user_id == op.id
    assert nat.principal().scope == Scope.national()
    assert nat.principal().readable_sensitivities == ("umum", "terbatas", "rahasia")


def test_usernames_are_case_insensitive(db):
    with db.begin() as conn:
        make_user(conn, "budi")
        assert auth.authenticate(conn, "  BUDI ", PASSWORD).status is LoginStatus.OK


def test_login_success_and_failure_are_audited(db):
    with db.begin() as conn:
        make_user(conn, "budi")
        assert auth.authenticate(conn, "budi", PASSWORD).status is LoginStatus.OK
        assert auth.authenticate(conn, "budi", "salah-sekali-123").status is LoginStatus.INVALID
        assert auth.authenticate(conn, "tidakada", PASSWORD).status is LoginStatus.INVALID
        assert audit_actions(conn, "budi") == ["user_create", "login_success", "login_failure"]
        assert audit_actions(conn, "tidakada") == ["login_failure"]
        scope = conn.execute(select(AuditLog.scope).where(AuditLog.action == "login_success")).scalar_one()
    assert scope == "73"


def test_lockout_after_five_failures_for_fifteen_minutes(db):
    with db.begin() as conn:
        make_user(conn, "budi")
        results = [auth.authenticate(conn, "budi", f"salah-{i}-xxxxx", now=NOW) for i in range(5)]
        assert [r.status for r in results] == [LoginStatus.INVALID] * 4 + [LoginStatus.LOCKED]
        assert results[-1].locked_until == NOW + timedelta(minutes=15)
        # The right password is refused while locked ...
        assert auth.authenticate(conn, "budi", PASSWORD, now=NOW + timedelta(minutes=14)).status is LoginStatus.LOCKED
        # ... and accepted once the lock has run out.
        assert auth.authenticate(conn, "budi", PASSWORD, now=NOW + timedelta(minutes=16)).status is LoginStatus.OK
        actions = audit_actions(conn, "budi")
    assert actions == ["user_create"] + ["login_failure"] * 5 + ["lockout", "login_locked", "login_success"]


def test_failures_after_an_expired_lock_start_counting_again(db):
    with db.begin() as conn:
        make_user(conn, "budi")
        for i in range(5):
            auth.authenticate(conn, "budi", "salah-salah-1", now=NOW)
        later = NOW + timedelta(minutes=20)
        assert auth.authenticate(conn, "budi", "salah-salah-1", now=later).status is LoginStatus.INVALID
        assert conn.execute(select(User.failed_attempts)).scalar_one() == 1


def test_success_resets_the_failure_count(db):
    with db.begin() as conn:
        make_user(conn, "budi")
        for _ in range(4):
            auth.authenticate(conn, "budi", "salah-salah-1", now=NOW)
        assert auth.authenticate(conn, "budi", PASSWORD, now=NOW).status is LoginStatus.OK
        for _ in range(4):
            assert auth.authenticate(conn, "budi", "salah-salah-1", now=NOW).status is LoginStatus.INVALID


def test_unknown_usernames_lock_like_real_ones(db):
    with db.begin() as conn:
        statuses = [auth.authenticate(conn, "hantu", "apa-saja-123").status for _ in range(6)]
    assert statuses == [LoginStatus.INVALID] * 4 + [LoginStatus.LOCKED] * 2


def test_disabled_account_cannot_sign_in_and_answer_is_generic(db):
    with db.begin() as conn:
        make_user(conn, "budi")
        make_user(conn, "root", role="admin", scope=None)
        users.set_active(conn, SYSTEM, "budi", False)
        assert auth.authenticate(conn, "budi", PASSWORD).status is LoginStatus.INVALID


def test_session_round_trip_and_tampering(db):
    with db.begin() as conn:
        user = make_user(conn, "budi", clearance="terbatas")
        token = auth.create_session(conn, user, SETTINGS, now=NOW)
        principal = auth.validate_session(conn, token, SETTINGS, now=NOW + timedelta(minutes=5))
        assert principal is not None and principal.username == "budi" and principal.clearance == "terbatas"
        secret, expires, sig = token.split(".")
        forged = [
            f"{secret}.{int(expires) + 3600}.{sig}",          # extended expiry, old signature
            f"{secret[:-1]}{'B' if secret.endswith('A') else 'A'}.{expires}.{sig}",  # another secret, never the real one
            token + "x", "", None, "a.b.c", "'; DROP TABLE user_sessions;--",
        ]
        for bad in forged:
            assert auth.validate_session(conn, bad, SETTINGS, now=NOW) is None
        other_key = auth.AuthSettings(b"z" * 48, SETTINGS.idle_timeout, SETTINGS.session_lifetime)
        assert auth.validate_session(conn, token, other_key, now=NOW) is None
        # Only the hash of the secret is stored.
        stored = conn.execute(select(UserSession.id)).scalar_one()
    assert secret not in stored and stored == auth.session_id(secret)


def test_idle_timeout_revokes_the_session_and_is_audited(db):
    with db.begin() as conn:
        user = make_user(conn, "budi")
        token = auth.create_session(conn, user, SETTINGS, now=NOW)
        # Activity keeps it alive past 30 minutes in total ...
        assert auth.validate_session(conn, token, SETTINGS, now=NOW + timedelta(minutes=25))
        assert auth.validate_session(conn, token, SETTINGS, now=NOW + timedelta(minutes=50))
        # ... 31 idle minutes end it, for good.
        assert auth.validate_session(conn, token, SETTINGS, now=NOW + timedelta(minutes=81)) is None
        assert auth.validate_session(conn, token, SETTINGS, now=NOW + timedelta(minutes=82)) is None
        assert audit_actions(conn, "budi").count("session_timeout") == 1


def test_absolute_expiry(db):
    with db.begin() as conn:
        user = make_user(conn, "budi")
        token = auth.create_session(conn, user, SETTINGS, now=NOW)
        t = NOW
        while t < NOW + timedelta(hours=11, minutes=50):       # active all day
            t += timedelta(minutes=20)
            auth.validate_session(conn, token, SETTINGS, now=t)
        assert auth.validate_session(conn, token, SETTINGS, now=NOW + timedelta(hours=12, minutes=1)) is None


def test_logout_revokes_at_once_and_is_audited(db):
    with db.begin() as conn:
        user = make_user(conn, "budi")
        token = auth.create_session(conn, user, SETTINGS, now=NOW)
        auth.revoke_session(conn, token, user.principal(), now=NOW)
        assert auth.validate_session(conn, token, SETTINGS, now=NOW) is None
        assert audit_actions(conn, "budi")[-1] == "logout"


def test_disabling_a_user_invalidates_every_session(db):
    with db.begin() as conn:
        user = make_user(conn, "budi")
        make_user(conn, "root", role="admin", scope=None)
        tokens = [auth.create_session(conn, user, SETTINGS, now=NOW) for _ in range(2)]
        users.set_active(conn, SYSTEM, "budi", False)
        assert all(auth.validate_session(conn, t, SETTINGS, now=NOW) is None for t in tokens)
        users.set_active(conn, SYSTEM, "budi", True)
        # Re-enabling does not resurrect the revoked sessions.
        assert all(auth.validate_session(conn, t, SETTINGS, now=NOW) is None for t in tokens)
        assert audit_actions(conn, "budi")[-2:] == ["user_disable", "user_enable"]


def test_role_and_scope_changes_apply_to_open_sessions(db):
    with db.begin() as conn:
        user = make_user(conn, "budi", role="analis", scope="73")
        token = auth.create_session(conn, user, SETTINGS, now=NOW)
        users.update_user(conn, SYSTEM, "budi", role="operator", scope_code="73.71", clearance="terbatas")
        principal = auth.validate_session(conn, token, SETTINGS, now=NOW)
        detail = conn.execute(select(AuditLog.detail).where(AuditLog.action == "user_update")).scalar_one()
    assert principal.role is Role.OPERATOR and principal.scope.code == "73.71" and principal.clearance == "terbatas"
    assert detail["before"] == {"role": "analis", "scope_code": "73", "clearance": "umum"}
    assert detail["after"] == {"role": "operator", "scope_code": "73.71", "clearance": "terbatas"}


def test_password_reset_ends_sessions_and_clears_demo_flag(db):
    with db.begin() as conn:
        users.ensure_demo_users(conn)
        demo = users.get_user(conn, "operator")
        token = auth.create_session(conn, demo, SETTINGS, now=NOW)
        users.set_password(conn, SYSTEM, "operator", "baru-dan-rahasia-99")
        assert auth.validate_session(conn, token, SETTINGS, now=NOW) is None
        assert auth.authenticate(conn, "operator", "baru-dan-rahasia-99").status is LoginStatus.OK
        assert users.get_user(conn, "operator").is_demo is False
        assert audit_actions(conn, "operator")[-2] == "user_password_reset"


def test_last_active_admin_cannot_be_removed(db):
    with db.begin() as conn:
        root = make_user(conn, "root", role="admin", scope=None)
        with pytest.raises(users.UserError):
            users.set_active(conn, SYSTEM, "root", False)
        with pytest.raises(users.UserError):
            users.update_user(conn, SYSTEM, "root", role="analis")
        with pytest.raises(users.UserError):
            users.set_active(conn, root.principal(), "root", False)


def test_demo_users_one_per_role_idempotent(db):
    with db.begin() as conn:
        assert not users.demo_accounts_active(conn)
        created = users.ensure_demo_users(conn)
        assert users.ensure_demo_users(conn) == []
        frame = users.list_users(conn, SYSTEM)
        for account in users.DEMO_ACCOUNTS:
            assert auth.authenticate(conn, account.username, account.password).status is LoginStatus.OK
        assert users.demo_accounts_active(conn)
    assert sorted(created) == sorted(a.username for a in users.DEMO_ACCOUNTS)
    assert set(frame["role"]) == {r.value for r in Role}
    assert "password_hash" not in frame.columns
    assert frame["is_demo"].all()


def test_audit_log_rejects_update_and_delete(db):
    with db.begin() as conn:
        make_user(conn, "budi")
    for statement in (update(AuditLog).values(action="dihapus"), AuditLog.__table__.delete()):
        with pytest.raises(DBAPIError, match="append-only"):
            with db.begin() as conn:
                conn.execute(statement)
    if db.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"):
            with db.begin() as conn:
                conn.execute(text("TRUNCATE audit_log"))
    with db.connect() as conn:
        assert audit_actions(conn) == ["user_create"]


def test_secret_key_file_is_generated_once_with_private_permissions(tmp_path, monkeypatch):
    monkeypatch.delenv("SIPKS_SECRET_KEY", raising=False)
    monkeypatch.setattr(auth, "_secrets_auth", lambda: {})
    key_file = tmp_path / "data" / "secret_key"
    first = auth.load_secret_key(key_file)
    assert len(first) >= 48 and (key_file.stat().st_mode & 0o777) == 0o600
    assert auth.load_secret_key(key_file) == first
    monkeypatch.setenv("SIPKS_SECRET_KEY", "e" * 40)
    assert auth.load_secret_key(key_file) == b"e" * 40
    monkeypatch.setenv("SIPKS_SECRET_KEY", "pendek")
    with pytest.raises(ValueError):
        auth.load_secret_key(key_file)


def test_idle_timeout_is_configurable(monkeypatch):
    monkeypatch.setenv("SIPKS_SECRET_KEY", "e" * 40)
    monkeypatch.setattr(auth, "_secrets_auth", lambda: {"idle_timeout_minutes": 10})
    monkeypatch.delenv("SIPKS_IDLE_TIMEOUT_MINUTES", raising=False)
    assert auth.load_settings().idle_timeout == timedelta(minutes=10)
    monkeypatch.setenv("SIPKS_IDLE_TIMEOUT_MINUTES", "5")
    assert auth.load_settings().idle_timeout == timedelta(minutes=5)
    monkeypatch.setenv("SIPKS_IDLE_TIMEOUT_MINUTES", "bukan-angka")
    assert auth.load_settings().idle_timeout == timedelta(minutes=30)


def test_user_management_never_widens_beyond_the_actor(db):
    with db.begin() as conn:
        prov_admin = make_user(conn, "adm73", role="admin", scope="73", clearance="terbatas").principal()
        analyst = make_user(conn, "ana", role="analis", scope="73", clearance="rahasia").principal()
        make_user(conn, "jabar", role="operator", scope="32")
        make_user(conn, "pusat", role="admin", scope=None)
        ok = users.create_user(conn, prov_admin, username="opgowa", password=PASSWORD, role="operator",
                               scope_code="73.06", clearance="terbatas")
        assert ok.scope_code == "73.06"
        bad = [
            dict(scope_code=None),            # nasional is wider than 73
            dict(scope_code="32"),            # another province
            dict(clearance="rahasia"),        # above the actor's own clearance
        ]
        for case in bad:
            args = dict(username="baru1", password=PASSWORD, role="operator", scope_code="73.71",
                        clearance="umum") | case
            with pytest.raises(users.UserError):
                users.create_user(conn, prov_admin, **args)
        with pytest.raises(PermissionError):
            users.create_user(conn, analyst, username="baru2", password=PASSWORD, role="operator",
                              scope_code="73.71")
        # Accounts outside the actor's scope do not exist for it.
        for target in ("jabar", "pusat"):
            with pytest.raises(users.UserError, match="tidak ditemukan"):
                users.set_active(conn, prov_admin, target, False)
            with pytest.raises(users.UserError, match="tidak ditemukan"):
                users.set_password(conn, prov_admin, target, "apa-saja-12345")
        with pytest.raises(users.UserError):
            users.update_user(conn, prov_admin, "opgowa", scope_code="32.01")
        listed = set(users.list_users(conn, prov_admin)["username"])
        with pytest.raises(PermissionError):
            users.list_users(conn, analyst)
    assert listed == {"adm73", "ana", "opgowa"}
