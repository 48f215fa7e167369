"""Two app processes on one PostgreSQL (docs/deploy.md): a session signed in on one is valid on the
other, and an import through one shows on the other at once (caches key on the database's data version).

Needs PostgreSQL (``SIPKS_TEST_DATABASE_URL``): without it this test FAILS, it never skips.
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from scripts.chromium import chromium_missing
from tests.e2e.conftest import _free_port
from tests.e2e.helpers import OPERATOR, ROOT, login, metric_value, nav, parse_number, wait_for_app
from ui import texts as T

pytestmark = pytest.mark.browser
TEMPLATE = ROOT / "assets" / "templates" / "incidents.csv"


@pytest.fixture(scope="module")
def shared_postgres() -> str:
    """A throw-away PostgreSQL database set up by its owner as `make run` does (migrations, regions, demo data,
    scores); yields the URL of an app login role in ``sipks_app`` (no DDL, audit log insert-only)."""
    admin_url = os.environ.get("SIPKS_TEST_DATABASE_URL")
    assert admin_url, "SIPKS_TEST_DATABASE_URL tidak diset: uji dua proses butuh PostgreSQL"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"sipks_two_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    subprocess.run([sys.executable, "-m", "data_access", "setup"], cwd=ROOT, check=True, capture_output=True,
                   timeout=600, env={**os.environ, "SIPKS_DATABASE_URL": url})
    # the app processes connect as a login role of the least-privilege group sipks_app (docs/deploy.md)
    login = f"sipks_web_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{login}" LOGIN IN ROLE sipks_app'))
    yield make_url(url).set(username=login).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
    admin.dispose()


def _start(url: str, secret: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "SIPKS_DATABASE_URL": url, "SIPKS_SECRET_KEY": secret}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless",
         "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    return process, f"http://127.0.0.1:{port}"


def _healthy(app: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{app}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Streamlit tidak siap: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def two_apps(shared_postgres, tmp_path_factory):
    assert not chromium_missing(), chromium_missing()
    secret = secrets.token_hex(32)  # every process signs and checks cookies with the same key
    logs = tmp_path_factory.mktemp("two")
    started = [_start(shared_postgres, secret, logs / f"app{i}.log") for i in (1, 2)]
    try:
        for i, (process, app) in enumerate(started, 1):
            _healthy(app, process, logs / f"app{i}.log")
        yield [app for _, app in started]
    finally:
        for process, _ in started:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def test_session_and_import_cross_between_two_app_processes(browser, two_apps, tmp_path):
    first, second = two_apps
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    page = context.new_page()
    try:
        # sign in on the first process
        page.app_url = first
        login(page, *OPERATOR)
        page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()
        # the second process accepts that session (cookie signed with the shared key, session row in PostgreSQL)
        page.app_url = second
        page.goto(second)
        wait_for_app(page)
        page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()
        assert page.get_by_label(T.LOGIN_PASSWORD, exact=True).count() == 0
        before = parse_number(metric_value(page, T.KPI_INCIDENTS))

        # import three incidents through the first process
        page.app_url = first
        page.goto(first)
        wait_for_app(page)
        nav(page, T.PAGE_IMPOR)
        header = TEMPLATE.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
        day = date.today().isoformat()
        values = {"sumber": "kesbangpol", "tanggal_kejadian": day, "jam_kejadian": "09:15", "tanggal_lapor": day,
                  "kabupaten_kota": "Kota Makassar", "kategori": "unjuk_rasa", "arena": "nyata", "tingkat": "ringan",
                  "meninggal": "0", "luka": "1", "mengungsi": "0", "aktor": "Massa aksi", "uraian": "Uji dua proses",
                  "verifikasi": "terverifikasi", "sensitivitas": "umum", "status_penanganan": "baru"}
        rows = [[f"DUA-PROSES-{i}" if col == "ref_sumber" else values.get(col, "") for col in header] for i in range(3)]
        upload = tmp_path / "dua_proses.csv"
        upload.write_text("\n".join([";".join(header)] + [";".join(r) for r in rows]) + "\n", encoding="utf-8")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
        wait_for_app(page)
        page.get_by_role("button", name=T.IMPOR_COMMIT).click()
        wait_for_app(page)
        page.locator("[data-testid='stAlertContentSuccess']").filter(
            has_text=T.IMPOR_DONE.split("{id}")[0]).first.wait_for(timeout=180_000)  # import + score refresh

        # the second process shows it (its cache is keyed by the data version the import bumped)
        time.sleep(3)  # longer than the data-version TTL (2 s)
        page.app_url = second
        page.goto(second)
        wait_for_app(page)
        page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()
        assert parse_number(metric_value(page, T.KPI_INCIDENTS)) == before + 3
    finally:
        context.close()
