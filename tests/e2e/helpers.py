"""What the browser flows share: accounts, seeded marks, waiting for Streamlit, reading the screen.

Everything a flow asserts is read from what the browser shows (text, the plotly figure
drawn in the DOM, the grid's accessibility table, downloaded files), never from the
app's Python objects.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ui import texts as T

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "e2e"

# Demo accounts (data_access.users.DEMO_ACCOUNTS, listed in README) and the flows' own account.
ANALIS = ("analis", "demo-analis-2024")
OPERATOR = ("operator", "demo-operator-2024")
LOCKOUT_USER = ("uji.kunci", "kunci-rahasia-e2e-2024")
# Incidents whose description is a spreadsheet formula; all carry FORMULA_MARK so one search finds them.
FORMULA_MARK = "ujie2erumus"
FORMULA_DESCRIPTIONS = (
    f'=HYPERLINK("http://contoh.invalid","klik") {FORMULA_MARK}',
    f"+62 811 {FORMULA_MARK}",
    f"@SUM(A1:A9) {FORMULA_MARK}",
    f"-1+1 {FORMULA_MARK}",
)


_IDLE_JS = """(quietMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const busy = !app
    || app.getAttribute('data-test-script-state') !== 'notRunning'
    || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
    || !!document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')
    || !!document.querySelector('[data-testid="stSkeleton"]')
    || !!document.querySelector('[data-stale="true"]');
  const now = performance.now();
  if (busy) { window.__sipksIdleSince = null; return false; }
  if (window.__sipksIdleSince == null) { window.__sipksIdleSince = now; return false; }
  return now - window.__sipksIdleSince >= quietMs;
}"""


def wait_for_app(page, timeout: float = 60_000, quiet_ms: int = 400) -> None:
    """Wait until Streamlit has finished running the script and stayed idle for ``quiet_ms``.

    Streamlit marks its root element with the script state (``data-test-script-state``); a
    click starts a rerun only after a websocket round trip, and one rerun may trigger another
    (``st.rerun``, ``st.switch_page``), so idle must hold for a short quiet window, not just
    be seen once. Elements from the previous run stay marked ``data-stale`` until replaced.
    """
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.evaluate("() => { window.__sipksIdleSince = null; }")
    page.wait_for_function(_IDLE_JS, arg=quiet_ms, timeout=timeout, polling=50)


def open_path(page, path: str) -> None:
    """Open an app URL (as a typed or shared link would) and wait for the run to finish."""
    page.goto(page.app_url + path)
    wait_for_app(page)


def login(page, username: str, password: str) -> None:
    """Submit the login form (opening the app first if no form is on screen); waits for the result."""
    if page.get_by_label("Kata sandi", exact=True).count() == 0:
        page.goto(page.app_url)
        wait_for_app(page)
    page.get_by_label(T.LOGIN_USERNAME, exact=True).fill(username)
    page.get_by_label(T.LOGIN_PASSWORD, exact=True).fill(password)
    page.get_by_role("button", name=T.LOGIN_SUBMIT, exact=True).click()
    wait_for_app(page)


def nav(page, title: str) -> None:
    """Click a page in the sidebar navigation, as a user does."""
    page.locator(".st-key-sipks_menu").get_by_text(title, exact=True).click()
    wait_for_app(page)


def shot(page, name: str) -> Path:
    """A named screenshot at a key moment of a flow (the viewport, 1920×1080)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def grid_rows(page, locator) -> list[list[str]]:
    """The rendered rows of an ``st.dataframe`` (a canvas grid) as text, read from its accessibility table.

    The grid builds that table once it has keyboard focus; only the rows in view are in it,
    which is enough for the small tables and first rows the flows read.
    """
    canvas = locator.locator("canvas[data-testid='data-grid-canvas']").first
    canvas.focus()
    canvas.locator("table[role='grid'] tbody tr").first.wait_for(state="attached", timeout=10_000)
    return canvas.evaluate("""(c) => Array.from(c.querySelectorAll("table[role='grid'] tbody tr"))
        .map(r => Array.from(r.querySelectorAll('td')).map(td => td.innerText))""")


def grid_header(locator) -> list[str]:
    canvas = locator.locator("canvas[data-testid='data-grid-canvas']").first
    return canvas.evaluate("""(c) => Array.from(c.querySelectorAll("table[role='grid'] thead th"))
        .map(th => th.innerText)""")


def metric_value(page, label: str) -> str:
    """The value shown on the ``st.metric`` card whose label is ``label``."""
    card = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label))
    return card.first.locator("[data-testid='stMetricValue']").inner_text().strip()


def parse_number(text: str) -> float:
    """An Indonesian-formatted number from the screen ("1.234,5" → 1234.5)."""
    return float(text.strip().replace(".", "").replace(",", "."))


# The polygons a choropleth trace has in the browser: inline GeoJSON, or the features of the boundary
# file its ``geojson`` URL names (plotly.js keeps each fetched file in window.PlotlyGeoAssets) that it locates.
GEO_FEATURES_JS = """(t) => {
    if (!t.geojson) return [];
    if (typeof t.geojson !== 'string') return t.geojson.features || [];
    const file = (window.PlotlyGeoAssets || {})[t.geojson];
    const locs = new Set(Array.from(t.locations || []));
    return file ? file.features.filter(f => locs.has(f.properties.kode))
                                .map(f => ({...f, id: f.properties.kode})) : [];
}"""


def plotly_data(page, index: int = 0, timeout: float = 15_000) -> list[dict]:
    """The traces of the ``index``-th plotly chart as plotly drew them in the page (``_fullData``)."""
    page.wait_for_function("(i) => { const p = document.querySelectorAll('.js-plotly-plot')[i];"
                           " return p && p._fullData && p._fullData.length > 0; }", arg=index, timeout=timeout)
    return page.evaluate("""(i) => {
        const geoFeatures = """ + GEO_FEATURES_JS + """;
        const arr = v => v == null ? null : (ArrayBuffer.isView(v) ? Array.from(v) : v);
        const gd = document.querySelectorAll('.js-plotly-plot')[i];
        return JSON.parse(JSON.stringify(gd._fullData.map(t => ({
            name: t.name, type: t.type, visible: t.visible, x: arr(t.x), y: arr(t.y),
            locations: arr(t.locations),
            features: geoFeatures(t).length}))));
    }""", index)


DAY_RE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def shown_date_range(page) -> tuple[date, date]:
    """The (from, to) dates shown in the filter's date-range field ("01/11/2023 – 29/11/2026")."""
    field = page.locator("[data-testid='stDateInput']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=T.FILTER_DATES)).first
    text = field.inner_text() + " " + " ".join(i.input_value() for i in field.locator("input").all())
    days = [date(int(y), int(m), int(d)) for d, m, y in DAY_RE.findall(text)]
    assert len(days) >= 2, text
    return days[0], days[1]
