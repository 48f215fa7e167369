"""Browser fixtures: the real app on a free port against a freshly seeded database,
driven by Playwright for Python in Debian's Chromium (never a downloaded browser).

Every test fails on a request to any host but the app's own, on a browser console
error, and on a Streamlit exception box (checked in ``page``'s teardown).

One database and one app server serve the whole session (seeding and start-up cost
seconds, the suite must finish in minutes). Flows stay independent of each other and
of their order: each reads the numbers it expects from the database at the moment it
looks at the screen, writes only rows no other flow counts against a fixed figure,
and the lockout flow uses its own account (:data:`LOCKOUT_USER`).
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

from scripts.chromium import ARGS as CHROMIUM_ARGS
from scripts.chromium import chromium_missing, chromium_path
from tests.conftest import cannot_run
from tests.e2e.helpers import FORMULA_DESCRIPTIONS, LOCKOUT_USER, SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # Every test in this folder is a browser test, so `pytest -m browser` selects exactly them
    # (a `pytestmark` in a conftest is ignored by pytest).
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ----------------------------------------------------------------------------- database

def _prepare_flow_rows(url: str) -> None:
    """What the flows need beyond `setup`: the lockout account and the formula incidents."""
    from data_access import incident_write, users
    from data_access.db import make_engine
    from domain.access import SYSTEM

    engine = make_engine(url)
    day = date.today() - timedelta(days=2)
    with engine.begin() as conn:
        users.create_user(conn, SYSTEM, username=LOCKOUT_USER[0], password=LOCKOUT_USER[1], role="analis",
                          scope_code="73", clearance="umum", full_name="Uji penguncian (e2e)")
        for i, text in enumerate(FORMULA_DESCRIPTIONS):
            incident_write.create_incident(conn, SYSTEM, {
                "occurred_on": day, "reported_on": day, "kabkota_code": "73.71", "category": "ujaran_kebencian_hoaks"
                if i % 2 else "bentrok_antarwarga", "severity": "ringan", "source": "laporan_masyarakat",
                "source_ref": f"E2E-RUMUS-{i}", "description": text, "actors": "=1+1" if i == 0 else "Warga",
            })
    engine.dispose()


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory) -> str:
    """A fresh SQLite database migrated and seeded exactly as `make run` does, plus the flows' rows."""
    path = tmp_path_factory.mktemp("e2e") / "sipks.db"
    url = f"sqlite:///{path}"
    env = {**os.environ, "SIPKS_DATABASE_URL": url}
    command = [sys.executable, "-m", "data_access", "setup"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    _prepare_flow_rows(url)
    return url


@pytest.fixture(scope="session")
def db_engine(e2e_database):
    """A direct engine on the app's database, for the numbers a flow expects to see."""
    from data_access.db import make_engine

    engine = make_engine(e2e_database)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def principal_of(db_engine):
    """``principal_of("analis")``: the Principal the app builds for that account after login."""
    from data_access import users

    def lookup(username: str):
        with db_engine.connect() as conn:
            return users.get_user(conn, username).principal()
    return lookup


# Streamlit bug #7074 (open upstream): opening or reloading a page URL such as /tren first probes
# /tren/_stcore/health and /tren/_stcore/host-config (404) before the real /_stcore/… endpoints.
# Exactly those 404s, and one console line each, are Streamlit's, not the app's.
_STREAMLIT_PROBE = re.compile(r"^HTTP 404 (?P<base>https?://[^/]+)/[^/?]+/_stcore/(health|host-config)$")
_RESOURCE_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def _without_known_streamlit_probe(console_errors: list[str], http_errors: list[str], app_url: str) -> list[str]:
    probes = sum(1 for e in http_errors if (m := _STREAMLIT_PROBE.match(e)) and m["base"] == app_url)
    others = [e for e in console_errors if e != _RESOURCE_404]
    resource_404s = len(console_errors) - len(others)
    return others + [_RESOURCE_404] * max(0, resource_404s - probes)


# ----------------------------------------------------------------------------- app server

@pytest.fixture(scope="session")
def app_url(e2e_database) -> Iterator[str]:
    """The app server the flows share."""
    with running_app(e2e_database) as url:
        yield url


@contextmanager
def running_app(e2e_database: str) -> Iterator[str]:
    """Start Streamlit on a free port; wait for /_stcore/health; stop it by its process group afterwards."""
    port = int(os.environ.get("SIPKS_E2E_PORT") or _free_port())  # a fixed port when machines share ranges
    env = {**os.environ, "SIPKS_DATABASE_URL": e2e_database}
    tmp_log = Path(e2e_database.split("///")[1]).with_suffix(f".{port}.log")
    log = open(tmp_log, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        raise RuntimeError(f"Streamlit tidak siap dalam 60 detik; log: {tmp_log.read_text()[-2000:]}")
    try:
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    problem = chromium_missing()
    if problem:
        cannot_run(f"uji peramban: {problem}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url, request):
    """A 1920×1080 page that records foreign requests and console errors, and screenshots at the end."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True,
                                  locale="id-ID")
    page = context.new_page()
    own_host = urlparse(app_url).hostname
    foreign: list[str] = []
    console_errors: list[str] = []

    def on_request(req):
        host = urlparse(req.url).hostname
        if req.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in (own_host, "localhost", "127.0.0.1"):
            foreign.append(req.url)

    page.on("request", on_request)
    http_errors: list[str] = []
    page.on("response", lambda res: http_errors.append(f"HTTP {res.status} {res.url}") if res.status >= 400 else None)
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    page.app_url = app_url
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=False)
    except Exception:  # a crashed page still reports its real failure below
        pass
    exceptions = page.locator("[data-testid='stException']").count()
    context.close()
    assert not foreign, f"permintaan ke host luar: {foreign[:5]}"
    console_errors = _without_known_streamlit_probe(console_errors, http_errors, app_url)
    assert not console_errors, f"galat konsol peramban: {console_errors[:5]} {http_errors[:5]}"
    assert exceptions == 0, "halaman menampilkan kotak exception Streamlit"
