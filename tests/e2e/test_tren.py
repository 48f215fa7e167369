"""Flow 4: on Tren, a filter changes the chart's data (read from the drawn plotly figure) and the
URL; reloading that URL restores the same filter and the same data."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlparse

from data_access import incidents
from domain.filters import IncidentFilter
from domain.taxonomy import taxonomy
from tests.e2e.helpers import (
    ANALIS, login, metric_value, nav, parse_number, plotly_data, shot, shown_date_range, wait_for_app,
)
from ui import texts as T

CATEGORY = "unjuk_rasa"


def bars_by_trace(page) -> dict[str, float]:
    """{category label: sum of its monthly bars} of the counts chart as drawn."""
    page.locator(".js-plotly-plot").first.wait_for()
    return {t["name"]: round(sum(v or 0 for v in t["y"]), 6) for t in plotly_data(page, 0) if t["type"] == "bar"}


def expected_by_category(db_engine, principal, flt: IncidentFilter) -> dict[str, float]:
    with db_engine.connect() as conn:
        frame = incidents.aggregate(conn, principal, flt, ("category",))
    return {taxonomy().label("category", c): float(n) for c, n in zip(frame["category"], frame["incidents"])
            if n}


def top_and_rest(counts: dict[str, float], n: int = 6) -> dict[str, float]:
    """The chart's rule by hand: the n largest categories (ties by code order of the label), the rest summed."""
    ranked = sorted(counts, key=lambda c: -counts[c])
    if len(ranked) <= n + 1:
        return counts
    return {**{c: counts[c] for c in ranked[:n]}, T.TREN_OTHER: sum(counts[c] for c in ranked[n:])}


def choose_in_multiselect(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stMultiSelect']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=label)).first
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def test_filter_changes_chart_and_url_and_reload_restores(page, db_engine, principal_of):
    principal = principal_of(ANALIS[0])
    login(page, *ANALIS)
    nav(page, T.PAGE_TREN)
    page.get_by_role("heading", name=T.TREN_TITLE, exact=True).wait_for()  # not "Unduh data grafik tren"

    # Whatever default window the page chose, as the date field shows it.
    date_from, date_to = shown_date_range(page)
    flt = IncidentFilter(date_from=date_from, date_to=date_to, region_codes=("73",))

    before = bars_by_trace(page)
    expected = expected_by_category(db_engine, principal, flt)
    assert before == top_and_rest(expected)          # 6 largest categories, the rest as one "lainnya" bar
    assert parse_number(metric_value(page, T.TREN_TOTAL)) == sum(expected.values())
    assert len(before) > 1
    shot(page, "tren_awal")

    label = taxonomy().label("category", CATEGORY)
    choose_in_multiselect(page, T.FILTER_CATEGORY, label)
    # Plotly redraws the figure a moment after Streamlit reports idle (the page now draws four charts).
    for _ in range(50):
        after = bars_by_trace(page)
        if list(after) == [label]:
            break
        page.wait_for_timeout(200)
    narrowed = expected_by_category(db_engine, principal, replace(flt, categories=(CATEGORY,)))
    assert after == narrowed and list(after) == [label]
    assert after != before
    assert parse_number(metric_value(page, T.TREN_TOTAL)) == narrowed[label]
    query = parse_qs(urlparse(page.url).query)
    assert query.get("tren_kategori") == [label], page.url   # Streamlit binds the shown label
    shot(page, "tren_filter_kategori")

    url = page.url
    page.reload()
    wait_for_app(page)
    assert page.url == url
    assert bars_by_trace(page) == narrowed
    chips = page.locator("[data-testid='stMultiSelect']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=T.FILTER_CATEGORY)).first
    assert label in chips.inner_text()
    shot(page, "tren_muat_ulang")
