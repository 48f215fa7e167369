"""Maps that work with no internet: plotly ``Choroplethmap`` on the ``white-bg`` style (no tiles,
no glyph server) and pydeck with ``map_provider=None`` (no base map at all).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from domain import fmt
from ui import texts as T
from ui.charts import FONT_SIZE, NO_DATA_COLOUR, RISK_COLOURS, RISK_ORDER, SMALL_FONT, risk_label, style
from ui.geo import Bounds

SEQUENTIAL = "YlOrRd"  # colour-blind-safe sequential scale for scores and indicators


def _hover(frame: pd.DataFrame) -> tuple[list[list[str]], str]:
    # "badge" (e.g. "Merah · 72 %") when the page has it, else the plain category label
    badges = frame["badge"] if "badge" in frame else [risk_label(c) for c in frame["category"]]
    custom = [[code, name, fmt.number(score, 1), badge, driver or "—", value_text]
              for code, name, score, badge, driver, value_text in zip(
                  frame["region_code"], frame["name"], frame["score"], badges,
                  frame["top_driver"], frame["value_text"])]
    template = ("<b>%{customdata[1]}</b><br>" + T.MAP_HOVER_SCORE + ": %{customdata[2]}<br>"
                + T.MAP_HOVER_CATEGORY + ": %{customdata[3]}<br>" + T.MAP_HOVER_DRIVER
                + ": %{customdata[4]}%{customdata[5]}<extra></extra>")
    return custom, template


def choropleth(collection: dict, frame: pd.DataFrame, *, mode: str, bounds: Bounds | None,
               value_title: str = "", height: int = 760, width_px: int = 1000) -> go.Figure:
    """Regions coloured by risk category (one trace per category, labelled in the legend) or by a value.

    ``frame``: region_code, name, score, category, top_driver, value (for ``mode="value"``),
    value_text (extra hover line, may be ""). The region code is ``customdata[0]`` of every point,
    so a click selection tells which region was chosen.
    """
    fig = go.Figure()
    if mode == "category":
        for category in (*RISK_ORDER, None):
            part = frame[frame["category"] == category] if category else frame[~frame["category"].isin(RISK_ORDER)]
            if part.empty:
                continue
            colour = RISK_COLOURS.get(category, NO_DATA_COLOUR) if category else NO_DATA_COLOUR
            custom, template = _hover(part)
            fig.add_trace(go.Choroplethmap(
                geojson=collection, locations=part["region_code"], z=[1] * len(part),
                colorscale=[[0, colour], [1, colour]], showscale=False, name=f"{risk_label(category)} ({len(part)})",
                showlegend=True, marker={"line": {"color": "#FFFFFF", "width": 1.5}, "opacity": 0.9},
                customdata=custom, hovertemplate=template,
            ))
    else:
        custom, template = _hover(frame)
        fig.add_trace(go.Choroplethmap(
            geojson=collection, locations=frame["region_code"], z=frame["value"], colorscale=SEQUENTIAL,
            marker={"line": {"color": "#FFFFFF", "width": 1.5}, "opacity": 0.9},
            colorbar={"title": {"text": value_title, "font": {"size": SMALL_FONT}},
                      "tickfont": {"size": SMALL_FONT}, "len": 0.8, "thickness": 24},
            customdata=custom, hovertemplate=template, showlegend=False,
        ))
    center = bounds.center if bounds else {"lon": 118.0, "lat": -2.5}
    zoom = bounds.zoom(width_px - (120 if mode != "category" else 0), height) if bounds else 4.0
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom},
                      clickmode="event+select", dragmode=False)
    style(fig, height=height)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      legend={"orientation": "v", "y": 0.98, "x": 0.01, "yanchor": "top", "xanchor": "left",
                              "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": "#333333", "borderwidth": 1,
                              "font": {"size": FONT_SIZE}})
    return fig


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


def incident_deck(grid: pd.DataFrame, outline: dict, bounds: Bounds | None, cell_deg: float) -> pdk.Deck:
    """Incident density from SQL grid cells as columns over the region outlines, with no base map."""
    peak = max(int(grid["incidents"].max()), 1) if not grid.empty else 1
    data = grid.assign(
        fill=[[179, 38, 30, int(80 + 175 * n / peak)] for n in grid["incidents"]],
        label=[fmt.number(n) for n in grid["incidents"]],
        casualties=[f"{fmt.number(d)} / {fmt.number(i)}" for d, i in zip(grid["deaths"], grid["injuries"])],
    )
    outline_layer = pdk.Layer(
        "GeoJsonLayer", outline, stroked=True, filled=True, get_fill_color=[238, 241, 246, 255],
        get_line_color=[90, 90, 90, 255], line_width_min_pixels=1, pickable=False,
    )
    cells = pdk.Layer(
        "GridCellLayer", data, get_position=["lon", "lat"], cell_size=cell_deg * 111_000 * 0.9,
        get_fill_color="fill", get_elevation="incidents", elevation_scale=40_000 * cell_deg / max(peak, 1) * 10,
        extruded=False, pickable=True,
    )
    center = bounds.center if bounds else {"lon": 118.0, "lat": -2.5}
    view = pdk.ViewState(longitude=center["lon"], latitude=center["lat"],
                         zoom=(bounds.zoom(1500, 640) if bounds else 4.0), pitch=0)
    tooltip = {"html": T.MAP_GRID_TOOLTIP, "style": {"fontSize": "16px"}}
    return pdk.Deck(layers=[outline_layer, cells], initial_view_state=view, map_provider=None, tooltip=tooltip)
