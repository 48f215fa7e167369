"""Screenshots of every dashboard page at 1920×1080 in Debian's headless Chromium (no browser download).

Starts the app on a free port against a freshly seeded temporary database, signs in (when the
login gate is present) with a throw-away account, waits for Streamlit to finish running each
page and saves ``screenshots/<page>.png`` (the viewport) and ``<page>-full.png`` (whole page).
Every request to a host other than 127.0.0.1/localhost is logged; the exit code is 1 if any
happened, because the app must work in a room with no internet.

    .venv/bin/python scripts/screenshots.py [--keep-db] [--only PAGE ...] [--size 1280x720]

``--size`` sets the viewport (default 1920x1080; 1280x720 is a common projector); other sizes are
saved with the size in the file name.
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.chromium import ARGS as CHROMIUM_ARGS, chromium_path  # noqa: E402

OUT = ROOT / "screenshots"
CHROMIUM = str(chromium_path())
PAGES = (  # (file name, sidebar link title, or None to open the URL path as a shared link would)
    ("ringkasan", "Ringkasan", None),
    ("peta_risiko", "Peta Risiko", None),
    ("tren", "Tren", None),
    ("profil_wilayah", None, "profil?region=73.71"),
    ("insiden", "Insiden", None),
    ("metodologi", "Metodologi", None),
)
USERNAME = "layar.uji"


def seed_database(url: str) -> None:
    """Migrate, load regions and demo data: the CLI's ``setup`` when it exists, else the test fixture."""
    env = {**os.environ, "SIPKS_DATABASE_URL": url}
    setup = subprocess.run([sys.executable, "-m", "data_access", "setup"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    if setup.returncode == 0:
        return
    print("`setup` tidak tersedia; memakai data uji kecil:", setup.stderr.strip().splitlines()[-1:])
    from tests.conftest import migrated_engine
    from tests.pages.seed import seed_small

    engine = migrated_engine(url)
    seed_small(engine, date.today())
    engine.dispose()


def create_account(url: str) -> str | None:
    """A throw-away analis account for signing in; None when the build has no user accounts."""
    try:
        from data_access import users
    except ModuleNotFoundError:
        return None
    from data_access.db import make_engine
    from domain.access import SYSTEM

    password = secrets.token_urlsafe(18)
    engine = make_engine(url)
    with engine.begin() as conn:
        if users.get_user(conn, USERNAME) is None:
            users.create_user(conn, SYSTEM, username=USERNAME, password=password, role="analis",
                              scope_code=None, clearance="terbatas", full_name="Tangkapan layar")
        else:
            users.set_password(conn, SYSTEM, USERNAME, password)
    engine.dispose()
    return password


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(url: str, port: int, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "SIPKS_DATABASE_URL": url}
    log = open(log_path, "w")
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "streamlit"), "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError(f"Streamlit tidak siap dalam 90 detik; lihat {log_path}")


def wait_until_idle(page, settle_ms: int = 1500) -> None:
    """Wait until Streamlit's running indicator is gone (twice, so a follow-up rerun is caught too)."""
    for _ in range(2):
        page.wait_for_timeout(settle_ms)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            " && document.querySelector('[data-testid=\"stApp\"]')", timeout=120_000)
    page.wait_for_timeout(settle_ms)


def full_page_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main container, so grow the viewport to the content's height."""
    size = page.viewport_size
    height = page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                           " return m ? m.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, 12000))})
    wait_until_idle(page, 800)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    page.wait_for_timeout(500)


def sign_in(page, password: str | None) -> None:
    from ui import texts as T

    username_box = page.get_by_label(getattr(T, "LOGIN_USERNAME", "Nama pengguna"), exact=True)
    if password is None or username_box.count() == 0:
        return
    username_box.fill(USERNAME)
    page.get_by_label(T.LOGIN_PASSWORD, exact=True).fill(password)
    page.get_by_role("button", name=T.LOGIN_SUBMIT).click()
    wait_until_idle(page)


def _label_point(code: str) -> tuple[float, float]:
    import json

    data = json.loads((ROOT / "assets" / "geo" / "idn_kabkota.geojson").read_text(encoding="utf-8"))
    feature = next(f for f in data["features"] if f["properties"]["kode"] == code)
    polygons = feature["geometry"]["coordinates"]
    ring = max(polygons, key=lambda p: len(p[0]))[0]
    # Mean of the outer ring's vertices: inside for the compact polygons of a kab/kota.
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def interactions(page, base: str, problems: list[str]) -> None:
    """Two flows people use: click a region on the map (→ its profile, URL carries it); pick an incident row."""
    page.locator(".st-key-sipks_menu").get_by_text("Peta Risiko", exact=True).click()
    wait_until_idle(page)
    plot = page.locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    # Click the middle of Kab. Wajo's largest polygon, projected to screen pixels by the SVG map itself.
    lon, lat = _label_point("73.13")
    x, y = page.evaluate(
        "([lon, lat]) => { const gd = document.querySelector('.js-plotly-plot');"
        " const [px, py] = gd._fullLayout.geo._subplot.projection([lon, lat]);"
        " const path = Array.from(gd.querySelectorAll('path.choroplethlocation')).find(p => p.__data__.loc === '73.13');"
        " const s = new DOMPoint(px, py).matrixTransform(path.getScreenCTM()); return [s.x, s.y]; }",
        [lon, lat])
    page.mouse.move(x, y)
    page.wait_for_timeout(300)   # plotly picks the hovered feature on mouse move, then the click selects it
    page.mouse.click(x, y)
    wait_until_idle(page)
    page.screenshot(path=str(OUT / "peta_klik.png"))
    if "region=" not in page.url or "/profil" not in page.url:
        problems.append(f"klik peta tidak membuka profil (URL {page.url})")
    else:
        print(f"✓ klik peta → {page.url}")
    page.go_back()
    wait_until_idle(page)
    page.screenshot(path=str(OUT / "peta_kembali.png"))
    print(f"✓ kembali → {page.url}")
    page.locator(".st-key-sipks_menu").get_by_text("Insiden", exact=True).click()
    wait_until_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    gbox = grid.bounding_box()
    page.mouse.click(gbox["x"] + 15, gbox["y"] + 55)  # the first row's selection checkbox
    wait_until_idle(page)
    full_page_screenshot(page, OUT / "insiden_rincian.png")
    print("✓ rincian insiden")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true", help="jangan hapus basis data sementara")
    parser.add_argument("--only", nargs="*", help="hanya halaman ini (nama berkas tanpa .py)")
    parser.add_argument("--size", default="1920x1080", help="ukuran layar LEBARxTINGGI (mis. 1280x720)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    suffix = "" if (width, height) == (1920, 1080) else f"-{width}x{height}"
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="sipks-shots-"))
    url = f"sqlite:///{workdir / 'sipks.db'}"
    seed_database(url)
    password = create_account(url)
    port = free_port()
    process = start_app(url, port, workdir / "streamlit.log")
    base = f"http://127.0.0.1:{port}"
    foreign: list[str] = []
    problems: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
            page = context.new_page()
            page.on("request", lambda req: foreign.append(req.url) if not req.url.startswith(
                ("data:", "blob:", "about:")) and urlparse(req.url).hostname not in ("127.0.0.1", "localhost")
                else None)
            page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
            page.on("response", lambda res: problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 400
                    else None)
            page.goto(base)
            wait_until_idle(page)
            sign_in(page, password)
            for name, link, path in PAGES:
                if args.only and name not in args.only:
                    continue
                if link:
                    page.locator(".st-key-sipks_menu").get_by_text(link, exact=True).click()
                else:
                    page.goto(f"{base}/{path}")
                wait_until_idle(page)
                if page.locator('[data-testid="stException"]').count():
                    problems.append(f"{name}: Streamlit exception box")
                page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
                full_page_screenshot(page, OUT / f"{name}{suffix}-full.png")
                print(f"✓ {name}: {OUT / (name + suffix + '.png')}")
            if not args.only:
                interactions(page, base, problems)
            browser.close()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        if not args.keep_db:
            for f in workdir.iterdir():
                f.unlink()
            workdir.rmdir()
    for line in problems:
        print("!", line)
    for request in sorted(set(foreign)):
        print("permintaan ke host luar:", request)
    return 1 if foreign else 0


if __name__ == "__main__":
    sys.exit(main())
