"""Browser fixtures: the real app on a free port against a freshly seeded database,
driven by Playwright for Python in Debian's Chromium (never a downloaded browser).

Every test fails on a request to any host but the app's own, on a browser console
error, and on a Streamlit exception box (checked in ``page``'s teardown).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED_TODAY = os.environ.get("SIPKS_E2E_TODAY")  # default: today, like `make run`

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="Chromium tidak ada di /usr/bin/chromium: uji peramban DILEWATI "
                                   "(pasang dengan `make browser-deps`)")
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory) -> str:
    """A fresh SQLite database migrated and seeded exactly as `make run` does."""
    path = tmp_path_factory.mktemp("e2e") / "sipks.db"
    url = f"sqlite:///{path}"
    env = {**os.environ, "SIPKS_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "data_access", "setup"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    return url


@pytest.fixture(scope="session")
def app_url(e2e_database) -> str:
    """Start Streamlit on a free port; wait for /_stcore/health; stop it by its process id afterwards."""
    port = _free_port()
    env = {**os.environ, "SIPKS_DATABASE_URL": e2e_database}
    log = open(tmp_log := Path(e2e_database.split("///")[1]).with_suffix(".log"), "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
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
    yield url
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
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
    assert not console_errors, f"galat konsol peramban: {console_errors[:5]}"
    assert exceptions == 0, "halaman menampilkan kotak exception Streamlit"


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no running status widget)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.trim() === ''",
        timeout=timeout,
    )
    page.wait_for_timeout(300)  # one animation frame for charts to mount
