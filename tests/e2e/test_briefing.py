"""Presentation mode on a projector: every screen at 1280×720 and 1920×1080 fits without scrolling,
text is large enough (computed sizes), the map names every region, keys move, nothing leaves the machine."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

from data_access import regions
from domain import briefing as B
from domain.access import Scope
from domain.period import Month
from services.briefing import build_briefing
from services.briefing_figures import label_text
from tests.e2e.conftest import _without_known_streamlit_probe
from tests.e2e.helpers import ANALIS, login, nav, wait_for_app
from ui import texts as T

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
SIZES = ((1280, 720), (1920, 1080))

MEASURE_JS = """() => {
  const px = el => parseFloat(getComputedStyle(el).fontSize);
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const main = document.querySelector('[data-testid="stMain"]');
  const body = Array.from(main.querySelectorAll('[data-testid="stMarkdownContainer"] p, [data-testid="stTable"] td, [data-testid="stTable"] th'))
      .filter(visible).filter(el => el.innerText.trim().length > 0).map(px);
  const hasText = el => Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  const kpi = Array.from(main.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricValue"] *'))
      .filter(visible).filter(hasText).map(px);
  const ticks = Array.from(main.querySelectorAll('.js-plotly-plot .xtick text, .js-plotly-plot .ytick text'))
      .filter(visible).map(px);
  const labels = Array.from(main.querySelectorAll('.js-plotly-plot .trace.scattergeo text')).map(t => [t.textContent, px(t)]);
  const scrollers = [document.scrollingElement, document.querySelector('[data-testid="stMain"]'),
                     document.querySelector('[data-testid="stAppViewContainer"]')].filter(Boolean);
  const overflow = scrollers.map(el => el.scrollHeight - el.clientHeight);
  const title = (main.querySelector('h1') || {}).innerText || '';
  const sidebar = !!Array.from(document.querySelectorAll('[data-testid="stSidebar"]')).find(visible);
  return {body, kpi, ticks, labels, overflow, title, sidebar};
}"""


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def projector(request, browser, app_url):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    foreign, console_errors, http_errors = [], [], []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(("data:", "blob:", "about:"))
            and urlparse(r.url).hostname not in (urlparse(app_url).hostname, "localhost", "127.0.0.1") else None)
    page.on("response", lambda r: http_errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    page.app_url = app_url
    yield page, f"{width}x{height}"
    exceptions = page.locator("[data-testid='stException']").count()
    context.close()
    assert not foreign, f"permintaan ke host luar: {foreign[:5]}"
    assert not _without_known_streamlit_probe(console_errors, http_errors, app_url), console_errors[:5]
    assert exceptions == 0


def test_every_briefing_screen_fits_is_legible_and_names_every_region(projector, db_engine, principal_of):
    page, size = projector
    login(page, *ANALIS)
    nav(page, T.PAGE_BRIEFING)            # from the menu, as a user does
    assert urlparse(page.url).path == "/briefing"
    principal = principal_of(ANALIS[0])
    month = Month.of(date.today())
    with db_engine.connect() as conn:
        content = build_briefing(conn, principal, Scope.for_region("73"), month)
        names = {r.code: r.name for r in content.regions}
        assert len(regions.list_regions(conn, principal, levels=("kabupaten", "kota"))) == len(names) == 24
    SCREENSHOTS.mkdir(exist_ok=True)
    seen = []
    for index, section in enumerate(content.sections):
        page.get_by_role("heading", name=B.SECTION_TITLES[section]).wait_for()
        if section in ("peta", "tren"):
            page.wait_for_selector(".js-plotly-plot .xtick text, .js-plotly-plot .trace.scattergeo text", state="attached")
        page.wait_for_timeout(300)
        m = page.evaluate(MEASURE_JS)
        page.screenshot(path=str(SCREENSHOTS / f"briefing_{size}_{index + 1}_{section}.png"))
        seen.append(m["title"])
        assert not m["sidebar"], section
        assert max(m["overflow"]) <= 1, (section, m["overflow"])          # no scrolling
        assert m["body"] and min(m["body"]) >= 24, (section, m["body"])
        if m["kpi"]:
            assert min(m["kpi"]) >= 56, (section, m["kpi"])
        if section == "situasi":
            assert m["kpi"]
        if section == "tren":
            assert m["ticks"] and min(m["ticks"]) >= 18, m["ticks"]
        if section == "peta":
            shown = {text for text, _ in m["labels"]}
            for r in content.regions:
                assert label_text(r.name, r.category) in shown, r.name
            assert min(px for _, px in m["labels"]) >= 18
        # Clickers send PageDown; a keyboard sends →.
        page.keyboard.press("PageDown" if index % 2 else "ArrowRight")
        wait_for_app(page)
    assert seen == [B.SECTION_TITLES[s] for s in content.sections]


def test_left_and_pageup_go_back_after_right_and_pagedown(page, db_engine, principal_of):
    """→ then ← and PageDown then PageUp: the heading and the "n / total" counter follow each key."""
    login(page, *ANALIS)
    nav(page, T.PAGE_BRIEFING)
    principal = principal_of(ANALIS[0])
    with db_engine.connect() as conn:
        sections = build_briefing(conn, principal, Scope.for_region("73"), Month.of(date.today())).sections
    assert len(sections) >= 2
    main = page.locator("[data-testid='stMain']")

    def on_screen(index: int) -> None:
        page.get_by_role("heading", name=B.SECTION_TITLES[sections[index]], exact=True).wait_for()
        counter = T.BRIEFING_POSITION.format(n=index + 1, total=len(sections))
        main.get_by_text(counter, exact=True).wait_for()
        assert page.get_by_role("heading", name=B.SECTION_TITLES[sections[1 - index]], exact=True).count() == 0

    on_screen(0)
    for forward, back in (("ArrowRight", "ArrowLeft"), ("PageDown", "PageUp")):
        page.keyboard.press(forward)
        wait_for_app(page)
        on_screen(1)
        page.keyboard.press(back)
        wait_for_app(page)
        on_screen(0)


def test_auto_advance_moves_to_the_next_screen_by_itself(page, db_engine, principal_of):
    """With "Putar otomatis" on, the deck fragment moves to screen 2 after AUTO_SECONDS without a key or click."""
    login(page, *ANALIS)
    nav(page, T.PAGE_BRIEFING)
    with db_engine.connect() as conn:
        sections = build_briefing(conn, principal_of(ANALIS[0]), Scope.for_region("73"),
                                  Month.of(date.today())).sections
    first, second = (B.SECTION_TITLES[s] for s in sections[:2])
    page.get_by_role("heading", name=first, exact=True).wait_for()
    page.get_by_text(T.BRIEFING_AUTO, exact=True).click()
    # AUTO_SECONDS (20 s) plus the fragment's own rerun; nothing is pressed meanwhile.
    page.get_by_role("heading", name=second, exact=True).wait_for(timeout=60_000)
    counter = T.BRIEFING_POSITION.format(n=2, total=len(sections))
    page.locator("[data-testid='stMain']").get_by_text(counter, exact=True).wait_for()
    assert page.get_by_role("heading", name=first, exact=True).count() == 0
