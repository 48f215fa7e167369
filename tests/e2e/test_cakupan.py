"""Flow 7: an operator of one kab/kota (demo `operator`, Kota Makassar 73.71) cannot open another
region's profile by URL and sees only their own region on the map."""
from __future__ import annotations

from tests.e2e.helpers import OPERATOR, login, open_path, plotly_data, shot
from ui import texts as T

OWN, OTHER = "73.71", "73.01"   # Kota Makassar; Kab. Kepulauan Selayar


def test_operator_cannot_open_other_region_and_map_shows_only_own(page):
    login(page, *OPERATOR)
    page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()

    # A typed or shared link to another region: a denial, and none of its data.
    open_path(page, f"/profil?region={OTHER}&cakupan=73")
    page.get_by_role("heading", name=T.PROFIL_TITLE).wait_for()
    errors = page.locator("[data-testid='stAlertContentError']")
    assert errors.count() == 1 and errors.first.inner_text() == T.PROFIL_UNKNOWN.format(code=OTHER)
    main = page.locator("[data-testid='stMain']")
    assert main.locator("[data-testid='stMetric']").count() == 0
    assert main.locator("[data-testid='stDataFrame'], .js-plotly-plot").count() == 0
    assert "Selayar" not in main.inner_text()
    shot(page, "cakupan_profil_ditolak")

    # The own region's profile opens (the denial above is about scope, not a broken page).
    open_path(page, f"/profil?region={OWN}")
    page.get_by_role("heading", name="Kota Makassar", exact=True).wait_for()
    assert page.locator("[data-testid='stAlertContentError']").count() == 0

    # The map of a kab/kota operator: one polygon, their own.
    open_path(page, "/peta?cakupan=73")   # a URL asking for the whole province cannot widen the scope
    page.get_by_role("heading", name=T.PETA_TITLE).wait_for()
    traces = [t for t in plotly_data(page, 0) if t["type"] == "choropleth"]
    assert [code for t in traces for code in (t["locations"] or [])] == [OWN]
    assert max(t["features"] or 0 for t in traces) == 1
    shot(page, "cakupan_peta_satu_wilayah")
