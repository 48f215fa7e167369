"""Flow 3: the risk map draws every region of the scope; a click opens that region's profile with
the region in the URL; the browser's back button returns to the map."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from data_access import regions
from tests.e2e.helpers import ANALIS, GEO_FEATURES_JS, login, nav, plotly_data, shot, wait_for_app
from ui import texts as T

SULSEL_KABKOTA = 24


def drawn_regions(page) -> tuple[int, int]:
    """(regions coloured on the map, their polygons the browser holds): the traces name the boundary file,
    fetched once from the app's static files."""
    traces = [t for t in plotly_data(page, 0) if t["type"] == "choropleth"]
    return sum(len(t["locations"] or []) for t in traces), sum(t["features"] or 0 for t in traces)


def interior_point(geometry: dict) -> tuple[float, float]:
    """A point inside the feature's largest polygon: the middle of the widest span on its mid-latitude."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    polygon = max(polygons, key=lambda p: len(p[0]))
    lats = [pt[1] for pt in polygon[0]]
    lat = (min(lats) + max(lats)) / 2
    crossings = sorted(
        a[0] + (lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
        for ring in polygon for a, b in zip(ring, ring[1:]) if (a[1] <= lat) != (b[1] <= lat))
    spans = list(zip(crossings[0::2], crossings[1::2]))   # even-odd rule: inside between pairs
    left, right = max(spans, key=lambda s: s[1] - s[0])
    return (left + right) / 2, lat


def click_region(page) -> str:
    """Click inside the largest drawn region (projected by the map itself); returns its code."""
    plot = page.locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    features = page.evaluate("() => { const geoFeatures = " + GEO_FEATURES_JS + ";"
                             " return document.querySelector('.js-plotly-plot').data"
                             ".filter(t => t.type === 'choropleth').flatMap(geoFeatures); }")

    def extent(feature):
        polygons = (feature["geometry"]["coordinates"] if feature["geometry"]["type"] == "MultiPolygon"
                    else [feature["geometry"]["coordinates"]])
        ring = max(polygons, key=lambda p: len(p[0]))[0]
        return (max(p[0] for p in ring) - min(p[0] for p in ring)) * (max(p[1] for p in ring) - min(p[1] for p in ring))

    target = max(features, key=extent)
    lon, lat = interior_point(target["geometry"])
    # The SVG map's own projection, then the region's path maps it to the screen; the point must be in its fill.
    x, y, inside = page.evaluate("""([lon, lat, code]) => {
        const gd = document.querySelector('.js-plotly-plot');
        const [px, py] = gd._fullLayout.geo._subplot.projection([lon, lat]);
        const path = Array.from(gd.querySelectorAll('path.choroplethlocation')).find(p => p.__data__.loc === code);
        const s = new DOMPoint(px, py).matrixTransform(path.getScreenCTM());
        return [s.x, s.y, path.isPointInFill(new DOMPoint(px, py))]; }""", [lon, lat, target["id"]])
    assert inside, target["id"]
    page.mouse.move(x, y)
    page.wait_for_timeout(300)   # plotly picks the hovered feature on mouse move, then the click selects it
    page.mouse.click(x, y)
    return str(target["id"])


def test_map_draws_scope_click_opens_profile_and_back_returns(page, principal_of, db_engine):
    login(page, *ANALIS)
    nav(page, T.PAGE_PETA)
    page.get_by_role("heading", name=T.PETA_TITLE).wait_for()
    assert urlparse(page.url).path == "/peta"
    page.wait_for_selector(".js-plotly-plot path.choroplethlocation", state="attached")
    located, features = drawn_regions(page)
    assert (located, features) == (SULSEL_KABKOTA, SULSEL_KABKOTA)
    labels = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot .trace.scattergeo text'))"
                           ".map(t => t.textContent)")
    assert len(labels) >= 12 and all(t.endswith((" (M)", " (K)", " (H)", " (–)")) for t in labels), labels
    shot(page, "peta_24_wilayah")

    clicked = click_region(page)
    wait_for_app(page)
    page.wait_for_url("**/profil?**", wait_until="commit")
    wait_for_app(page)
    url = urlparse(page.url)
    code = parse_qs(url.query)["region"][0]
    assert url.path == "/profil" and code == clicked
    with db_engine.connect() as conn:
        record = regions.get_region(conn, principal_of(ANALIS[0]), code)
    assert record is not None
    page.get_by_role("heading", name=T.PROFIL_TITLE).wait_for()
    assert page.get_by_role("heading", name=record.display_name, exact=True).count() == 1
    shot(page, "peta_klik_profil")

    page.go_back()
    wait_for_app(page)
    assert urlparse(page.url).path == "/peta"
    page.get_by_role("heading", name=T.PETA_TITLE).wait_for()
    assert drawn_regions(page) == (SULSEL_KABKOTA, SULSEL_KABKOTA)
    assert page.get_by_role("heading", name=record.display_name, exact=True).count() == 0
    shot(page, "peta_kembali")
