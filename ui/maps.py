"""Maps that work with no internet: plotly ``Choropleth`` on an SVG ``geo`` (no tiles, and its region
labels are SVG text, so no glyph server) and pydeck with ``map_provider=None`` (no base map at all).
"""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st
from plotly.colors import get_colorscale
from pydeck.bindings.base_map_provider import BaseMapProvider
from pydeck.bindings.json_tools import default_serialize

from domain import fmt
from ui import texts as T
from services import boundaries
from services.briefing_figures import label_text
from ui.charts import FONT_SIZE, NO_DATA_COLOUR, RISK_COLOURS, RISK_ORDER, SMALL_FONT, Draft, risk_label, style_layout
from ui.geo import FEATURE_ID_KEY, Bounds, feature_collection, level_url
from ui.geo import label_points as geo_label_points

SEQUENTIAL = "YlOrRd"  # colour-blind-safe sequential scale for scores and indicators
# spelled out, as plotly's validation would send it (a Draft is not validated)
SEQUENTIAL_SCALE = [[float(at), colour] for at, colour in get_colorscale(SEQUENTIAL)]


HOVER_TEMPLATE = ("<b>%{customdata[1]}</b><br>" + T.MAP_HOVER_SCORE + ": %{customdata[2]}<br>"
                  + T.MAP_HOVER_CATEGORY + ": %{customdata[3]}<br>" + T.MAP_HOVER_DRIVER
                  + ": %{customdata[4]}%{customdata[5]}<extra></extra>")


def _hover(frame: pd.DataFrame) -> list[list[str]]:
    """Each row's ``customdata`` for :data:`HOVER_TEMPLATE` (the region code first: a click's selection)."""
    # "badge" (e.g. "Merah · 72 %") when the page has it, else the plain category label
    badges = frame["badge"].tolist() if "badge" in frame else [risk_label(c) for c in frame["category"]]
    return [[code, name, fmt.number(score, 1), badge, driver or "—", value_text]
            for code, name, score, badge, driver, value_text in zip(
                frame["region_code"].tolist(), frame["name"].tolist(), frame["score"].tolist(), badges,
                frame["top_driver"].tolist(), frame["value_text"].tolist())]


def choropleth_spec(collection: dict, frame: pd.DataFrame, *, mode: str, bounds: Bounds | None,
                    value_title: str = "", height: int = 760, width_px: int = 1000,
                    geojson_url: str | None = None, label_points: dict[str, tuple[float, float]] | None = None
                    ) -> Draft:
    """Regions coloured by risk category (a trace per category holding only its polygons: geometry sent once)
    or by a value, as a plain-dict :class:`ui.charts.Draft` (see :func:`choropleth`)."""
    draft = Draft()

    def geometry(features: list[dict]) -> dict:
        if geojson_url:
            return {"geojson": geojson_url, "featureidkey": FEATURE_ID_KEY}
        return {"geojson": {"type": "FeatureCollection", "features": features}}

    outline = {"line": {"color": "#FFFFFF", "width": 1}, "opacity": 0.9}
    if mode == "category":
        # One trace per category, each carrying only its own polygons: every polygon is sent once, the
        # legend says what each colour means, and a click selects the polygon's region.
        by_code = {f["id"]: f for f in collection["features"]}
        # plain lists, not DataFrame filters: 38–514 rows, four passes
        custom, codes_all, categories = _hover(frame), frame["region_code"].tolist(), frame["category"].tolist()
        for category in (*RISK_ORDER, None):
            rows = [i for i, (code, c) in enumerate(zip(codes_all, categories))
                    if code in by_code and (c == category if category else c not in RISK_ORDER)]
            if not rows:
                continue
            colour = RISK_COLOURS.get(category, NO_DATA_COLOUR) if category else NO_DATA_COLOUR
            codes = [custom[i][0] for i in rows]
            draft.trace("choropleth", **geometry([by_code[c] for c in codes]), locations=codes, z=[1] * len(rows),
                        colorscale=[[0, colour], [1, colour]], showscale=False,
                        name=f"{risk_label(category)} ({len(rows)})", showlegend=True, marker=outline,
                        customdata=[custom[i] for i in rows], hovertemplate=HOVER_TEMPLATE)
    else:
        draft.trace("choropleth", **geometry(collection["features"]), locations=frame["region_code"].tolist(),
                    z=frame["value"].tolist(), colorscale=SEQUENTIAL_SCALE, marker=outline,
                    colorbar={"title": {"text": value_title, "font": {"size": SMALL_FONT}},
                              "tickfont": {"size": SMALL_FONT}, "len": 0.8, "thickness": 24},
                    customdata=_hover(frame), hovertemplate=HOVER_TEMPLATE, showlegend=False)
    longest = max((len(n) for n in frame["name"]), default=0) + 4   # "Kab. " dropped, " (M)" added
    scale = _frame(draft, bounds, width_px - (120 if mode != "category" else 0), height,
                   label_px=0.56 * LABEL_FONT * longest)
    add_labels(draft, collection, frame, degrees_per_px=scale, points=label_points)
    draft.update_layout(clickmode="event+select", dragmode=False, **style_layout(height, True))
    draft.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0},
                        legend={"orientation": "v", "y": 0.98, "x": 0.01, "yanchor": "top", "xanchor": "left",
                                "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": "#333333", "borderwidth": 1,
                                "font": {"size": FONT_SIZE}})
    return draft


def choropleth(collection: dict, frame: pd.DataFrame, *, mode: str, bounds: Bounds | None,
               value_title: str = "", height: int = 760, width_px: int = 1000,
               geojson_url: str | None = None, label_points: dict[str, tuple[float, float]] | None = None
               ) -> go.Figure:
    """Regions coloured by risk category (a trace per category holding only its polygons: geometry sent once)
    or by a value.

    ``frame``: region_code, name, score, category, top_driver, value (for ``mode="value"``),
    value_text (extra hover line, may be ""). The region code is ``customdata[0]`` of every point,
    so a click selection tells which region was chosen. ``geojson_url`` (:func:`ui.geo.level_url`):
    the traces name the level's file the browser fetches once instead of carrying polygons
    (``collection`` still places the labels and the frame); ``label_points``: the labels' places when
    known (:func:`ui.geo.label_points`), else computed from ``collection``.
    """
    return choropleth_spec(collection, frame, mode=mode, bounds=bounds, value_title=value_title, height=height,
                           width_px=width_px, geojson_url=geojson_url, label_points=label_points).figure()


LABEL_FONT = 13
FIGURE_COLUMNS = ["region_code", "name", "score", "category", "top_driver", "value", "value_text", "badge"]


@st.cache_data(max_entries=64, show_spinner=False)
def _cached_choropleth(level: str, content: str, _frame: pd.DataFrame, mode: str, bounds: Bounds | None,
                       value_title: str, height: int, width_px: int) -> dict:
    # keyed by ``content`` (the frame's digest); Streamlit does not hash the underscored frame itself
    codes = list(_frame["region_code"])
    draft = choropleth_spec(feature_collection(level, codes), _frame, mode=mode, bounds=bounds,
                            value_title=value_title, height=height, width_px=width_px, geojson_url=level_url(level),
                            label_points=geo_label_points(level, codes))
    return {"data": draft.data, "layout": draft.layout}


def frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a small frame's columns and cells. Streamlit's own hashing of a frame of Arrow strings took
    longer than building the figure it keyed (3 ms for 38 provinces, against 1 ms for the figure)."""
    content = repr((list(frame.columns), frame.to_numpy(dtype=object).tolist()))
    return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()


def cached_choropleth(level: str, frame: pd.DataFrame, *, mode: str, bounds: Bounds | None, value_title: str = "",
                      height: int = 760, width_px: int = 1000) -> go.Figure:
    """:func:`choropleth` of ``level``'s boundaries for a page, built once per (regions, values shown, mode,
    frame): the figure depends on what it draws, so a rerun or a second user of the same view reuses it.
    Its traces refer to the level's boundary file (fetched once by the browser), not to polygons.

    The cache holds the figure's plain JSON and each call wraps it in a new Figure: a Figure object
    handed back by the cache lost the click selection in the browser.
    """
    shown = frame[[c for c in FIGURE_COLUMNS if c in frame.columns]].reset_index(drop=True)
    # plain dicts, made a Figure without plotly's validation (ui.charts.Draft: update_layout and the trace
    # validators were the map's dearest step); tests/pages/test_figures_valid.py validates what the pages send
    spec = _cached_choropleth(level, frame_digest(shown), shown, mode, bounds, value_title, height, width_px)
    return Draft(spec["data"], spec["layout"]).figure()


def _frame(draft: Draft, bounds: Bounds | None, width_px: int, height: int, label_px: float = 0.0) -> float | None:
    """Frame the SVG map on ``bounds`` (else on the drawn regions); returns its degrees per pixel.

    Sideways room for half the widest label: a label on a coastal region must not be clipped by the frame.
    """
    draft.update_layout(geo={"visible": False, "projection": {"type": "mercator"}, "bgcolor": "#FFFFFF"})
    if bounds is None:
        draft.update_layout(geo={"fitbounds": "locations"})
        return None
    pad_lon, pad_lat = 0.04 * (bounds.east - bounds.west) + 0.1, 0.04 * (bounds.north - bounds.south) + 0.1
    unpadded = max((bounds.north - bounds.south + 2 * pad_lat) / height,
                   (bounds.east - bounds.west + 2 * pad_lon) / max(width_px, 1))
    pad_lon += unpadded * label_px / 2
    lon_range = [bounds.west - pad_lon, bounds.east + pad_lon]
    lat_range = [bounds.south - pad_lat, bounds.north + pad_lat]
    draft.update_layout(geo={"fitbounds": False, "lonaxis": {"range": lon_range}, "lataxis": {"range": lat_range}})
    return max((lat_range[1] - lat_range[0]) / height, (lon_range[1] - lon_range[0]) / max(width_px, 1))


def fitting_labels(points: list[tuple[float, float]], texts: list[str], degrees_per_px: float | None,
                   font_size: int = LABEL_FONT) -> list[int]:
    """Indexes of the labels (in priority order) whose boxes do not overlap an earlier kept label."""
    if degrees_per_px is None:
        return list(range(len(texts)))
    kept: list[tuple[float, float, float, float]] = []
    out = []
    for i, ((x, y), text) in enumerate(zip(points, texts)):
        w, h = 0.56 * font_size * len(text) * degrees_per_px, 1.2 * font_size * degrees_per_px
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if all(box[2] <= k[0] or box[0] >= k[2] or box[3] <= k[1] or box[1] >= k[3] for k in kept):
            kept.append(box)
            out.append(i)
    return out


def add_labels(draft: Draft, collection: dict, frame: pd.DataFrame, *, degrees_per_px: float | None,
               font_size: int = LABEL_FONT, points: dict[str, tuple[float, float]] | None = None) -> None:
    """Region names with the category letter (the second cue) as SVG text, those that fit without overlap.

    Riskier regions are labelled first, so a crowded map keeps the names that matter most.
    """
    points = points if points is not None else boundaries.label_points(collection)
    order = {c: i for i, c in enumerate(RISK_ORDER)}
    categories = frame["category"].tolist()
    has_category = any(c in order for c in categories)

    def priority(row: tuple) -> tuple:   # category (merah first), higher score first, no score last, name
        _, name, category, score = row
        missing = score is None or score != score
        return order.get(category, 9), missing, 0.0 if missing else -score, name

    rows = sorted((r for r in zip(frame["region_code"].tolist(), frame["name"].tolist(), categories,
                                  frame["score"].tolist()) if r[0] in points), key=priority)
    texts = [label_text(name, c) if has_category else name for _, name, c, _ in rows]
    xy = [points[code] for code, *_ in rows]
    keep = fitting_labels(xy, texts, degrees_per_px, font_size)
    draft.trace("scattergeo", lon=[xy[i][0] for i in keep], lat=[xy[i][1] for i in keep], mode="text",
                text=[texts[i] for i in keep], textposition="middle center", hoverinfo="skip", showlegend=False,
                name="labels", textfont={"size": font_size, "color": "#0A0A0A"})


def selected_region(event) -> str | None:
    """The region code of the first clicked polygon in a plotly selection event, if any."""
    try:
        points = event.selection.points
    except AttributeError:
        try:
            points = event["selection"]["points"]
        except (KeyError, TypeError):
            return None
    for point in points or []:
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)) and custom:
            return str(custom[0])
        if point.get("location"):
            return str(point["location"])
    return None


def incident_deck(grid: pd.DataFrame, outline: dict | str, bounds: Bounds | None, cell_deg: float,
                  in_scope: tuple[str, str] | None = None) -> pdk.Deck:
    """Incident density from SQL grid cells as columns over the region outlines, with no base map.

    ``outline``: a FeatureCollection, or the URL of a level's boundary file (:func:`ui.geo.level_url`),
    which the browser fetches once instead of every view carrying the polygons in the deck's JSON.
    ``in_scope``: (feature property, code), e.g. ``("kode_prov", "73")``: the regions of the scope are
    filled, the neighbours the file also holds are drawn as faint outlines only.
    """
    peak = max(int(grid["incidents"].max()), 1) if not grid.empty else 1
    # records from plain lists (pydeck would otherwise turn a DataFrame into them row by row); the colour is
    # an expression the browser evaluates per cell, not a list written into every record
    data = [{"lon": lon, "lat": lat, "incidents": n, "label": fmt.number(n),
             "casualties": f"{fmt.number(d)} / {fmt.number(i)}"}
            for lon, lat, n, d, i in zip(grid["lon"].tolist(), grid["lat"].tolist(), grid["incidents"].tolist(),
                                         grid["deaths"].tolist(), grid["injuries"].tolist())]
    fill, line = [238, 241, 246, 255], [90, 90, 90, 255]
    if in_scope is not None:
        prop, code = in_scope
        if not code.replace(".", "").isdigit() or not prop.replace("_", "").isalpha():
            raise ValueError(f"cakupan peta tidak sah: {prop}={code!r}")
        # deck.gl accessor expressions, evaluated per feature in the browser (the code is digits and dots)
        test = f"properties.{prop} == '{code}'"
        fill, line = f"{test} ? {fill} : [255, 255, 255, 0]", f"{test} ? {line} : [200, 200, 200, 255]"
    outline_layer = pdk.Layer(
        "GeoJsonLayer", outline, stroked=True, filled=True, get_fill_color=fill,
        get_line_color=line, line_width_min_pixels=1, pickable=False,
    )
    cells = pdk.Layer(
        "GridCellLayer", data, get_position=["lon", "lat"], cell_size=cell_deg * 111_000 * 0.9,
        get_fill_color=f"[179, 38, 30, 80 + 175 * incidents / {peak}]", get_elevation="incidents",
        elevation_scale=40_000 * cell_deg / max(peak, 1) * 10,
        extruded=False, pickable=True,
    )
    center = bounds.center if bounds else {"lon": 118.0, "lat": -2.5}
    view = pdk.ViewState(longitude=center["lon"], latitude=center["lat"],
                         zoom=(bounds.zoom(1500, 640) if bounds else 4.0), pitch=0)
    tooltip = {"html": T.MAP_GRID_TOOLTIP, "style": {"fontSize": "16px"}}
    return CompactDeck(layers=[outline_layer, cells], initial_view_state=view, map_provider=None, tooltip=tooltip)


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON has no indentation.

    pydeck indents its JSON, and Python's json module only uses its C encoder without an indent. The
    national incident grid took 11 ms to serialise in pure Python, and the indentation doubled the bytes
    sent. The keys and values are the same as in pydeck's own JSON, in the order they were made (the browser
    reads them by name; sorting them was a fifth of the time).
    """

    def to_json(self) -> str:
        return json.dumps(self, default=default_serialize, separators=(",", ":"))

    def _set_api_keys(self, api_keys: dict | None = None) -> None:
        # pydeck reads base-map keys from the environment (Streamlit sends a Mapbox one to the browser) and, per
        # provider, tries to build its Jupyter widget (an error caught four times: a third of building the deck).
        # These maps have no base map and work offline: no provider key is read, none is ever sent.
        for provider in BaseMapProvider:
            setattr(self, f"{provider.value}_key", None)
